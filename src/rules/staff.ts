import type { Config } from '../config/types.js';
import type { SchoolRow, SchoolStaffRow, StaffUserRow } from '../sources/rows.js';
import { buildCustomSchemas } from './custom-attributes.js';
import { isValidAddress } from '../util/address-template.js';
import { nameProblem } from './google-names.js';
import { matchValue } from './match-key.js';
import { casedName, sameIgnoringCase } from './name-case.js';
import { joinOrgUnit } from './org-unit-pattern.js';
import { schoolLabel } from './school-scope.js';
import { skippedName } from './skip-names.js';
import type { RuleOutcome } from './students.js';

const STAFF_STATUS_NAMES: Record<number, string> = { 0: 'not assigned', 1: 'teacher', 2: 'staff', 3: 'lunch staff', 4: 'substitute' };

/**
 * The D118 staff rules for one USERS row and its SCHOOLSTAFF rows (in-scope schools only; school
 * names already cased, see desired-state):
 * - active when any SCHOOLSTAFF row is active (STATUS 1); access list = those schools;
 * - staff type = STAFFSTATUS of the home school's active row, else staff.inactiveHomeSchoolStaffType;
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
  const firstName = casedName(user.firstName, config.names.case);
  const lastName = casedName(user.lastName, config.names.case);
  for (const [field, value, cased] of [['FIRST_NAME', user.firstName, firstName], ['LAST_NAME', user.lastName, lastName]] as const) {
    const problem = nameProblem(cased);
    if (problem) return issue('INVALID_NAME', field, `${where}: ${email} ${field} ${JSON.stringify(value)} ${problem}`);
  }

  const activeSchools = [...new Set(inScopeAssignments.filter((a) => a.status === 1).map((a) => a.schoolId))].sort((a, b) => a - b);
  const active = activeSchools.length > 0;
  // SCHOOLSTAFF has one row per user and school; should an export hold two, the active one (then
  // the lower STAFFSTATUS) decides, so the result never depends on the order rows arrive in.
  const homeAssignment = inScopeAssignments
    .filter((a) => a.schoolId === user.homeSchoolId)
    .sort((a, b) => Number(b.status === 1) - Number(a.status === 1) || a.staffStatus - b.staffStatus)[0];
  const { staffType, typeLabel } = staffTypeOf(homeAssignment, rules.inactiveHomeSchoolStaffType);
  const inSubstituteBuilding = rules.substitute.schoolName !== null && sameIgnoringCase(home.name, rules.substitute.schoolName);
  const substitute = (rules.substitute.staffStatus !== null && staffType === rules.substitute.staffStatus) || inSubstituteBuilding;

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
    orgUnitReason = `substitute (${inSubstituteBuilding ? `home school ${schoolLabel(home)}` : typeLabel})`;
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
        displayName: `${firstName} ${lastName}`,
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
      name: { givenName: firstName, familyName: lastName },
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

/**
 * The staff type: the home school row's STAFFSTATUS while that row is active. Without an active
 * home row D118 writes 2 (staff), whatever an inactive row says; `fallback` null keeps the
 * inactive row's STAFFSTATUS instead.
 */
function staffTypeOf(home: SchoolStaffRow | undefined, fallback: number | null): { staffType: number | null; typeLabel: string } {
  const label = (type: number) => `staffstatus ${type}${STAFF_STATUS_NAMES[type] ? ` (${STAFF_STATUS_NAMES[type]})` : ''}`;
  if (home?.status === 1) return { staffType: home.staffStatus, typeLabel: label(home.staffStatus) };
  const missing = home === undefined ? 'no SCHOOLSTAFF row at the home school' : 'no active SCHOOLSTAFF row at the home school';
  if (fallback !== null) return { staffType: fallback, typeLabel: `${label(fallback)}: ${missing} (staff.inactiveHomeSchoolStaffType)` };
  if (home === undefined) return { staffType: null, typeLabel: missing };
  return { staffType: home.staffStatus, typeLabel: label(home.staffStatus) };
}
