import type { Config } from '../config/types.js';
import type { DesiredPerson, Person, School, StudentBelonging } from '../model/person.js';
import type { SchoolRow, SourceIssue, StudentRow } from '../sources/rows.js';
import { casedName, sameIgnoringCase } from './name-case.js';
import type { RuleOutcome } from './rule-outcome.js';
import { schoolLabel } from './school-scope.js';
import { skippedName } from './skip-names.js';
import { graduateGrace } from './summer-grace.js';

/** enroll_status values PowerSchool uses; any other integer is inactive too. */
const ENROLL_STATUS_NAMES: Record<number, string> = {
  [-1]: 'pre-registered',
  0: 'active',
  1: 'inactive',
  2: 'transferred out',
  3: 'graduated',
  4: 'historical',
};

export function enrollStatusLabel(status: number): string {
  return `enroll_status ${status}${ENROLL_STATUS_NAMES[status] ? ` (${ENROLL_STATUS_NAMES[status]})` : ''}`;
}

/**
 * The D118 student rules for one STUDENTS row (its school's name already cased, see
 * desired-people): where the student belongs and whether they keep access.
 * - active (enroll_status 0) and pre-registered (-1): enrolled at their school and grade, enabled;
 * - graduated (enroll_status 3, or enrolled in the graduated-students building): disabled unless
 *   this year's class is inside the summer grace window;
 * - any other status: inactive, disabled.
 * Which containers that means is each target's business (Google: org units from templates).
 */
export function desiredStudent(
  student: StudentRow,
  school: SchoolRow | undefined,
  inScope: boolean,
  config: Config,
  today: string,
  belongings?: StudentBelongings,
): RuleOutcome {
  if (!school) {
    return studentIssue(student, 'UNKNOWN_SCHOOL', 'SCHOOLID', `student ${student.studentNumber} is enrolled in school ${student.schoolId}, which is not in schools.csv`);
  }
  if (!inScope) return { kind: 'out-of-scope' };
  const skipped = skippedName(config.skipNames, student.firstName, student.lastName);
  if (skipped !== null) return { kind: 'skipped', reason: `name "${skipped}" is on skipNames` };

  let placed = belongings?.get(student, school);
  if (!placed) {
    placed = belongingOf(student, school, config.students, today);
    belongings?.set(student, school, placed);
  }
  const given = casedName(student.firstName, config.names.case);
  const family = casedName(student.lastName, config.names.case);
  const person: Person = {
    population: 'student',
    dcid: student.dcid,
    number: student.studentNumber,
    displayName: `${given} ${family}`,
    school: placed.personSchool,
    grade: student.gradeLevel,
    ...(placed.graduate ? { graduate: placed.graduate } : {}),
  };
  const desired: DesiredPerson = {
    person,
    name: { given, family },
    identity: {
      dcid: student.dcid,
      id: student.id,
      studentNumber: student.studentNumber,
      teacherNumber: '',
      email: '',
      firstName: student.firstName,
      lastName: student.lastName,
    },
    belonging: placed.belonging,
    facts: { school: placed.schoolId, gradYear: placed.classOf, dcid: student.dcid, studentNumber: student.studentNumber },
    origin: student.origin,
  };
  return { kind: 'person', person: desired };
}

/**
 * What a student's school, grade, enrollment status and class decide: where they belong,
 * whether they keep access, and why. Everyone sharing those four shares this (its objects and
 * strings), so a run works it out once per combination: a district has thousands, not a million.
 */
export interface StudentPlacement {
  belonging: StudentBelonging;
  /** The person's school as a plan shows it. */
  personSchool: { number: number; name: string };
  graduate?: { classOf: number | null; activeUntil: string | null };
  /** The school and graduation-year facts. */
  schoolId: string;
  classOf: string;
}

/** A row left out: the issue names the file, row and field. */
function studentIssue(student: StudentRow, code: string, field: string, what: string): RuleOutcome {
  const { file, row } = student.origin;
  const issue: SourceIssue = { severity: 'error', code, file, row, field, message: `${file} row ${row}: ${what}` };
  return { kind: 'issue', issue };
}

/**
 * Placements already worked out in a run, by school, grade, enrollment status and class. Numbers
 * and the school's row are the keys, and nothing is allocated to look one up: building a string
 * key (or a closure) for each of a million students cost more than the work it saved.
 */
export class StudentBelongings {
  private readonly bySchool = new Map<SchoolRow, Map<number, Map<number, Map<number | null, StudentPlacement>>>>();

  get(student: StudentRow, school: SchoolRow): StudentPlacement | undefined {
    return this.bySchool.get(school)?.get(student.gradeLevel)?.get(student.enrollStatus)?.get(student.classOf);
  }

  set(student: StudentRow, school: SchoolRow, placement: StudentPlacement): void {
    let byGrade = this.bySchool.get(school);
    if (!byGrade) this.bySchool.set(school, (byGrade = new Map()));
    let byStatus = byGrade.get(student.gradeLevel);
    if (!byStatus) byGrade.set(student.gradeLevel, (byStatus = new Map()));
    let byClass = byStatus.get(student.enrollStatus);
    if (!byClass) byStatus.set(student.enrollStatus, (byClass = new Map()));
    byClass.set(student.classOf, placement);
  }
}

function belongingOf(student: StudentRow, school: SchoolRow, rules: Config['students'], today: string): StudentPlacement {
  const graduated = student.enrollStatus === 3 || (rules.graduatedSchoolName !== null && sameIgnoringCase(school.name, rules.graduatedSchoolName));
  const enrolled = !graduated && (student.enrollStatus === 0 || student.enrollStatus === -1);
  const where: School = { number: school.schoolNumber, name: school.name, abbreviation: school.abbreviation };
  const common = {
    personSchool: { number: school.schoolNumber, name: school.name },
    schoolId: String(student.schoolId),
    classOf: student.classOf === null ? '' : String(student.classOf),
  };
  const belonging = (status: StudentBelonging['status'], enabled: boolean, placement: string, enabledReason: string): StudentBelonging => ({
    population: 'student',
    school: where,
    grade: student.gradeLevel,
    status,
    enabled,
    classOf: student.classOf,
    reasons: { placement, enabled: enabledReason },
  });
  const status = enrollStatusLabel(student.enrollStatus);
  if (graduated) {
    const why = student.enrollStatus === 3 ? enrollStatusLabel(3) : `enrolled in the graduated building ${schoolLabel(school)}`;
    const grace = graduateGrace(student.classOf, today, rules.graduateGrace);
    return {
      ...common,
      belonging: belonging('graduated', grace.active, why, `${why}, ${grace.reason}`),
      graduate: { classOf: student.classOf, activeUntil: grace.activeUntil ?? null },
    };
  }
  if (enrolled) {
    return {
      ...common,
      belonging: belonging(
        student.enrollStatus === -1 ? 'pre-registered' : 'active',
        true,
        `${status}, grade ${student.gradeLevel} at ${schoolLabel(school)}`,
        `${status} at ${schoolLabel(school)}`,
      ),
    };
  }
  return { ...common, belonging: belonging('inactive', false, status, `${status} at ${schoolLabel(school)}`) };
}
