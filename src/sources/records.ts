/**
 * Sources that read PowerSchool tables record by record (Oracle, REST) share one path to typed
 * rows: they hand each raw record to a sink, and the RowCollector maps it with row-mapping.ts.
 * The same records can go to a CSV writer instead (`export-source`), so an export holds what
 * PowerSchool said, faults included, and replays the same rows and issues offline.
 */
import {
  SCHOOLSTAFF_COLUMNS,
  SCHOOL_COLUMNS,
  STUDENT_COLUMNS,
  USER_COLUMNS,
  mapSchoolRow,
  mapSchoolStaffRow,
  mapStudentRow,
  mapUserRow,
} from './row-mapping.js';
import type { PowerSchoolSource, RowOrigin, SourceIssue, SourceRows } from './rows.js';

/** The tables rollcall reads, in the order every source reads them. */
export const POWERSCHOOL_TABLES = ['schools', 'students', 'users', 'schoolstaff'] as const;
export type PowerSchoolTable = (typeof POWERSCHOOL_TABLES)[number];

/** Each table's columns, in the order `export-source` writes them (the file source's headers). */
export const TABLE_COLUMNS: Readonly<Record<PowerSchoolTable, readonly string[]>> = {
  schools: SCHOOL_COLUMNS,
  students: STUDENT_COLUMNS,
  users: USER_COLUMNS,
  schoolstaff: SCHOOLSTAFF_COLUMNS,
};

/** Receives what a source reads, table by table in POWERSCHOOL_TABLES order. */
export interface RecordSink {
  /** One raw record: column name -> value as the source gives it. May wait (a file being written). */
  record(table: PowerSchoolTable, record: Record<string, unknown>): void | Promise<void>;
  /** A problem with the read itself rather than with one record (a table that changed mid-read). */
  issue(issue: SourceIssue): void;
}

/** A source that can hand over raw records, not only typed rows. */
export interface RecordSource extends PowerSchoolSource {
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
  private readonly rows: SourceRows = { schools: [], students: [], users: [], schoolStaff: [], issues: [] };
  private readonly next: Record<PowerSchoolTable, number> = { schools: 2, students: 2, users: 2, schoolstaff: 2 };

  /** `originFile` names a table in issues and origins, e.g. STUDENTS for Oracle. */
  constructor(private readonly originFile: (table: PowerSchoolTable) => string) {}

  record(table: PowerSchoolTable, record: Record<string, unknown>): void {
    const origin: RowOrigin = { file: this.originFile(table), row: this.next[table]++ };
    switch (table) {
      case 'schools':
        return this.keep(mapSchoolRow(record, origin), this.rows.schools);
      case 'students':
        return this.keep(mapStudentRow(record, origin), this.rows.students);
      case 'users':
        return this.keep(mapUserRow(record, origin), this.rows.users);
      case 'schoolstaff':
        return this.keep(mapSchoolStaffRow(record, origin), this.rows.schoolStaff);
    }
  }

  issue(issue: SourceIssue): void {
    this.rows.issues.push(issue);
  }

  result(): SourceRows {
    return this.rows;
  }

  private keep<T>(mapped: { row?: T; issues: SourceIssue[] }, into: T[]): void {
    if (mapped.row !== undefined) into.push(mapped.row);
    for (const issue of mapped.issues) this.rows.issues.push(issue);
  }
}

/** Typed rows from a record source: the `read()` of every record source. */
export async function readRows(source: RecordSource, originFile: (table: PowerSchoolTable) => string): Promise<SourceRows> {
  const collector = new RowCollector(originFile);
  await source.readRecords(collector);
  return collector.result();
}
