import type { Config } from '../config/types.js';
import type { SchoolRow, SourceIssue, StudentRow } from '../sources/rows.js';
import { buildCustomSchemas } from './custom-attributes.js';
import type { DesiredAccount } from './desired-account.js';
import { isValidAddress, renderEmailTemplate } from './email-template.js';
import { nameProblem } from './google-names.js';
import { matchValue } from './match-key.js';
import { joinOrgUnit } from './org-unit-pattern.js';
import { schoolLabel } from './school-scope.js';
import { skippedName } from './skip-names.js';
import { graduateGrace } from './summer-grace.js';

export type RuleOutcome =
  | { kind: 'account'; account: DesiredAccount }
  | { kind: 'skipped'; reason: string }
  | { kind: 'out-of-scope' }
  | { kind: 'issue'; issue: SourceIssue };

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
 * The D118 student rules for one STUDENTS row:
 * - active (enroll_status 0 or -1) -> <prefix>/<building><suffix>/<grade OU>, enabled;
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
): RuleOutcome {
  const rules = config.students;
  const issue = (code: string, field: string | undefined, message: string): RuleOutcome => ({
    kind: 'issue',
    issue: { severity: 'error', code, file: student.origin.file, row: student.origin.row, ...(field ? { field } : {}), message },
  });
  const where = `${student.origin.file} row ${student.origin.row}`;
  if (!school) {
    return issue('UNKNOWN_SCHOOL', 'SCHOOLID', `${where}: student ${student.studentNumber} is enrolled in school ${student.schoolId}, which is not in schools.csv`);
  }
  if (!inScope) return { kind: 'out-of-scope' };
  const skipped = skippedName(config.skipNames, student.firstName, student.lastName);
  if (skipped !== null) return { kind: 'skipped', reason: `name "${skipped}" is on skipNames` };

  for (const [field, value] of [['FIRST_NAME', student.firstName], ['LAST_NAME', student.lastName]] as const) {
    const problem = nameProblem(value);
    if (problem) return issue('INVALID_NAME', field, `${where}: student ${student.studentNumber} ${field} ${JSON.stringify(value)} ${problem}`);
  }
  const email = renderEmailTemplate(rules.emailTemplate, {
    student_number: student.studentNumber,
    dcid: student.dcid,
    id: student.id,
    first_name: student.firstName,
    last_name: student.lastName,
    domain: config.google.domain,
  });
  if (!isValidAddress(email)) {
    return issue('INVALID_EMAIL', 'STUDENT_NUMBER', `${where}: student ${student.studentNumber} would get the address ${JSON.stringify(email)}, which is not a valid address`);
  }

  const graduated = student.enrollStatus === 3 || (rules.graduatedSchoolName !== null && school.name === rules.graduatedSchoolName);
  const active = !graduated && (student.enrollStatus === 0 || student.enrollStatus === -1);
  let orgUnitPath: string;
  let suspended: boolean;
  let orgUnitReason: string;
  let suspendedReason: string;
  let graduate: { classOf: number | null; activeUntil: string | null } | undefined;
  if (graduated) {
    const why = student.enrollStatus === 3 ? enrollStatusLabel(3) : `enrolled in the graduated building ${schoolLabel(school)}`;
    const grace = graduateGrace(student.classOf, today, rules.graduateGrace);
    orgUnitPath = rules.graduatedOu;
    suspended = !grace.active;
    orgUnitReason = `${why}: graduates go to ${rules.graduatedOu}`;
    suspendedReason = `${why}, ${grace.reason}`;
    graduate = { classOf: student.classOf, activeUntil: grace.activeUntil ?? null };
  } else if (active) {
    const building = `${rules.buildingOu.from === 'abbreviation' ? school.abbreviation : school.name}${rules.buildingOu.suffix}`;
    let gradeOu = '';
    if (rules.gradeOus !== null) {
      const mapped = rules.gradeOus[String(student.gradeLevel)];
      if (mapped === undefined) {
        return issue('UNKNOWN_GRADE', 'GRADE_LEVEL', `${where}: student ${student.studentNumber} is in grade ${student.gradeLevel}, which has no entry in students.gradeOus`);
      }
      gradeOu = mapped;
    }
    orgUnitPath = joinOrgUnit(rules.ouPrefix, building, gradeOu);
    suspended = false;
    orgUnitReason = `${enrollStatusLabel(student.enrollStatus)}, grade ${student.gradeLevel} at ${schoolLabel(school)}`;
    suspendedReason = `${enrollStatusLabel(student.enrollStatus)} at ${schoolLabel(school)}`;
  } else {
    orgUnitPath = rules.suspendedOu;
    suspended = true;
    orgUnitReason = `${enrollStatusLabel(student.enrollStatus)}: inactive students go to ${rules.suspendedOu}`;
    suspendedReason = `${enrollStatusLabel(student.enrollStatus)} at ${schoolLabel(school)}`;
  }

  const { customSchemas, managed } = buildCustomSchemas([
    [rules.attributes.school, String(student.schoolId)],
    [rules.attributes.gradYear, student.classOf === null ? '' : String(student.classOf)],
    [rules.attributes.dcid, student.dcid],
    [rules.attributes.studentNumber, student.studentNumber],
  ]);
  return {
    kind: 'account',
    account: {
      person: {
        population: 'student',
        dcid: student.dcid,
        number: student.studentNumber,
        displayName: `${student.firstName} ${student.lastName}`,
        school: { number: school.schoolNumber, name: school.name },
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
      name: { givenName: student.firstName, familyName: student.lastName },
      orgUnitPath,
      suspended,
      customSchemas,
      managedAttributes: managed,
      externalId: null,
      frozenOrgUnits: rules.frozenOrgUnits,
      temporaryReactivationOrgUnits: [],
      removeFromGroupsWhenSuspended: rules.removeSuspendedFromGroups,
      reasons: { orgUnit: orgUnitReason, suspended: suspendedReason },
      origin: student.origin,
    },
  };
}
