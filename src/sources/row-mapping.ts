/**
 * From a raw PowerSchool record to the typed rows of rows.ts, shared by every source so that a
 * file export, an Oracle query and a REST table query give the same rows and the same issues.
 * A record maps column names to values as each source hands them over: CSV text, Oracle
 * numbers and nulls under UPPERCASE keys, REST strings under lowercase keys. Column names are
 * matched case-insensitively.
 *
 * A row that cannot be mapped is not fatal: it comes back with no row and the issues that say
 * why (all of them, so one pass over an export shows every fault), and the plan lists them.
 */
import { orgUnitNameProblem } from '../config/org-unit-names.js';
import type { RowOrigin, SchoolRow, SchoolStaffRow, SourceIssue, StaffUserRow, StudentRow } from './rows.js';

/** Columns of each table, in the order `export-source` writes them. */
export const SCHOOL_COLUMNS = ['SCHOOL_NUMBER', 'NAME', 'ABBREVIATION', 'STATE_EXCLUDEFROMREPORTING'] as const;
export const STUDENT_COLUMNS = [
  'DCID',
  'ID',
  'STUDENT_NUMBER',
  'FIRST_NAME',
  'MIDDLE_NAME',
  'LAST_NAME',
  'GRADE_LEVEL',
  'SCHOOLID',
  'ENROLL_STATUS',
  'CLASSOF',
] as const;
export const USER_COLUMNS = [
  'DCID',
  'EMAIL_ADDR',
  'FIRST_NAME',
  'LAST_NAME',
  'TEACHERNUMBER',
  'HOMESCHOOLID',
  'GROUPVALUE',
  'CELLPHONE',
] as const;
export const SCHOOLSTAFF_COLUMNS = ['USERS_DCID', 'SCHOOLID', 'STATUS', 'STAFFSTATUS'] as const;

/**
 * Columns a source may leave out altogether (they map to ''): CELLPHONE lives in a district's
 * own custom table, and many exports have no middle name. Every other column must be present,
 * even where its value may be empty, because a misspelt FIRST_NAME header would otherwise
 * quietly blank every name.
 */
export const OPTIONAL_COLUMNS: ReadonlySet<string> = new Set(['MIDDLE_NAME', 'CELLPHONE']);

/** Issue codes for rows left out; stable, for tests and for the plan. */
export const RowIssueCodes = {
  /** A required value is empty (or null). */
  MISSING_VALUE: 'ROW_MISSING_VALUE',
  /** A value that must be a whole number is not one. */
  BAD_NUMBER: 'ROW_BAD_NUMBER',
  /** A value of the wrong kind: a flag that is neither 0/1 nor true/false, an object... */
  BAD_VALUE: 'ROW_BAD_VALUE',
  /** A CSV record with more or fewer fields than its header. */
  FIELD_COUNT: 'ROW_FIELD_COUNT',
  /** A school name or abbreviation that cannot name an org unit (a "/", "..", a control character). */
  BAD_ORG_UNIT_NAME: 'ROW_BAD_ORG_UNIT_NAME',
} as const;

/** The result of mapping one record: a row when it maps, and the issues found either way. */
export interface RowMapping<T> {
  row?: T;
  issues: SourceIssue[];
}

export function mapSchoolRow(record: Record<string, unknown>, origin: RowOrigin): RowMapping<SchoolRow> {
  const r = new FieldReader(record, origin);
  const schoolNumber = r.integer('SCHOOL_NUMBER', true);
  // Both can name the building OU (buildingOu.from): either must be a name an org unit can have.
  const name = r.orgUnitName('NAME');
  const abbreviation = r.orgUnitName('ABBREVIATION');
  const excludedFromStateReporting = r.flag('STATE_EXCLUDEFROMREPORTING');
  if (r.issues.length > 0) return { issues: r.issues };
  return { row: { origin, schoolNumber: schoolNumber!, name, abbreviation, excludedFromStateReporting }, issues: [] };
}

export function mapStudentRow(record: Record<string, unknown>, origin: RowOrigin): RowMapping<StudentRow> {
  const r = new FieldReader(record, origin);
  const dcid = r.key('DCID', true);
  const id = r.key('ID', false);
  const studentNumber = r.key('STUDENT_NUMBER', true);
  const firstName = r.text('FIRST_NAME');
  const middleName = r.text('MIDDLE_NAME');
  const lastName = r.text('LAST_NAME');
  const gradeLevel = r.integer('GRADE_LEVEL', true);
  const schoolId = r.integer('SCHOOLID', true);
  const enrollStatus = r.integer('ENROLL_STATUS', true);
  const classOf = r.integer('CLASSOF', false);
  if (r.issues.length > 0) return { issues: r.issues };
  return {
    row: {
      origin,
      dcid,
      id,
      studentNumber,
      firstName,
      middleName,
      lastName,
      gradeLevel: gradeLevel!,
      schoolId: schoolId!,
      enrollStatus: enrollStatus!,
      // PowerSchool stores 0 for "not set"; no real class graduates in year 0.
      classOf: classOf === undefined || classOf === 0 ? null : classOf,
    },
    issues: [],
  };
}

