/**
 * PowerSchool rows as every source (exported files, Oracle, REST) hands them to the rules:
 * typed, trimmed, and each tagged with where it came from so that a validation issue can name
 * the file and row. Column names follow the Oracle query results (SCHOOLS.SCHOOL_NUMBER ...).
 */
import type { ClassRows } from './class-rows.js';
import type { RowOrigin } from './row-origin.js';

export type { RowOrigin } from './row-origin.js';

export interface SchoolRow {
  origin: RowOrigin;
  schoolNumber: number;
  name: string;
  abbreviation: string;
  /** STATE_EXCLUDEFROMREPORTING: true when the school is excluded from state reporting. */
  excludedFromStateReporting: boolean;
}

export interface StudentRow {
  origin: RowOrigin;
  dcid: string;
  id: string;
  studentNumber: string;
  firstName: string;
  middleName: string;
  lastName: string;
  gradeLevel: number;
  schoolId: number;
  enrollStatus: number;
  classOf: number | null;
}

export interface StaffUserRow {
  origin: RowOrigin;
  dcid: string;
  email: string;
  firstName: string;
  lastName: string;
  teacherNumber: string;
  homeSchoolId: number;
  groupValue: string;
  cellPhone: string;
}

export interface SchoolStaffRow {
  origin: RowOrigin;
  usersDcid: string;
  schoolId: number;
  /** SCHOOLSTAFF.STATUS: 1 = active. */
  status: number;
  /** SCHOOLSTAFF.STAFFSTATUS: 0 not assigned, 1 teacher, 2 staff, 3 lunch staff, 4 substitute. */
  staffStatus: number;
  /**
   * SCHOOLSTAFF.ID, what SECTIONS.TEACHER and SECTIONTEACHER.TEACHERID hold: the link from a
   * class to the USERS row (through USERS_DCID). Read only with the class tables, so a district
   * that syncs no class groups needs neither the column nor access to it.
   */
  id?: string;
}

/** A problem with one source row: it is listed in the plan and the row is left out. */
export interface SourceIssue {
  severity: 'error' | 'warning';
  code: string;
  file: string;
  row?: number;
  field?: string;
  message: string;
}

/** Everything a source returns for one run. */
export interface SourceRows {
  schools: SchoolRow[];
  students: StudentRow[];
  users: StaffUserRow[];
  schoolStaff: SchoolStaffRow[];
  /** The class tables (class-rows.ts), present only when they were asked for (powerschool.classes). */
  classes?: ClassRows;
  /** Row-level problems found while mapping (unparseable numbers, missing keys...). */
  issues: SourceIssue[];
}

/** The interface every PowerSchool source implements: one folder each under sources/. */
export interface PowerSchoolSource {
  /** A short name for messages: "files fixtures/powerschool", "oracle psdb:1521/PSPRODDB". */
  readonly description: string;
  read(): Promise<SourceRows>;
}
