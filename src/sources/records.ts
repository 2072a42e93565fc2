/**
 * Sources that read PowerSchool tables record by record (Oracle, REST) share one path to typed
 * rows: they hand each raw record to a sink, and the RowCollector maps it (row-builder.ts). The
 * same records can go to a CSV writer instead (`export-source`), so an export holds what
 * PowerSchool said, faults included, and replays the same rows and issues offline.
 */
import {
  CC_COLUMNS,
  COURSE_COLUMNS,
  ROLEDEF_COLUMNS,
  SECTIONTEACHER_COLUMNS,
  SECTION_COLUMNS,
  TERM_COLUMNS,
} from './class-row-mapping.js';
import { RowBuilder } from './row-builder.js';
import { SCHOOLSTAFF_COLUMNS, SCHOOLSTAFF_ID, SCHOOL_COLUMNS, STUDENT_COLUMNS, USER_COLUMNS } from './row-mapping.js';
import type { PowerSchoolSource, RowOrigin, SourceIssue, SourceRows } from './rows.js';
import { CLASS_TABLES, POWERSCHOOL_TABLES, type PowerSchoolTable, type TableSelection } from './tables.js';

export { CLASS_TABLES, POWERSCHOOL_TABLES, ACCOUNT_TABLES_ONLY } from './tables.js';
export type { AccountTable, ClassTable, PowerSchoolTable, TableSelection } from './tables.js';

/** Each table's columns, in the order `export-source` writes them (the file source's headers). */
export const TABLE_COLUMNS: Readonly<Record<PowerSchoolTable, readonly string[]>> = {
  schools: SCHOOL_COLUMNS,
  students: STUDENT_COLUMNS,
  users: USER_COLUMNS,
  schoolstaff: SCHOOLSTAFF_COLUMNS,
  sections: SECTION_COLUMNS,
  courses: COURSE_COLUMNS,
  terms: TERM_COLUMNS,
  cc: CC_COLUMNS,
  sectionteacher: SECTIONTEACHER_COLUMNS,
  roledef: ROLEDEF_COLUMNS,
};

/** Each table's file in a directory of CSV files (the file source's and `export-source`'s): its name, lower case. */
export const tableFileName = (table: PowerSchoolTable): string => `${table}.csv`;


/** The tables a run reads, in reading order. */
export function tablesRead(selection: TableSelection): PowerSchoolTable[] {
  return selection.classes === null ? [...POWERSCHOOL_TABLES] : [...POWERSCHOOL_TABLES, ...CLASS_TABLES];
}

/** The columns read of `table`: SCHOOLSTAFF gains its ID (first) when classes are read. */
export function columnsRead(table: PowerSchoolTable, selection: TableSelection): readonly string[] {
  const columns = TABLE_COLUMNS[table];
  return table === 'schoolstaff' && selection.classes !== null ? [SCHOOLSTAFF_ID, ...columns] : columns;
}

/** Receives what a source reads, table by table in tablesRead order. */
export interface RecordSink {
  /** One raw record: column name -> value as the source gives it. May wait (a file being written). */
  record(table: PowerSchoolTable, record: Record<string, unknown>): void | Promise<void>;
  /** A problem with the read itself rather than with one record (a table that changed mid-read). */
  issue(issue: SourceIssue): void;
}

/** A source that can hand over raw records, not only typed rows. */
export interface RecordSource extends PowerSchoolSource {
  /** What it reads: the account tables, and the class tables when asked for. */
  readonly selection: TableSelection;
  readRecords(sink: RecordSink): Promise<void>;
}

export function isRecordSource(source: PowerSchoolSource): source is RecordSource {
  return typeof (source as Partial<RecordSource>).readRecords === 'function';
}

/**
 * Maps records to typed rows as they arrive. Rows are numbered as lines of the `export-source`
 * file for the table (header line 1, first record 2), so an issue found in a live read points
 * at the same line of tonight's export (as long as no value holds a line break).
 */
export class RowCollector implements RecordSink {
  private readonly builder: RowBuilder;
  private readonly next = new Map<PowerSchoolTable, number>();

  /** `originFile` names a table in issues and origins, e.g. STUDENTS for Oracle. */
  constructor(
    private readonly originFile: (table: PowerSchoolTable) => string,
    selection: TableSelection,
  ) {
    this.builder = new RowBuilder(selection);
  }

  record(table: PowerSchoolTable, record: Record<string, unknown>): void {
    const row = this.next.get(table) ?? 2;
    this.next.set(table, row + 1);
    const origin: RowOrigin = { file: this.originFile(table), row };
    this.builder.add(table, record, origin);
  }

  issue(issue: SourceIssue): void {
    this.builder.issue(issue);
  }

  result(): SourceRows {
    return this.builder.rows;
  }
}

/** Typed rows from a record source: the `read()` of every record source. */
export async function readRows(source: RecordSource, originFile: (table: PowerSchoolTable) => string): Promise<SourceRows> {
  const collector = new RowCollector(originFile, source.selection);
  await source.readRecords(collector);
  return collector.result();
}
