/**
 * Explains one person: what PowerSchool holds about them, what the rules made of it (scope, skip
 * list, placement, summer grace, duplicates), which Google account matched and by which key
 * (frozen and temporary-reactivation OUs included), and what the plan does or does not do.
 * Pure: it reads the same rows, desired state, Google state and plan `rollcall plan` builds.
 */
import type { Config } from '../config/types.js';
import { ActualIndex } from '../plan/actual-index.js';
import type { Change, Plan, PlanIssue } from '../plan/types.js';
import type { DesiredAccount } from '../rules/desired-account.js';
import type { DesiredState } from '../rules/desired-state.js';
import { compileOrgUnitPatterns, sameOrgUnit } from '../rules/org-unit-pattern.js';
import { schoolInScope, schoolLabel } from '../rules/school-scope.js';
import { desiredStaff } from '../rules/staff.js';
import { desiredStudent, type RuleOutcome } from '../rules/students.js';
import type { SchoolRow, SourceRows } from '../sources/rows.js';
import type { DirectoryUser, GoogleState } from '../targets/google/directory-types.js';
import { findRecords, originKey, type FoundRecord, type PersonQuery } from './find-records.js';

export type { PersonQuery } from './find-records.js';

/** One source row with PowerSchool's column names. */
export interface SourceRecordView {
  file: string;
  row: number;
  columns: Record<string, string | number | boolean | null>;
}

/** A Google account as the read found it (managed fields and what identifies it). */
export interface AccountView {
  primaryEmail: string;
  id?: string;
  name: string;
  orgUnitPath: string;
  suspended: boolean;
  aliases?: string[];
}

export interface RecordExplanation {
  population: 'student' | 'staff';
  record: SourceRecordView;
  /** Staff: their SCHOOLSTAFF rows. */
  assignments?: SourceRecordView[];
  /** What the rules made of the record, one sentence each, in the order they apply. */
  rules: string[];
  /** The account the rules ask for; null when the record is skipped, out of scope or left out. */
  desired: { primaryEmail: string; name: string; orgUnitPath: string; suspended: boolean } | null;
  /** How the account is found: the configured match key and every account holding its value. */
  match: { rule: string; target: string; value: string; accounts: string[] } | null;
  /** The Google account matched, when exactly one was. */
  account: AccountView | null;
  /** The plan's changes to this person's account (and group memberships). */
  changes: Change[];
  /** The plan's issues about this record or its account. */
  issues: PlanIssue[];
  /** What the plan does or does not do, in one sentence. */
  outcome: string;
}

export interface Explanation {
  query: PersonQuery;
  domain: string;
  today: string;
  records: RecordExplanation[];
  /** Google accounts the question names that no PowerSchool record claims: rollcall leaves them alone. */
  unmanaged: AccountView[];
  /** The plan as a whole is held: apply refuses it without --override-holds. */
  holds: string[];
}

export interface ExplainInput {
  query: PersonQuery;
  rows: SourceRows;
  config: Config;
  today: string;
  desired: DesiredState;
  actual: GoogleState;
  plan: Plan;
}

export function explainPerson(input: ExplainInput): Explanation {
  const { query, rows, config, plan } = input;
  const index = new ActualIndex(input.actual);
  const schools = firstSchools(rows.schools);
  const kept = new Map(input.desired.accounts.map((d) => [originKey(d.origin), d]));
  const records = findRecords(query, rows, config, input.desired.accounts, index).map((found) => inOrder(explainRecord(found, { ...input, index, schools, kept })));
  const claimed = new Set(records.map((r) => r.account?.primaryEmail));
  const unmanaged: AccountView[] = [];
  if (query.by === 'address') {
    const owner = index.owner(query.value.trim());
    if (owner && !claimed.has(owner.primaryEmail.toLowerCase())) unmanaged.push(accountView(owner));
  }
  return { query, domain: plan.domain, today: plan.today, records, unmanaged, holds: plan.holds.map((h) => h.message) };
}

interface Context extends ExplainInput {
  index: ActualIndex;
  schools: Map<number, SchoolRow>;
  kept: Map<string, DesiredAccount>;
}

