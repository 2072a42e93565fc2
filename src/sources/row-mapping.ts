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
import { FieldReader, NO_ISSUES, type RowMapping } from './field-reader.js';
import type { RowOrigin, SchoolRow, SchoolStaffRow, StaffUserRow, StudentRow } from './rows.js';

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
/** SCHOOLSTAFF.ID, read (first) with the class tables only: what a class names its teachers by. */
export const SCHOOLSTAFF_ID = 'ID';

/**
 * Columns a source may leave out altogether (they map to ''): CELLPHONE lives in a district's
 * own custom table, and many exports have no middle name. Every other column must be present,
 * even where its value may be empty, because a misspelt FIRST_NAME header would otherwise
 * quietly blank every name.
 */
export const OPTIONAL_COLUMNS: ReadonlySet<string> = new Set(['MIDDLE_NAME', 'CELLPHONE']);

export function mapSchoolRow(record: Record<string, unknown>, origin: RowOrigin): RowMapping<SchoolRow> {
  const r = new FieldReader(record, origin);
  const schoolNumber = r.integer('SCHOOL_NUMBER', true);
  // Both can name the building OU (buildingOu.from): either must be a name an org unit can have.
  const name = r.orgUnitName('NAME');
  const abbreviation = r.orgUnitName('ABBREVIATION');
  const excludedFromStateReporting = r.flag('STATE_EXCLUDEFROMREPORTING');
  if (r.issues.length > 0) return { issues: r.issues };
  return { row: { origin, schoolNumber: schoolNumber!, name, abbreviation, excludedFromStateReporting }, issues: NO_ISSUES };
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
    issues: NO_ISSUES,
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
    issues: NO_ISSUES,
  };
}

/** `withId`: read SCHOOLSTAFF.ID too (required then), as a district reading the class tables does. */
export function mapSchoolStaffRow(record: Record<string, unknown>, origin: RowOrigin, withId = false): RowMapping<SchoolStaffRow> {
  const r = new FieldReader(record, origin);
  const id = withId ? r.key(SCHOOLSTAFF_ID, true) : undefined;
  const usersDcid = r.key('USERS_DCID', true);
  const schoolId = r.integer('SCHOOLID', true);
  const status = r.integer('STATUS', true);
  const staffStatus = r.integer('STAFFSTATUS', false);
  if (r.issues.length > 0) return { issues: r.issues };
  // An empty STAFFSTATUS means what 0 means: not assigned.
  const row: SchoolStaffRow = { origin, usersDcid, schoolId: schoolId!, status: status!, staffStatus: staffStatus ?? 0 };
  // Only set when read: a row without the key digests as it always has.
  if (id !== undefined) row.id = id;
  return { row, issues: NO_ISSUES };
}
