/**
 * The class tables as rows: what class groups are made from (sections, their courses, terms and
 * teachers, and who is enrolled). Read only when a district asks for them (powerschool.classes),
 * and then from every source alike. Column names as in the PowerSchool data dictionary; dates
 * are calendar dates, YYYY-MM-DD, whatever form the source gave them in.
 */
import type { RowOrigin } from './row-origin.js';

/** SECTIONS: one class of a course, in one term, at one school. */
export interface SectionRow {
  origin: RowOrigin;
  /** SECTIONS.ID, what CC.SECTIONID and SECTIONTEACHER.SECTIONID point at. */
  id: number;
  /** SCHOOLID: SCHOOLS.SCHOOL_NUMBER. */
  schoolId: number;
  courseNumber: string;
  sectionNumber: string;
  /** TERMID: with schoolId, the TERMS row (YEARID × 100 + the term within the year). */
  termId: number;
  /** TEACHER: the lead teacher's SCHOOLSTAFF.ID ('' when none is set). */
  teacherId: string;
  /** EXPRESSION: when it meets, e.g. "1(A)" or "3-4(A-E)". */
  expression: string;
  room: string;
}

/** COURSES: the course a section is a class of. */
export interface CourseRow {
  origin: RowOrigin;
  courseNumber: string;
  /** COURSE_NAME. */
  name: string;
}

/** TERMS: a school's year or part of one. The same ID recurs at every school: (id, schoolId) is the key. */
export interface TermRow {
  origin: RowOrigin;
  id: number;
  schoolId: number;
  firstDay: string;
  lastDay: string;
  /** YEARID: the school year, as its first calendar year minus 1990 (36 is 2026-2027). */
  yearId: number;
  abbreviation: string;
}

/** CC: one student's enrollment in one section. */
export interface EnrollmentRow {
  origin: RowOrigin;
  /** STUDENTID: STUDENTS.ID (not DCID). */
  studentId: string;
  /**
   * SECTIONID as PowerSchool holds it: negative once the student dropped the class (the
   * section is its absolute value). Kept raw, so the row reads as PowerSchool says it.
   */
  sectionId: number;
  /** TERMID, negative too when dropped. */
  termId: number;
  /** DATEENROLLED: the first day in the class. */
  dateEnrolled: string;
  /** DATELEFT: the first day no longer in it (PowerSchool's exit dates are the day after the last day). */
  dateLeft: string;
  /** PowerSchool marked the enrollment dropped (a negative SECTIONID). */
  dropped: boolean;
}

/** SECTIONTEACHER: a teacher of a section, the lead teacher included, with a role and dates. */
export interface SectionTeacherRow {
  origin: RowOrigin;
  sectionId: number;
  /** TEACHERID: SCHOOLSTAFF.ID. */
  teacherId: string;
  /** ROLEID: ROLEDEF.ID. */
  roleId: number;
  /** START_DATE and END_DATE, null when not set. */
  startDate: string | null;
  endDate: string | null;
}

/** ROLEDEF: what a SECTIONTEACHER role is (rows of other kinds of role come along too). */
export interface RoleRow {
  origin: RowOrigin;
  id: number;
  name: string;
  /** ROLEKEY, stable across servers for PowerSchool's own roles: com.pearson.powerschool.coteach.primary.teacher ... */
  roleKey: string;
}

export interface ClassRows {
  sections: SectionRow[];
  courses: CourseRow[];
  terms: TermRow[];
  /** CC. */
  enrollments: EnrollmentRow[];
  sectionTeachers: SectionTeacherRow[];
  roles: RoleRow[];
}