function explainRecord(found: FoundRecord, ctx: Context): RecordExplanation {
  const { config } = ctx;
  const origin = found.row.origin;
  const rules: string[] = [];
  let outcome: RuleOutcome;
  if (found.population === 'student') {
    const s = found.row;
    const school = ctx.schools.get(s.schoolId);
    const inScope = school !== undefined && schoolInScope(school, config.scope.schools);
    if (school) rules.push(`school ${schoolLabel(school)}: ${inScope ? 'in scope' : `outside scope.schools (${JSON.stringify(config.scope.schools)})`}`);
    if (!config.students.enabled) rules.push('students.enabled is false: no student is managed');
    outcome = config.students.enabled ? desiredStudent(s, school, inScope, config, ctx.today) : { kind: 'out-of-scope' };
  } else {
    const inScope = (school: SchoolRow) => schoolInScope(school, config.scope.schools);
    const home = ctx.schools.get(found.row.homeSchoolId);
    if (home) rules.push(`home school ${schoolLabel(home)}: ${inScope(home) ? 'in scope' : `outside scope.schools (${JSON.stringify(config.scope.schools)})`}`);
    if (!config.staff.enabled) rules.push('staff.enabled is false: no staff member is managed');
    outcome = config.staff.enabled ? desiredStaff(found.row, found.assignments, ctx.schools, inScope, config) : { kind: 'out-of-scope' };
  }
  const issues = ctx.plan.issues.filter((i) => i.file === origin.file && i.row === origin.row);
  const base = {
    population: found.population,
    record: recordView(found),
    ...(found.population === 'staff' ? { assignments: found.assignments.map((a) => view(a.origin, { USERS_DCID: a.usersDcid, SCHOOLID: a.schoolId, STATUS: a.status, STAFFSTATUS: a.staffStatus })) } : {}),
  };
  const nothing = (sentence: string): RecordExplanation => ({ ...base, rules, desired: null, match: null, account: null, changes: [], issues, outcome: sentence });

  switch (outcome.kind) {
    case 'skipped':
      rules.push(`skipped: ${outcome.reason}`);
      return nothing('nothing: the record is skipped, so rollcall neither creates nor changes an account for it');
    case 'out-of-scope':
      if (rules.every((r) => !r.includes('enabled is false'))) rules.push('out of scope: no school of this record is in scope.schools');
      return nothing('nothing: the record is out of scope, so any account of it is unmanaged and left alone');
    case 'issue':
      rules.push(`left out: ${outcome.issue.code}: ${outcome.issue.message}`);
      return nothing('nothing: the record is left out until PowerSchool is fixed (see the issue)');
    case 'account':
      break;
  }
  const made = outcome.account;
  rules.push(`org unit ${made.orgUnitPath}: ${made.reasons.orgUnit}`);
  rules.push(`${made.suspended ? 'suspended' : 'active'}: ${made.reasons.suspended}`);
  const desired = { primaryEmail: made.primaryEmail, name: `${made.name.givenName} ${made.name.familyName}`, orgUnitPath: made.orgUnitPath, suspended: made.suspended };
  const d = ctx.kept.get(originKey(origin));
  if (!d) {
    for (const i of issues.filter((x) => x.code.startsWith('DUPLICATE_'))) rules.push(`duplicate: ${i.code}: ${i.message}`);
    return { ...nothing('nothing: another PowerSchool record claims the same person, and this one is left out (see the issues)'), desired };
  }

  const rule = `${d.person.population === 'student' ? 'students' : 'staff'}.match`;
  const accounts = ctx.index.find(d.match.target, d.match.value);
  const match = { rule, target: d.match.target, value: d.match.value, accounts: accounts.map((u) => u.primaryEmail.toLowerCase()).sort() };
  const result = { ...base, rules, desired, match, issues };
  if (accounts.length > 1) {
    return { ...result, account: null, changes: [], outcome: `nothing: ${accounts.length} Google accounts hold ${d.match.target} = ${d.match.value}, and none is changed until one remains` };
  }
  const user = accounts[0];
  if (!user) {
    const create = ctx.plan.changes.find((c) => c.kind === 'create' && c.address === d.primaryEmail);
    if (create) return { ...result, account: null, changes: [create], outcome: `creates ${d.primaryEmail} in ${d.orgUnitPath}` };
    if (d.suspended) return { ...result, account: null, changes: [], outcome: 'nothing: there is no account, and an inactive person gets none' };
    return { ...result, account: null, changes: [], outcome: 'nothing: no account matches and none can be created (see the issues)' };
  }

  const address = user.primaryEmail.toLowerCase();
  const orgUnitPath = user.orgUnitPath ?? '/';
  if (!sameOrgUnit(orgUnitPath, d.orgUnitPath)) {
    const frozenBy = compileOrgUnitPatterns(d.frozenOrgUnits)(orgUnitPath);
    if (frozenBy !== null) rules.push(`frozen OU: ${orgUnitPath} matches ${frozenBy}, so the account is not moved`);
  }
  if (d.suspended) rules.push('inactive: the account keeps the names, address and attributes it has; only suspension, org unit and groups follow PowerSchool');
  if (d.suspended && user.suspended !== true) {
    const reactivatedBy = compileOrgUnitPatterns(d.temporaryReactivationOrgUnits)(orgUnitPath);
    if (reactivatedBy !== null) rules.push(`temporary reactivation: ${orgUnitPath} matches ${reactivatedBy}, so the account stays active and in place`);
  }
  const accountIssues = ctx.plan.issues.filter((i) => i.address?.toLowerCase() === address && !issues.includes(i));
  const changes = ctx.plan.changes.filter((c) => c.kind !== 'create' && c.address.toLowerCase() === address);
  const claimedTwice = issues.some((i) => i.code === 'ACCOUNT_CLAIMED_TWICE');
  return {
    ...result,
    issues: [...issues, ...accountIssues],
    account: accountView(user),
    changes,
    outcome: claimedTwice
      ? 'nothing: another record matches the same account, and it is changed for neither'
      : changes.length > 0
        ? `changes ${address}: ${describeChanges(changes)}`
        : rules.some((r) => r.startsWith('temporary reactivation'))
          ? `nothing: ${address} stays active in its temporary-reactivation OU, and the rest already matches PowerSchool`
          : rules.some((r) => r.startsWith('frozen OU'))
            ? `nothing: ${address} stays in its frozen OU, and the rest already matches PowerSchool`
            : `nothing: ${address} already matches PowerSchool`,
  };
}

