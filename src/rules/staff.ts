import type { Config } from '../config/types.js';
import type { SchoolRow, SchoolStaffRow, StaffUserRow } from '../sources/rows.js';
import { buildCustomSchemas } from './custom-attributes.js';
import { isValidAddress } from './email-template.js';
import { nameProblem } from './google-names.js';
import { matchValue } from './match-key.js';
import { joinOrgUnit } from './org-unit-pattern.js';
import { schoolLabel } from './school-scope.js';
import { skippedName } from './skip-names.js';
import type { RuleOutcome } from './students.js';

const STAFF_STATUS_NAMES: Record<number, string> = { 0: 'not assigned', 1: 'teacher', 2: 'staff', 3: 'lunch staff', 4: 'substitute' };

/**
 * The D118 staff rules for one USERS row and its SCHOOLSTAFF rows (in-scope schools only):
 * - active when any SCHOOLSTAFF row is active (STATUS 1); access list = those schools;
 * - staff type = STAFFSTATUS of the home school's row;
 * - substitutes (that type, or a home school that is the substitute building) -> substitute OU;
 * - other active staff -> <prefix>/<home school name><suffix>;
 * - inactive -> suspended OU, suspended (and removed from groups when configured).
 */
export function desiredStaff(
  user: StaffUserRow,
  assignments: readonly SchoolStaffRow[],
  schools: ReadonlyMap<number, SchoolRow>,
  inScope: (school: SchoolRow) => boolean,
  config: Config,
): RuleOutcome {
  const rules = config.staff;
  const where = `${user.origin.file} row ${user.origin.row}`;
  const issue = (code: string, field: string | undefined, message: string, severity: 'error' | 'warning' = 'error'): RuleOutcome => ({
    kind: 'issue',
    issue: { severity, code, file: user.origin.file, row: user.origin.row, ...(field ? { field } : {}), message },
  });
  const email = user.email.toLowerCase();
  if (email === '') return { kind: 'skipped', reason: 'no EMAIL_ADDR in PowerSchool' };
  const [local, domain] = email.split('@');
  if (rules.skipNumericEmails && local !== undefined && /^[0-9]+$/.test(local)) {
    return { kind: 'skipped', reason: 'numeric email (staff.skipNumericEmails)' };
  }
  const skipped = skippedName(config.skipNames, user.firstName, user.lastName);
  if (skipped !== null) return { kind: 'skipped', reason: `name "${skipped}" is on skipNames` };

  const inScopeAssignments = assignments.filter((a) => {
    const school = schools.get(a.schoolId);
    return school !== undefined && inScope(school);
  });
  const home = schools.get(user.homeSchoolId);
  if (inScopeAssignments.length === 0 && !(home && inScope(home))) return { kind: 'out-of-scope' };
  if (!home) {
    return issue('UNKNOWN_SCHOOL', 'HOMESCHOOLID', `${where}: ${email} has home school ${user.homeSchoolId}, which is not in schools.csv`);
  }
  if (!isValidAddress(email)) return issue('INVALID_EMAIL', 'EMAIL_ADDR', `${where}: ${JSON.stringify(user.email)} is not a valid address`);
  if (domain !== config.google.domain) {
    return issue('EMAIL_OUTSIDE_DOMAIN', 'EMAIL_ADDR', `${where}: ${email} is not in ${config.google.domain}; rollcall only manages that domain`, 'warning');
  }
  for (const [field, value] of [['FIRST_NAME', user.firstName], ['LAST_NAME', user.lastName]] as const) {
    const problem = nameProblem(value);
    if (problem) return issue('INVALID_NAME', field, `${where}: ${email} ${field} ${JSON.stringify(value)} ${problem}`);
  }

  const activeSchools = [...new Set(inScopeAssignments.filter((a) => a.status === 1).map((a) => a.schoolId))].sort((a, b) => a - b);
  const active = activeSchools.length > 0;
  // SCHOOLSTAFF has one row per user and school; should an export hold two, the active one (then
  // the lower STAFFSTATUS) decides, so the result never depends on the order rows arrive in.
  const homeAssignment = inScopeAssignments
    .filter((a) => a.schoolId === user.homeSchoolId)
    .sort((a, b) => Number(b.status === 1) - Number(a.status === 1) || a.staffStatus - b.staffStatus)[0];
  const staffType = homeAssignment?.staffStatus ?? null;
  const typeLabel = staffType === null ? 'no SCHOOLSTAFF row at the home school' : `staffstatus ${staffType}${STAFF_STATUS_NAMES[staffType] ? ` (${STAFF_STATUS_NAMES[staffType]})` : ''}`;
  const substitute =
    (rules.substitute.staffStatus !== null && staffType === rules.substitute.staffStatus) ||
    (rules.substitute.schoolName !== null && home.name === rules.substitute.schoolName);

  let orgUnitPath: string;
  let orgUnitReason: string;
  let suspendedReason: string;
  if (!active) {
    orgUnitPath = rules.suspendedOu;
    const none = inScopeAssignments.length === 0 ? 'no SCHOOLSTAFF rows' : `no active SCHOOLSTAFF row (of ${inScopeAssignments.length})`;
    orgUnitReason = `${none}: inactive staff go to ${rules.suspendedOu}`;
    suspendedReason = `${none}`;
  } else if (substitute) {
    orgUnitPath = rules.substitute.ou;
    orgUnitReason = `substitute (${home.name === rules.substitute.schoolName ? `home school ${schoolLabel(home)}` : typeLabel})`;
    suspendedReason = `active at ${activeSchools.join(', ')}`;
  } else {
    const building = `${rules.buildingOu.from === 'abbreviation' ? home.abbreviation : home.name}${rules.buildingOu.suffix}`;
    orgUnitPath = joinOrgUnit(rules.ouPrefix, building);
    orgUnitReason = `home school ${schoolLabel(home)}, ${typeLabel}`;
    suspendedReason = `active at ${activeSchools.join(', ')}`;
  }

  const override = rules.buildingNameOverrides[String(user.homeSchoolId)];
  const { customSchemas, managed } = buildCustomSchemas([
    [rules.attributes.dcid, user.dcid],
    [rules.attributes.homeschool, String(user.homeSchoolId)],
    [rules.attributes.schoolAccessList, activeSchools.join(rules.accessListSeparator)],
    [rules.attributes.staffType, staffType === null ? '' : String(staffType)],
    [rules.attributes.staffGroup, user.groupValue],
    [rules.attributes.teacherNumber, user.teacherNumber],
    [rules.attributes.crisisGoCell, user.cellPhone],
    [rules.attributes.crisisGoBuilding, override ?? home.name],
  ], rules.attributes);
  return {
    kind: 'account',
    account: {
      person: {
        population: 'staff',
        dcid: user.dcid,
        ...(user.teacherNumber ? { number: user.teacherNumber } : {}),
        displayName: `${user.firstName} ${user.lastName}`,
        school: { number: home.schoolNumber, name: home.name },
      },
      match: {
        target: rules.match.target,
        value: matchValue(rules.match, {
          email,
          dcid: user.dcid,
          student_number: '',
          id: user.dcid,
          teachernumber: user.teacherNumber,
        }),
      },
      primaryEmail: email,
      name: { givenName: user.firstName, familyName: user.lastName },
      orgUnitPath,
      suspended: !active,
      customSchemas,
      managedAttributes: managed,
      externalId: rules.teacherNumberExternalId === null ? null : { type: rules.teacherNumberExternalId, value: user.teacherNumber },
      frozenOrgUnits: rules.frozenOrgUnits,
      temporaryReactivationOrgUnits: rules.temporaryReactivationOrgUnits,
      removeFromGroupsWhenSuspended: rules.removeSuspendedFromGroups,
      reasons: { orgUnit: orgUnitReason, suspended: suspendedReason },
      origin: user.origin,
    },
  };
}
