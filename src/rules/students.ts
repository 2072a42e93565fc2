import type { Config } from '../config/types.js';
import type { SchoolRow, SourceIssue, StudentRow } from '../sources/rows.js';
import { buildCustomSchemas } from './custom-attributes.js';
import type { DesiredAccount } from './desired-account.js';
import { isValidAddress, renderAddressTemplate } from '../util/address-template.js';
import { nameProblem } from './google-names.js';
import { matchValue } from './match-key.js';
import { casedName, sameIgnoringCase } from './name-case.js';
import { joinOrgUnit } from './org-unit-pattern.js';
import { schoolLabel } from './school-scope.js';
import { skippedName } from './skip-names.js';
import { graduateGrace } from './summer-grace.js';

export type RuleOutcome =
  | { kind: 'account'; account: DesiredAccount }
  | { kind: 'skipped'; reason: string }
  | { kind: 'out-of-scope' }
  | { kind: 'issue'; issue: SourceIssue };

/** Shared by every student: no temporary-reactivation OUs apply to students. */
const NO_ORG_UNITS: readonly string[] = [];

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
 * The D118 student rules for one STUDENTS row (its school's name already cased, see desired-state):
 * - active (enroll_status 0 or -1) -> <prefix>/<building><suffix>/<grade OU>, enabled; no grade
 *   OU for pre-registered students, grades mapped to null and schools listed without grade OUs;
 * - graduated (enroll_status 3, or enrolled in the graduated-students building) -> graduated OU,
 *   suspended unless this year's class is inside the summer grace window;
 * - any other status -> suspended OU, suspended.
 */
export function desiredStudent(
  student: StudentRow,
  school: SchoolRow | undefined,
  inScope: boolean,
  config: Config,
  today: string,
  placements?: Placements,
): RuleOutcome {
  const rules = config.students;
  if (!school) {
    return studentIssue(student, 'UNKNOWN_SCHOOL', 'SCHOOLID', `student ${student.studentNumber} is enrolled in school ${student.schoolId}, which is not in schools.csv`);
  }
  if (!inScope) return { kind: 'out-of-scope' };
  const skipped = skippedName(config.skipNames, student.firstName, student.lastName);
  if (skipped !== null) return { kind: 'skipped', reason: `name "${skipped}" is on skipNames` };

  const firstName = casedName(student.firstName, config.names.case);
  const lastName = casedName(student.lastName, config.names.case);
  const firstNameProblem = nameProblem(firstName);
  if (firstNameProblem) return studentIssue(student, 'INVALID_NAME', 'FIRST_NAME', `student ${student.studentNumber} FIRST_NAME ${JSON.stringify(student.firstName)} ${firstNameProblem}`);
  const lastNameProblem = nameProblem(lastName);
  if (lastNameProblem) return studentIssue(student, 'INVALID_NAME', 'LAST_NAME', `student ${student.studentNumber} LAST_NAME ${JSON.stringify(student.lastName)} ${lastNameProblem}`);
  const email = studentEmail(student, config, firstName, lastName);
  if (!isValidAddress(email)) {
    return studentIssue(student, 'INVALID_EMAIL', 'STUDENT_NUMBER', `student ${student.studentNumber} would get the address ${JSON.stringify(email)}, which is not a valid address`);
  }

  let placed = placements?.get(student, school);
  if (!placed) {
    placed = placement(student, school, rules, today);
    placements?.set(student, school, placed);
  }
  if (placed.orgUnitPath === null) {
    return studentIssue(student, 'UNKNOWN_GRADE', 'GRADE_LEVEL', `student ${student.studentNumber} is in grade ${student.gradeLevel}, which has no entry in students.gradeOus`);
  }
  const { orgUnitPath, suspended, orgUnitReason, suspendedReason, graduate } = placed;

  const { customSchemas, managed } = buildCustomSchemas([
    [rules.attributes.school, placed.schoolId],
    [rules.attributes.gradYear, placed.classOf],
    [rules.attributes.dcid, student.dcid],
    [rules.attributes.studentNumber, student.studentNumber],
  ], rules.attributes);
  return {
    kind: 'account',
    account: {
      person: {
        population: 'student',
        dcid: student.dcid,
        number: student.studentNumber,
        displayName: `${firstName} ${lastName}`,
        school: placed.school,
        grade: student.gradeLevel,
        ...(graduate ? { graduate } : {}),
      },
      match: {
        target: rules.match.target,
        value: matchValue(rules.match, {
          email,
          dcid: student.dcid,
          student_number: student.studentNumber,
          id: student.id,
          teachernumber: '',
        }),
      },
      primaryEmail: email,
      name: { givenName: firstName, familyName: lastName },
      orgUnitPath,
      suspended,
      customSchemas,
      managedAttributes: managed,
      externalId: null,
      frozenOrgUnits: rules.frozenOrgUnits,
      temporaryReactivationOrgUnits: NO_ORG_UNITS,
      removeFromGroupsWhenSuspended: rules.removeSuspendedFromGroups,
      reasons: { orgUnit: orgUnitReason, suspended: suspendedReason },
      origin: student.origin,
    },
  };
}

/**
 * The address students.emailTemplate gives a student (checked for validity by the caller), from
 * the names as names.case has them; a caller that has cased them already passes them in.
 */
export function studentEmail(
  student: StudentRow,
  config: Config,
  firstName = casedName(student.firstName, config.names.case),
  lastName = casedName(student.lastName, config.names.case),
): string {
  return renderAddressTemplate(config.students.emailTemplate, {
    student_number: student.studentNumber,
    dcid: student.dcid,
    id: student.id,
    first_name: firstName,
    last_name: lastName,
    domain: config.google.domain,
  });
}

/**
 * What a student's school, grade, enrollment status and class decide: the org unit, whether the
 * account is suspended, and why. Everyone sharing those four shares this (and its strings), so a
 * run works it out once per combination: a district has thousands of them, not a million.
 * `orgUnitPath` is null when the grade has no entry in students.gradeOus.
 */
export interface Placement {
  orgUnitPath: string | null;
  suspended: boolean;
  orgUnitReason: string;
  suspendedReason: string;
  graduate?: { classOf: number | null; activeUntil: string | null };
  school: { number: number; name: string };
  /** The Homeschool_ID and Graduation_Year attribute values. */
  schoolId: string;
  classOf: string;
}

/** A row left out: the issue names the file, row and field. */
function studentIssue(student: StudentRow, code: string, field: string, what: string): RuleOutcome {
  const { file, row } = student.origin;
  return { kind: 'issue', issue: { severity: 'error', code, file, row, field, message: `${file} row ${row}: ${what}` } };
}

/**
 * Placements already worked out in a run, by school, grade, enrollment status and class. Numbers
 * and the school's row are the keys, and nothing is allocated to look one up: building a string
 * key (or a closure) for each of a million students cost more than the work it saved.
 */
export class Placements {
  private readonly bySchool = new Map<SchoolRow, Map<number, Map<number, Map<number | null, Placement>>>>();

  get(student: StudentRow, school: SchoolRow): Placement | undefined {
    return this.bySchool.get(school)?.get(student.gradeLevel)?.get(student.enrollStatus)?.get(student.classOf);
  }

  set(student: StudentRow, school: SchoolRow, placement: Placement): void {
    let byGrade = this.bySchool.get(school);
    if (!byGrade) this.bySchool.set(school, (byGrade = new Map()));
    let byStatus = byGrade.get(student.gradeLevel);
    if (!byStatus) byGrade.set(student.gradeLevel, (byStatus = new Map()));
    let byClass = byStatus.get(student.enrollStatus);
    if (!byClass) byStatus.set(student.enrollStatus, (byClass = new Map()));
    byClass.set(student.classOf, placement);
  }
}

function placement(student: StudentRow, school: SchoolRow, rules: Config['students'], today: string): Placement {
  const graduated = student.enrollStatus === 3 || (rules.graduatedSchoolName !== null && sameIgnoringCase(school.name, rules.graduatedSchoolName));
  const active = !graduated && (student.enrollStatus === 0 || student.enrollStatus === -1);
  const common = { school: { number: school.schoolNumber, name: school.name }, schoolId: String(student.schoolId), classOf: student.classOf === null ? '' : String(student.classOf) };
  if (graduated) {
    const why = student.enrollStatus === 3 ? enrollStatusLabel(3) : `enrolled in the graduated building ${schoolLabel(school)}`;
    const grace = graduateGrace(student.classOf, today, rules.graduateGrace);
    return {
      ...common,
      orgUnitPath: rules.graduatedOu,
      suspended: !grace.active,
      orgUnitReason: `${why}: graduates go to ${rules.graduatedOu}`,
      suspendedReason: `${why}, ${grace.reason}`,
      graduate: { classOf: student.classOf, activeUntil: grace.activeUntil ?? null },
    };
  }
  if (active) {
    const building = `${rules.buildingOu.from === 'abbreviation' ? school.abbreviation : school.name}${rules.buildingOu.suffix}`;
    const grade = gradeOrgUnit(student, school, rules);
    if (grade.ou === null) return { ...common, orgUnitPath: null, suspended: false, orgUnitReason: '', suspendedReason: '' };
    return {
      ...common,
      orgUnitPath: joinOrgUnit(rules.ouPrefix, building, grade.ou),
      suspended: false,
      orgUnitReason: `${enrollStatusLabel(student.enrollStatus)}, grade ${student.gradeLevel} at ${schoolLabel(school)}${grade.why === undefined ? '' : `: ${grade.why}`}`,
      suspendedReason: `${enrollStatusLabel(student.enrollStatus)} at ${schoolLabel(school)}`,
    };
  }
  return {
    ...common,
    orgUnitPath: rules.suspendedOu,
    suspended: true,
    orgUnitReason: `${enrollStatusLabel(student.enrollStatus)}: inactive students go to ${rules.suspendedOu}`,
    suspendedReason: `${enrollStatusLabel(student.enrollStatus)} at ${schoolLabel(school)}`,
  };
}

/**
 * The grade sub-OU of an active student: '' for none (the building OU itself, with why), null
 * when the grade has no entry in students.gradeOus. D118 places pre-registered students, the
 * students of two buildings, and grades 13, 15 and 99 in the building OU itself.
 */
function gradeOrgUnit(student: StudentRow, school: SchoolRow, rules: Config['students']): { ou: string | null; why?: string } {
  if (rules.gradeOus === null) return { ou: '' };
  if (rules.schoolsWithoutGradeOus.includes(school.schoolNumber)) return { ou: '', why: 'this school has no grade OUs (students.schoolsWithoutGradeOus)' };
  if (student.enrollStatus === -1 && rules.preRegisteredInBuildingOu) return { ou: '', why: 'pre-registered students go to the building OU' };
  const mapped = rules.gradeOus[String(student.gradeLevel)];
  if (mapped === undefined) return { ou: null };
  if (mapped === null) return { ou: '', why: `grade ${student.gradeLevel} has no grade OU (students.gradeOus)` };
  return { ou: mapped };
}
