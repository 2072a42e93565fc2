/**
 * Raw records of every table a source reads, mapped (row-mapping.ts, class-row-mapping.ts) and
 * gathered into one SourceRows: the one path from records to rows for files, Oracle and REST,
 * so that all three give the same rows and the same issues.
 */
import { ErrorCodes, RollcallError } from '../errors.js';
import type { ClassRows } from './class-rows.js';
import {
  mapCourseRow,
  mapEnrollmentRow,
  mapRoleRow,
  mapSectionRow,
  mapSectionTeacherRow,
  mapTermRow,
} from './class-row-mapping.js';
import { ClassWindowFilter } from './class-window.js';
import type { RowMapping } from './field-reader.js';
import type { PowerSchoolTable, TableSelection } from './tables.js';
import { mapSchoolRow, mapSchoolStaffRow, mapStudentRow, mapUserRow } from './row-mapping.js';
import type { RowOrigin, SourceIssue, SourceRows } from './rows.js';

export class RowBuilder {
  readonly rows: SourceRows;
  private readonly classes: ClassRows | undefined;
  private readonly window: ClassWindowFilter | undefined;

  constructor(selection: TableSelection) {
    this.rows = { schools: [], students: [], users: [], schoolStaff: [], issues: [] };
    if (selection.classes !== null) {
      this.classes = { sections: [], courses: [], terms: [], enrollments: [], sectionTeachers: [], roles: [] };
      this.rows.classes = this.classes;
      this.window = new ClassWindowFilter(selection.classes);
    }
  }

  /** Maps one record of `table`: its row is kept (unless outside the class window), its issues listed. */
  add(table: PowerSchoolTable, record: Record<string, unknown>, origin: RowOrigin): void {
    const rows = this.rows;
    switch (table) {
      case 'schools':
        return this.keep(mapSchoolRow(record, origin), rows.schools);
      case 'students':
        return this.keep(mapStudentRow(record, origin), rows.students);
      case 'users':
        return this.keep(mapUserRow(record, origin), rows.users);
      case 'schoolstaff':
        return this.keep(mapSchoolStaffRow(record, origin, this.classes !== undefined), rows.schoolStaff);
    }
    const classes = this.classes;
    const window = this.window;
    if (classes === undefined || window === undefined) {
      throw new RollcallError(ErrorCodes.INTERNAL, `a ${table} record arrived, but the class tables were not asked for`);
    }
    switch (table) {
      case 'sections':
        return this.keep(mapSectionRow(record, origin), classes.sections, (row) => window.section(row));
      case 'courses':
        return this.keep(mapCourseRow(record, origin), classes.courses);
      case 'terms':
        return this.keep(mapTermRow(record, origin), classes.terms, (row) => window.term(row));
      case 'cc':
        return this.keep(mapEnrollmentRow(record, origin), classes.enrollments, (row) => window.enrollment(row));
      case 'sectionteacher':
        return this.keep(mapSectionTeacherRow(record, origin), classes.sectionTeachers, (row) => window.sectionTeacher(row));
      case 'roledef':
        return this.keep(mapRoleRow(record, origin), classes.roles);
    }
  }

  issue(issue: SourceIssue): void {
    this.rows.issues.push(issue);
  }

  private keep<T>(mapped: RowMapping<T>, into: T[], inWindow?: (row: T) => boolean): void {
    if (mapped.row !== undefined && (inWindow === undefined || inWindow(mapped.row))) into.push(mapped.row);
    for (const issue of mapped.issues) this.rows.issues.push(issue);
  }
}
