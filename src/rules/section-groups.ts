/**
 * Class groups: one group per section whose term counts (term-window.ts), holding the students
 * enrolled in it and its teachers in the roles the set gives them (by default the lead teacher
 * and co-teachers as owners, students as members), each with the date they joined. A student who
 * dropped or left, or a teacher whose assignment ended, is remembered with the date, for the
 * reason a removal shows. A section of a term that has ended is given only when its set archives
 * or deletes such groups; one not begun yet is not given at all.
 */
import type { GroupSetConfig } from '../config/types.js';
import type { DesiredGroup, GroupRole } from '../model/group.js';
import type { Person } from '../model/person.js';
import type { ClassRows, CourseRow, EnrollmentRow, SectionRow, SectionTeacherRow, TermRow } from '../sources/class-rows.js';
import type { SchoolRow, SourceIssue } from '../sources/rows.js';
import { MemberMarks, SectionMembers, type SectionPart } from './desired-members.js';
import { fillHandle, fillText, handleProblem } from './group-template.js';
import type { TermWindow } from './term-window.js';

/** PowerSchool's own role keys (ROLEDEF.ROLEKEY) and the part each plays in a class. */
const ROLE_PARTS: Readonly<Record<string, SectionPart>> = {
  'com.pearson.powerschool.coteach.primary.teacher': 'lead teacher',
  'com.pearson.powerschool.coteach.co.teacher': 'co-teacher',
  'com.pearson.powerschool.coteach.job.share.teacher': 'co-teacher',
  'com.pearson.powerschool.coteach.teacher.aide': 'aide',
};

const YEAR_ID_BASE = 1990;

/**
 * Someone the class tables may point at: whether they are placed (an account not active is not,
 * though their drops and ends are still remembered for reasons), and their number among all of
 * them, by which a class tells whom it has placed already.
 */
export interface ClassPerson {
  person: Person;
  placed: boolean;
  n: number;
}

/** Who the sections' rows point at, and where to report what does not add up. */
export interface SectionContext {
  /** Students by STUDENTS.ID. */
  students: ReadonlyMap<string, ClassPerson>;
  /** Staff by SCHOOLSTAFF.ID. */
  staff: ReadonlyMap<string, ClassPerson>;
  /** How many ClassPersons there are (their numbers are below it). */
  people: number;
  /** Every SCHOOLSTAFF.ID PowerSchool has, enabled or not (a teacher no row has is reported). */
  knownStaffIds: ReadonlySet<string>;
  /** Schools by number, names cased. */
  schools: ReadonlyMap<number, SchoolRow>;
  inScope: (school: SchoolRow) => boolean;
  window: TermWindow;
  issue: (issue: SourceIssue) => void;
}

/** The class tables indexed once for every section set. */
export class ClassIndex {
  readonly terms = new Map<string, TermRow>();
  readonly courses = new Map<string, CourseRow>();
  readonly parts = new Map<number, SectionPart | null>();
  /** CC rows by section (a drop's negative SECTIONID is its section's too). */
  readonly enrollments = new Map<number, EnrollmentRow[]>();
  readonly teachers = new Map<number, SectionTeacherRow[]>();

  constructor(readonly rows: ClassRows) {
    for (const t of rows.terms) this.terms.set(termKey(t.id, t.schoolId), t);
    for (const c of rows.courses) if (!this.courses.has(c.courseNumber)) this.courses.set(c.courseNumber, c);
    for (const r of rows.roles) this.parts.set(r.id, ROLE_PARTS[r.roleKey] ?? null);
    for (const e of rows.enrollments) push(this.enrollments, Math.abs(e.sectionId), e);
    for (const t of rows.sectionTeachers) push(this.teachers, t.sectionId, t);
  }
}