export function mapUserRow(record: Record<string, unknown>, origin: RowOrigin): RowMapping<StaffUserRow> {
  const r = new FieldReader(record, origin);
  const dcid = r.key('DCID', true);
  const email = r.text('EMAIL_ADDR');
  const firstName = r.text('FIRST_NAME');
  const lastName = r.text('LAST_NAME');
  const teacherNumber = r.text('TEACHERNUMBER');
  const homeSchoolId = r.integer('HOMESCHOOLID', false);
  const groupValue = r.text('GROUPVALUE');
  const cellPhone = r.text('CELLPHONE');
  if (r.issues.length > 0) return { issues: r.issues };
  return {
    row: {
      origin,
      dcid,
      email,
      firstName,
      lastName,
      teacherNumber,
      // PowerSchool's own default: 0 is the district office.
      homeSchoolId: homeSchoolId ?? 0,
      groupValue,
      cellPhone,
    },
    issues: [],
  };
}

export function mapSchoolStaffRow(record: Record<string, unknown>, origin: RowOrigin): RowMapping<SchoolStaffRow> {
  const r = new FieldReader(record, origin);
  const usersDcid = r.key('USERS_DCID', true);
  const schoolId = r.integer('SCHOOLID', true);
  const status = r.integer('STATUS', true);
  const staffStatus = r.integer('STAFFSTATUS', false);
  if (r.issues.length > 0) return { issues: r.issues };
  return {
    // An empty STAFFSTATUS means what 0 means: not assigned.
    row: { origin, usersDcid, schoolId: schoolId!, status: status!, staffStatus: staffStatus ?? 0 },
    issues: [],
  };
}

/** Whole numbers as text: "-1", "0012", and "12.0" as Oracle exports write integers. */
const INTEGER_TEXT = /^-?\d+(?:\.0+)?$/;

/** Reads one record's fields, collecting an issue for each value that does not fit. */
class FieldReader {
  readonly issues: SourceIssue[] = [];

  constructor(
    private readonly record: Record<string, unknown>,
    private readonly origin: RowOrigin,
  ) {}

  /** Trimmed text; null, undefined and missing columns read as ''. */
  text(column: string): string {
    const value = lookup(this.record, column);
    if (value === null || value === undefined) return '';
    if (typeof value === 'string') return value.trim();
    if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
    this.issue(RowIssueCodes.BAD_VALUE, column, `${column} is ${describeValue(value)}, expected text or a number`);
    return '';
  }

  /** Text that becomes part of an org unit's name: no "/", not "." or "..", no control characters. */
  orgUnitName(column: string): string {
    const text = this.text(column);
    const problem = orgUnitNameProblem(text);
    if (problem !== undefined) {
      this.issue(RowIssueCodes.BAD_ORG_UNIT_NAME, column, `${column} ${JSON.stringify(text)} ${problem}; the school is left out (its people are left alone) until it is fixed in PowerSchool`);
    }
    return text;
  }

  /**
   * An identifier kept as text (DCID, STUDENT_NUMBER...). They are NUMBER columns in Oracle, so
   * "12.0" from an export is written "12": USERS_DCID must match the DCID it points at.
   */
  key(column: string, required: boolean): string {
    const text = this.text(column);
    if (text === '') {
      if (required) this.missing(column);
      return text;
    }
    return INTEGER_TEXT.test(text) && text.includes('.') ? text.slice(0, text.indexOf('.')) : text;
  }

  /** A whole number; undefined when empty (an issue too when required) or not a whole number. */
  integer(column: string, required: boolean): number | undefined {
    const value = lookup(this.record, column);
    if (typeof value === 'number') {
      if (Number.isSafeInteger(value)) return value || 0;
      this.badNumber(column, String(value));
      return undefined;
    }
    const text = this.text(column);
    if (text === '') {
      if (required) this.missing(column);
      return undefined;
    }
    const parsed = parseInteger(text);
    if (parsed === undefined) this.badNumber(column, text);
    return parsed;
  }

  /** A 0/1 flag (true/false accepted); empty reads as false. */
  flag(column: string): boolean {
    const value = lookup(this.record, column);
    if (typeof value === 'boolean') return value;
    const text = this.text(column).toLowerCase();
    if (text === '' || text === 'false') return false;
    if (text === 'true') return true;
    const parsed = parseInteger(text);
    if (parsed === 0 || parsed === 1) return parsed === 1;
    this.issue(RowIssueCodes.BAD_VALUE, column, `${column} is "${text}", expected 1 or 0 (or true or false)`);
    return false;
  }

  private missing(column: string): void {
    this.issue(RowIssueCodes.MISSING_VALUE, column, `${column} is empty`);
  }

  private badNumber(column: string, text: string): void {
    this.issue(RowIssueCodes.BAD_NUMBER, column, `${column} is "${text}", not a whole number`);
  }

  private issue(code: string, field: string, what: string): void {
    const { file, row } = this.origin;
    this.issues.push({ severity: 'error', code, file, row, field, message: `${file} row ${row}: ${what}` });
  }
}

function parseInteger(text: string): number | undefined {
  if (!INTEGER_TEXT.test(text)) return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n || 0 : undefined;
}

/** The value under `column`, whatever the case of the record's keys. */
export function lookup(record: Record<string, unknown>, column: string): unknown {
  const exact = record[column];
  if (exact !== undefined || Object.hasOwn(record, column)) return exact;
  const lower = column.toLowerCase();
  if (Object.hasOwn(record, lower)) return record[lower];
  for (const key of Object.keys(record)) {
    if (key.toUpperCase() === column) return record[key];
  }
  return undefined;
}

function describeValue(value: unknown): string {
  if (value instanceof Date) return 'a date';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
