import type { Config } from '../config/types.js';
import type { DesiredPerson, StaffBelonging } from '../model/person.js';
import type { SchoolRow, SchoolStaffRow, StaffUserRow } from '../sources/rows.js';
import { casedName, sameIgnoringCase } from './name-case.js';
import type { RuleOutcome } from './rule-outcome.js';
import { schoolLabel } from './school-scope.js';
import { skippedName } from './skip-names.js';

const STAFF_STATUS_NAMES: Record<number, string> = { 0: 'not assigned', 1: 'teacher', 2: 'staff', 3: 'lunch staff', 4: 'substitute' };

/**
 * The D118 staff rules for one USERS row and its SCHOOLSTAFF rows (in-scope schools only; school
 * names already cased, see desired-people):
 * - active when any SCHOOLSTAFF row is active (STATUS 1); access list = those schools;
 * - staff type = STAFFSTATUS of the home school's active row, else staff.inactiveHomeSchoolStaffType;
 * - substitutes: that type, or a home school that is the substitute building;
 * - everyone else active belongs to their home school; inactive staff lose access.
 * Which containers that means is each target's business (Google: org units from templates).
 */
export function desiredStaff(
  user: StaffUserRow,
  assignments: readonly SchoolStaffRow[],
  schools: ReadonlyMap<number, SchoolRow>,
  inScope: (school: SchoolRow) => boolean,
  config: Config,
): RuleOutcome {
  const rules = config.staff;
  const email = user.email.toLowerCase();
  if (email === '') return { kind: 'skipped', reason: 'no EMAIL_ADDR in PowerSchool' };
  const local = email.split('@')[0];
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
    const { file, row } = user.origin;
    return {
      kind: 'issue',
      issue: { severity: 'error', code: 'UNKNOWN_SCHOOL', file, row, field: 'HOMESCHOOLID', message: `${file} row ${row}: ${email} has home school ${user.homeSchoolId}, which is not in schools.csv` },
    };
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

  let status: StaffBelonging['status'];
  let placementReason: string;
  let enabledReason: string;
  if (!active) {
    status = 'inactive';
    placementReason = enabledReason = inScopeAssignments.length === 0 ? 'no SCHOOLSTAFF rows' : `no active SCHOOLSTAFF row (of ${inScopeAssignments.length})`;
  } else if (substitute) {
    status = 'substitute';
    placementReason = `substitute (${inSubstituteBuilding ? `home school ${schoolLabel(home)}` : typeLabel})`;
    enabledReason = `active at ${activeSchools.join(', ')}`;
  } else {
    status = 'active';
    placementReason = `home school ${schoolLabel(home)}, ${typeLabel}`;
    enabledReason = `active at ${activeSchools.join(', ')}`;
  }

  const given = casedName(user.firstName, config.names.case);
  const family = casedName(user.lastName, config.names.case);
  const override = rules.buildingNameOverrides[String(user.homeSchoolId)];
  const person: DesiredPerson = {
    person: {
      population: 'staff',
      dcid: user.dcid,
      ...(user.teacherNumber ? { number: user.teacherNumber } : {}),
      displayName: `${given} ${family}`,
      school: { number: home.schoolNumber, name: home.name },
    },
    name: { given, family },
    identity: { dcid: user.dcid, id: user.dcid, studentNumber: '', teacherNumber: user.teacherNumber, email: user.email, firstName: user.firstName, lastName: user.lastName },
    belonging: {
      population: 'staff',
      school: { number: home.schoolNumber, name: home.name, abbreviation: home.abbreviation },
      status,
      enabled: active,
      schools: activeSchools,
      staffType,
      reasons: { placement: placementReason, enabled: enabledReason },
    },
    facts: {
      dcid: user.dcid,
      homeschool: String(user.homeSchoolId),
      schoolAccessList: activeSchools.join(rules.accessListSeparator),
      staffType: staffType === null ? '' : String(staffType),
      staffGroup: user.groupValue,
      teacherNumber: user.teacherNumber,
      crisisGoCell: user.cellPhone,
      crisisGoBuilding: override ?? home.name,
    },
    origin: user.origin,
  };
  return { kind: 'person', person };
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