/** The groups of one section set. */
export function sectionGroups(set: GroupSetConfig, index: ClassIndex, ctx: SectionContext): DesiredGroup[] {
  const groups: DesiredGroup[] = [];
  const reportedCourses = new Set<string>();
  const marks = new MemberMarks(ctx.people);
  for (const section of index.rows.sections) {
    const school = ctx.schools.get(section.schoolId);
    if (school === undefined) {
      ctx.issue(rowIssue(section, 'error', 'UNKNOWN_SCHOOL', 'SCHOOLID', `section ${section.id} is at school ${section.schoolId}, which is not in schools.csv; it gets no group`));
      continue;
    }
    if (!ctx.inScope(school) || (set.schools !== null && !set.schools.includes(school.schoolNumber))) continue;
    const term = index.terms.get(termKey(section.termId, section.schoolId));
    if (term === undefined) {
      ctx.issue(rowIssue(section, 'error', 'UNKNOWN_TERM', 'TERMID', `section ${section.id} is in term ${section.termId} at school ${section.schoolId}, which no terms.csv row has; it gets no group`));
      continue;
    }
    const state = ctx.window.term(term);
    if (state === 'not-begun' || (state === 'ended' && set.endedTerms === 'keep')) continue;
    const course = index.courses.get(section.courseNumber);
    if (course === undefined && !reportedCourses.has(section.courseNumber)) {
      reportedCourses.add(section.courseNumber);
      ctx.issue(rowIssue(section, 'warning', 'UNKNOWN_COURSE', 'COURSE_NUMBER', `course ${section.courseNumber} is not in courses.csv; its groups are named without a course name`));
    }
    const label = `${section.courseNumber}-${section.sectionNumber}`;
    const members = new SectionMembers(label, marks);
    if (state === 'counts') {
      addStudents(members, set.roles.students, index.enrollments.get(section.id) ?? [], term, ctx);
      addTeachers(members, set, section, term, index, ctx);
    }
    const lead = members.firstAs('lead teacher');
    const values = {
      school_abbr: school.abbreviation,
      school_number: String(school.schoolNumber),
      school_name: school.name,
      course_number: section.courseNumber,
      course_name: course?.name ?? '',
      section_number: section.sectionNumber,
      section_id: String(section.id),
      term_abbr: term.abbreviation,
      term_id: String(term.id),
      year: schoolYear(term.yearId),
      expression: section.expression,
      room: section.room,
      teacher: lead?.displayName ?? '',
    };
    const handle = fillHandle(set.address, values);
    const problem = handleProblem(handle);
    if (problem !== null) {
      ctx.issue(rowIssue(section, 'error', 'INVALID_GROUP_ADDRESS', 'ID', `section ${section.id}: the group address "${handle}" (groups set "${set.name}") ${problem}; it gets no group`));
      continue;
    }
    const termDates = `${term.abbreviation} (${term.firstDay} to ${term.lastDay})`;
    groups.push({
      set: set.name,
      handle,
      name: fillText(set.displayName, values),
      description: fillText(set.description, values),
      label: `${label} (${school.abbreviation}, ${term.abbreviation})`,
      why: `${label} at ${school.abbreviation}: term ${termDates} counts (${ctx.window.describe()})`,
      exclusive: set.exclusive,
      managedRoles: { student: roles([set.roles.students]), staff: roles([set.roles.leadTeacher, set.roles.coTeachers, set.roles.aides]) },
      ended: state === 'ended' ? { action: set.endedTerms, why: `term ${termDates} ended ${term.lastDay} (${ctx.window.describe()})` } : null,
      members,
      origin: section.origin,
    });
  }
  return groups;
}

function addStudents(members: SectionMembers, role: GroupRole | null, enrollments: readonly EnrollmentRow[], term: TermRow, ctx: SectionContext): void {
  for (const row of enrollments) {
    const student = ctx.students.get(row.studentId);
    if (student === undefined) continue;
    if (row.dropped) members.left(student.person, `dropped ${row.dateLeft}`);
    else if (ctx.window.enrollment(row.dateEnrolled, row.dateLeft, term)) {
      if (role !== null && student.placed) members.add(student, role, 'enrolled', row.dateEnrolled);
    } else if (!ctx.window.notYet(row.dateEnrolled)) members.left(student.person, `left ${row.dateLeft}`);
  }
}

function addTeachers(members: SectionMembers, set: GroupSetConfig, section: SectionRow, term: TermRow, index: ClassIndex, ctx: SectionContext): void {
  const rows = index.teachers.get(section.id);
  // Without SECTIONTEACHER rows, SECTIONS.TEACHER leads the class for its whole term.
  const assignments: Array<Pick<SectionTeacherRow, 'teacherId' | 'startDate' | 'endDate' | 'origin'> & { part: SectionPart | null }> =
    rows !== undefined
      ? rows.map((r) => ({ ...r, part: index.parts.get(r.roleId) ?? null }))
      : section.teacherId !== ''
        ? [{ teacherId: section.teacherId, startDate: null, endDate: null, origin: section.origin, part: 'lead teacher' }]
        : [];
  for (const a of assignments) {
    if (a.part === null) continue;
    const role = a.part === 'lead teacher' ? set.roles.leadTeacher : a.part === 'co-teacher' ? set.roles.coTeachers : set.roles.aides;
    if (role === null) continue;
    const teacher = ctx.staff.get(a.teacherId);
    if (teacher === undefined) {
      if (!ctx.knownStaffIds.has(a.teacherId)) {
        ctx.issue({
          severity: 'warning',
          code: 'UNKNOWN_TEACHER',
          file: a.origin.file,
          row: a.origin.row,
          field: rows !== undefined ? 'TEACHERID' : 'TEACHER',
          message: `${a.origin.file} row ${a.origin.row}: teacher ${a.teacherId} of section ${section.id} is in no schoolstaff.csv row (its ID); they are not placed in the class's group`,
        });
      }
      continue;
    }
    if (ctx.window.assignment(a.startDate, a.endDate, term)) {
      if (teacher.placed) members.add(teacher, role, a.part, a.startDate ?? term.firstDay);
    }
    else if ((a.startDate ?? term.firstDay) <= ctx.window.today) members.left(teacher.person, `${a.part} until ${a.endDate ?? term.lastDay}`);
  }
}

function roles(list: ReadonlyArray<GroupRole | null>): GroupRole[] {
  return [...new Set(list.filter((r): r is GroupRole => r !== null))];
}

/** "2026-27" for YEARID 36. */
function schoolYear(yearId: number): string {
  const first = YEAR_ID_BASE + yearId;
  return `${first}-${String((first + 1) % 100).padStart(2, '0')}`;
}

function termKey(id: number, schoolId: number): string {
  return `${id}|${schoolId}`;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function rowIssue(section: SectionRow, severity: SourceIssue['severity'], code: string, field: string, what: string): SourceIssue {
  const { file, row } = section.origin;
  return { severity, code, file, row, field, message: `${file} row ${row}: ${what}` };
}