/** The same keys in the same order whichever way the record was explained (for JSON readers and diffs). */
function inOrder(r: RecordExplanation): RecordExplanation {
  return {
    population: r.population,
    record: r.record,
    ...(r.assignments !== undefined ? { assignments: r.assignments } : {}),
    rules: r.rules,
    desired: r.desired,
    match: r.match,
    account: r.account,
    changes: r.changes,
    issues: r.issues,
    outcome: r.outcome,
  };
}

function describeChanges(changes: readonly Change[]): string {
  return changes
    .map((c) => (c.kind === 'update' ? c.actions.join(', ') : c.kind === 'remove-from-group' ? `remove from ${c.group}` : 'create'))
    .join('; ');
}

function recordView(found: FoundRecord): SourceRecordView {
  if (found.population === 'student') {
    const s = found.row;
    return view(s.origin, {
      DCID: s.dcid,
      ID: s.id,
      STUDENT_NUMBER: s.studentNumber,
      FIRST_NAME: s.firstName,
      MIDDLE_NAME: s.middleName,
      LAST_NAME: s.lastName,
      GRADE_LEVEL: s.gradeLevel,
      SCHOOLID: s.schoolId,
      ENROLL_STATUS: s.enrollStatus,
      CLASSOF: s.classOf,
    });
  }
  const u = found.row;
  return view(u.origin, {
    DCID: u.dcid,
    EMAIL_ADDR: u.email,
    FIRST_NAME: u.firstName,
    LAST_NAME: u.lastName,
    TEACHERNUMBER: u.teacherNumber,
    HOMESCHOOLID: u.homeSchoolId,
    GROUPVALUE: u.groupValue,
    CELLPHONE: u.cellPhone,
  });
}

function view(origin: { file: string; row: number }, columns: SourceRecordView['columns']): SourceRecordView {
  return { file: origin.file, row: origin.row, columns };
}

function accountView(user: DirectoryUser): AccountView {
  return {
    primaryEmail: user.primaryEmail.toLowerCase(),
    ...(user.id !== undefined ? { id: user.id } : {}),
    name: `${user.name?.givenName ?? ''} ${user.name?.familyName ?? ''}`.trim(),
    orgUnitPath: user.orgUnitPath ?? '/',
    suspended: user.suspended === true,
    ...(user.aliases !== undefined && user.aliases.length > 0 ? { aliases: [...user.aliases] } : {}),
  };
}

/** The first row of each school number, as the rules use it (a repeated number is an issue there). */
function firstSchools(schools: readonly SchoolRow[]): Map<number, SchoolRow> {
  const map = new Map<number, SchoolRow>();
  for (const s of schools) if (!map.has(s.schoolNumber)) map.set(s.schoolNumber, s);
  return map;
}
