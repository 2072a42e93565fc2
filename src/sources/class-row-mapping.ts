/**
 * The class tables' records as typed rows (class-rows.ts), shared by every source as
 * row-mapping.ts is for the account tables. Only a record's own values are checked here: a
 * section naming a course or term that no row holds is for the rules to report, not a bad row.
 */
import type { CourseRow, EnrollmentRow, RoleRow, SectionRow, SectionTeacherRow, TermRow } from './class-rows.js';
import { FieldReader, NO_ISSUES, type RowMapping } from './field-reader.js';
import type { RowOrigin } from './rows.js';

/** Columns of each class table, in the order `export-source` writes them. */
export const SECTION_COLUMNS = ['ID', 'SCHOOLID', 'COURSE_NUMBER', 'SECTION_NUMBER', 'TERMID', 'TEACHER', 'EXPRESSION', 'ROOM'] as const;
export const COURSE_COLUMNS = ['COURSE_NUMBER', 'COURSE_NAME'] as const;
export const TERM_COLUMNS = ['ID', 'SCHOOLID', 'FIRSTDAY', 'LASTDAY', 'YEARID', 'ABBREVIATION'] as const;
export const CC_COLUMNS = ['STUDENTID', 'SECTIONID', 'TERMID', 'DATEENROLLED', 'DATELEFT'] as const;
export const SECTIONTEACHER_COLUMNS = ['SECTIONID', 'TEACHERID', 'ROLEID', 'START_DATE', 'END_DATE'] as const;
export const ROLEDEF_COLUMNS = ['ID', 'NAME', 'ROLEKEY'] as const;

type Mapper<T> = (record: Record<string, unknown>, origin: RowOrigin) => RowMapping<T>;

export const mapSectionRow: Mapper<SectionRow> = (record, origin) => {
  const r = new FieldReader(record, origin);
  const id = r.integer('ID', true);
  const schoolId = r.integer('SCHOOLID', true);
  const courseNumber = r.requiredText('COURSE_NUMBER');
  const sectionNumber = r.requiredText('SECTION_NUMBER');
  const termId = r.integer('TERMID', true);
  const teacherId = r.key('TEACHER', false);
  const expression = r.text('EXPRESSION');
  const room = r.text('ROOM');
  if (r.issues.length > 0) return { issues: r.issues };
  return { row: { origin, id: id!, schoolId: schoolId!, courseNumber, sectionNumber, termId: termId!, teacherId, expression, room }, issues: NO_ISSUES };
};

export const mapCourseRow: Mapper<CourseRow> = (record, origin) => {
  const r = new FieldReader(record, origin);
  const courseNumber = r.requiredText('COURSE_NUMBER');
  const name = r.text('COURSE_NAME');
  if (r.issues.length > 0) return { issues: r.issues };
  return { row: { origin, courseNumber, name }, issues: NO_ISSUES };
};

export const mapTermRow: Mapper<TermRow> = (record, origin) => {
  const r = new FieldReader(record, origin);
  const id = r.integer('ID', true);
  const schoolId = r.integer('SCHOOLID', true);
  const firstDay = r.date('FIRSTDAY', true);
  const lastDay = r.date('LASTDAY', true);
  const yearId = r.integer('YEARID', true);
  const abbreviation = r.text('ABBREVIATION');
  if (firstDay && lastDay && lastDay < firstDay) r.problem('LASTDAY', `LASTDAY ${lastDay} is before FIRSTDAY ${firstDay}`);
  if (r.issues.length > 0) return { issues: r.issues };
  return { row: { origin, id: id!, schoolId: schoolId!, firstDay: firstDay!, lastDay: lastDay!, yearId: yearId!, abbreviation }, issues: NO_ISSUES };
};

export const mapEnrollmentRow: Mapper<EnrollmentRow> = (record, origin) => {
  const r = new FieldReader(record, origin);
  const studentId = r.key('STUDENTID', true);
  const sectionId = r.integer('SECTIONID', true);
  const termId = r.integer('TERMID', true);
  const dateEnrolled = r.date('DATEENROLLED', true);
  const dateLeft = r.date('DATELEFT', true);
  // No section has ID 0, and 0 cannot carry the sign that marks a drop.
  if (sectionId === 0) r.problem('SECTIONID', 'SECTIONID is 0, which names no section');
  if (r.issues.length > 0) return { issues: r.issues };
  return {
    row: { origin, studentId, sectionId: sectionId!, termId: termId!, dateEnrolled: dateEnrolled!, dateLeft: dateLeft!, dropped: sectionId! < 0 },
    issues: NO_ISSUES,
  };
};

export const mapSectionTeacherRow: Mapper<SectionTeacherRow> = (record, origin) => {
  const r = new FieldReader(record, origin);
  const sectionId = r.integer('SECTIONID', true);
  const teacherId = r.key('TEACHERID', true);
  const roleId = r.integer('ROLEID', true);
  const startDate = r.date('START_DATE', false);
  const endDate = r.date('END_DATE', false);
  if (startDate && endDate && endDate < startDate) r.problem('END_DATE', `END_DATE ${endDate} is before START_DATE ${startDate}`);
  if (r.issues.length > 0) return { issues: r.issues };
  return { row: { origin, sectionId: sectionId!, teacherId, roleId: roleId!, startDate: startDate ?? null, endDate: endDate ?? null }, issues: NO_ISSUES };
};

export const mapRoleRow: Mapper<RoleRow> = (record, origin) => {
  const r = new FieldReader(record, origin);
  const id = r.integer('ID', true);
  const name = r.text('NAME');
  const roleKey = r.text('ROLEKEY');
  if (r.issues.length > 0) return { issues: r.issues };
  return { row: { origin, id: id!, name, roleKey }, issues: NO_ISSUES };
};
