/** The statements an Oracle read runs, one per table, each with its binds. */
import type { OracleStudentFilter } from '../../config/types.js';
import { ErrorCodes, RollcallError } from '../../errors.js';
import { firstTermId, type ClassWindow } from '../class-window.js';
import type { CellPhoneColumn } from '../identifiers.js';
import type { PowerSchoolTable } from '../records.js';
import { CC_SQL } from './cc.sql.js';
import { NUMBER_BIND_TYPE, type OracleBind } from './connection.js';
import { COURSES_SQL } from './courses.sql.js';
import { ROLEDEF_SQL } from './roledef.sql.js';
import { SCHOOLSTAFF_SQL } from './schoolstaff.sql.js';
import { SCHOOLS_SQL } from './schools.sql.js';
import { SECTIONS_SQL } from './sections.sql.js';
import { SECTIONTEACHER_SQL } from './sectionteacher.sql.js';
import { STUDENTS_SQL, STUDENT_SCHOOL_SLOTS, STUDENT_STATUS_SLOTS, bindSlots } from './students.sql.js';
import { TERMS_SQL } from './terms.sql.js';
import { usersSql } from './users.sql.js';

export interface OracleQuery {
  table: PowerSchoolTable;
  sql: string;
  binds: Record<string, OracleBind>;
  /** The database tables the statement reads, for "table or view does not exist" messages. */
  reads: string[];
}

export interface OracleQueryOptions {
  cellPhone: CellPhoneColumn | null;
  studentFilter?: OracleStudentFilter;
  /** The class tables' window; null: the class tables are not read. */
  classes: ClassWindow | null;
}

export function oracleQueries(options: OracleQueryOptions): OracleQuery[] {
  const { cellPhone, studentFilter, classes } = options;
  const accounts: OracleQuery[] = [
    { table: 'schools', sql: SCHOOLS_SQL, binds: {}, reads: ['SCHOOLS'] },
    { table: 'students', sql: STUDENTS_SQL, binds: studentBinds(studentFilter ?? {}), reads: ['STUDENTS'] },
    {
      table: 'users',
      sql: usersSql(cellPhone),
      binds: {},
      reads: cellPhone === null ? ['USERS'] : ['USERS', cellPhone.table.toUpperCase()],
    },
    { table: 'schoolstaff', sql: SCHOOLSTAFF_SQL, binds: {}, reads: ['SCHOOLSTAFF'] },
  ];
  return classes === null ? accounts : [...accounts, ...classQueries(classes)];
}

/** The class tables' statements, in CLASS_TABLES order, bound to the window. */
function classQueries(window: ClassWindow): OracleQuery[] {
  const fromTerm = { from_term_id: number(firstTermId(window)) };
  return [
    { table: 'sections', sql: SECTIONS_SQL, binds: fromTerm, reads: ['SECTIONS'] },
    { table: 'courses', sql: COURSES_SQL, binds: {}, reads: ['COURSES'] },
    { table: 'terms', sql: TERMS_SQL, binds: { from_year_id: number(window.fromYearId) }, reads: ['TERMS'] },
    { table: 'cc', sql: CC_SQL, binds: fromTerm, reads: ['CC'] },
    { table: 'sectionteacher', sql: SECTIONTEACHER_SQL, binds: fromTerm, reads: ['SECTIONTEACHER', 'SECTIONS'] },
    { table: 'roledef', sql: ROLEDEF_SQL, binds: {}, reads: ['ROLEDEF'] },
  ];
}

const number = (val: number | null): OracleBind => ({ type: NUMBER_BIND_TYPE, val });

/** Binds for STUDENTS_SQL: a switch per filter and every slot bound, unused ones to NULL. */
export function studentBinds(filter: OracleStudentFilter): Record<string, OracleBind> {
  const schools = filter.schools ?? [];
  const statuses = filter.enrollStatuses ?? [];
  // The schema caps both lists; a longer list from code would silently drop values, so refuse it.
  if (schools.length > STUDENT_SCHOOL_SLOTS || statuses.length > STUDENT_STATUS_SLOTS) {
    throw new RollcallError(
      ErrorCodes.POWERSCHOOL,
      `powerschool.oracle.studentFilter lists at most ${STUDENT_SCHOOL_SLOTS} schools and ${STUDENT_STATUS_SLOTS} enroll statuses`,
    );
  }
  const binds: Record<string, OracleBind> = {
    school_filter: number(schools.length > 0 ? 1 : 0),
    grade_filter: number(filter.gradeLevels ? 1 : 0),
    grade_min: number(filter.gradeLevels ? (filter.gradeLevels.min ?? -99) : null),
    grade_max: number(filter.gradeLevels ? (filter.gradeLevels.max ?? 99) : null),
    status_filter: number(statuses.length > 0 ? 1 : 0),
  };
  bindSlots('school', STUDENT_SCHOOL_SLOTS).forEach((name, i) => (binds[name] = number(schools[i] ?? null)));
  bindSlots('status', STUDENT_STATUS_SLOTS).forEach((name, i) => (binds[name] = number(statuses[i] ?? null)));
  return binds;
}
