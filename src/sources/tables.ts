/**
 * The PowerSchool tables a run reads and how a run chooses them: on their own so that the row
 * builder and the record sources (records.ts, which re-exports them) can both name them.
 */
import type { ClassWindow } from './class-window.js';

/** The tables every district reads, in the order every source reads them. */
export const POWERSCHOOL_TABLES = ['schools', 'students', 'users', 'schoolstaff'] as const;
/**
 * The class tables, read after those only when asked for, in this order (sections before their
 * teachers: the class window keeps a SECTIONTEACHER row when it kept its section).
 */
export const CLASS_TABLES = ['sections', 'courses', 'terms', 'cc', 'sectionteacher', 'roledef'] as const;
export type AccountTable = (typeof POWERSCHOOL_TABLES)[number];
export type ClassTable = (typeof CLASS_TABLES)[number];
export type PowerSchoolTable = AccountTable | ClassTable;

/** What a run reads besides the account tables. */
export interface TableSelection {
  /** The class tables, and SCHOOLSTAFF.ID, for the school years of this window; null: not read. */
  classes: ClassWindow | null;
}

/** A district that syncs no class groups: the four account tables, as before classes existed. */
export const ACCOUNT_TABLES_ONLY: TableSelection = { classes: null };
