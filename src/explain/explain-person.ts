/**
 * Explains one person: what PowerSchool holds about them, what the rules made of it (scope, skip
 * list, placement, summer grace, duplicates), which account the target's match key found
 * (frozen and temporary-reactivation containers included), and what the plan does or does not
 * do. Pure: it reads the same rows, desired accounts, directory state and plan `rollcall plan`
 * builds, and asks the target to map the person as the plan did.
 */
import type { Config } from '../config/types.js';
import type { ActualAccount, DesiredAccount } from '../model/account.js';
import { ADDRESS_KEY } from '../model/account.js';
import type { DirectoryTarget, TargetVocabulary } from '../model/directory-port.js';
import { dayAfter, isDay } from '../model/lifecycle.js';
import { compileContainerPatterns, samePlacement } from '../model/placement.js';
import type { ActualIndex } from '../plan/actual-index.js';
import type { DesiredState } from '../plan/build-plan.js';
import type { Change, Plan, PlanIssue } from '../plan/types.js';
import type { RuleOutcome } from '../rules/rule-outcome.js';
import { schoolInScope, schoolLabel } from '../rules/school-scope.js';
import { desiredStaff } from '../rules/staff.js';
import { desiredStudent } from '../rules/students.js';
import type { SchoolRow, SourceRows, StudentRow } from '../sources/rows.js';
import { findRecords, originKey, type FoundRecord, type PersonQuery } from './find-records.js';

export type { PersonQuery } from './find-records.js';

/** One source row with PowerSchool's column names. */
export interface SourceRecordView {
  file: string;
  row: number;
  columns: Record<string, string | number | boolean | null>;
}

/** An account as the read found it (managed fields and what identifies it). */
export interface AccountView {
  address: string;
  id?: string;
  name: string;
  placement: string[];
  enabled: boolean;
  otherAddresses?: string[];
}

export interface RecordExplanation {
  population: 'student' | 'staff';
  record: SourceRecordView;
  /** Staff: their SCHOOLSTAFF rows. */
  assignments?: SourceRecordView[];
  /** What the rules made of the record, one sentence each, in the order they apply. */
  rules: string[];
  /** The account the rules ask for; null when the record is skipped, out of scope or left out. */
  desired: { address: string; name: string; placement: string[]; enabled: boolean } | null;
  /** How the account is found: the configured match rule, the key and value, and every account holding it. */
  match: { rule: string; key: string; value: string; accounts: string[] } | null;
  /** The account matched, when exactly one was. */
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
  /** The directory the plan is for, and its words (for showing the changes). */
  target: Plan['target'];
  today: string;
  records: RecordExplanation[];
  /** Accounts the question names that no PowerSchool record claims: rollcall leaves them alone. */
  unmanaged: AccountView[];
  /** The plan as a whole is held: apply refuses it without --override-holds. */
  holds: string[];
}

export interface ExplainInput {
  query: PersonQuery;
  rows: SourceRows;
  config: Config;
  today: string;
  target: DirectoryTarget;
  desired: DesiredState;
  actual: ActualIndex;
  plan: Plan;
}

export function explainPerson(input: ExplainInput): Explanation {
  const { query, rows, config, plan, actual: index } = input;
  const schools = firstSchools(rows.schools);
  const kept = new Map(input.desired.accounts.map((d) => [originKey(d.origin), d]));
  const studentAddress = (student: StudentRow): string | null => {
    if (!input.target.populations.includes('student')) return null;
    const made = desiredStudent(student, schools.get(student.schoolId), true, config, input.today);
    return made.kind === 'person' ? (input.target.desiredAccounts([made.person]).accounts[0]?.fields.address ?? null) : null;
  };
  const records = findRecords(query, rows, studentAddress, input.desired.accounts, index).map((found) => inOrder(explainRecord(found, { ...input, schools, kept })));
  const claimed = new Set(records.map((r) => r.account?.address));
  const unmanaged: AccountView[] = [];
  if (query.by === 'address') {
    const owner = index.owner(query.value.trim());
    if (owner && !claimed.has(owner.address)) unmanaged.push(accountView(owner));
  }
  return { query, target: plan.target, today: plan.today, records, unmanaged, holds: plan.holds.map((h) => h.message) };
}

interface Context extends ExplainInput {
  schools: Map<number, SchoolRow>;
  kept: Map<string, DesiredAccount>;
}

function explainRecord(found: FoundRecord, ctx: Context): RecordExplanation {
  const { config, target } = ctx;
  const words = target.vocabulary;
  const origin = found.row.origin;
  const rules: string[] = [];
  let outcome: RuleOutcome;
  const managed = (population: 'student' | 'staff') => target.populations.includes(population);
  if (found.population === 'student') {
    const s = found.row;
    const school = ctx.schools.get(s.schoolId);
    const inScope = school !== undefined && schoolInScope(school, config.scope.schools);
    if (school) rules.push(`school ${schoolLabel(school)}: ${inScope ? 'in scope' : `outside scope.schools (${JSON.stringify(config.scope.schools)})`}`);
    if (!config.students.enabled) rules.push('students.enabled is false: no student is managed');
    else if (!managed('student')) rules.push(`${words.directory} does not manage students (${target.kind}.populations)`);
    outcome = managed('student') ? desiredStudent(s, school, inScope, config, ctx.today) : { kind: 'out-of-scope' };
  } else {
    const inScope = (school: SchoolRow) => schoolInScope(school, config.scope.schools);
    const home = ctx.schools.get(found.row.homeSchoolId);
    if (home) rules.push(`home school ${schoolLabel(home)}: ${inScope(home) ? 'in scope' : `outside scope.schools (${JSON.stringify(config.scope.schools)})`}`);
    if (!config.staff.enabled) rules.push('staff.enabled is false: no staff member is managed');
    else if (!managed('staff')) rules.push(`${words.directory} does not manage staff (${target.kind}.populations)`);
    outcome = managed('staff') ? desiredStaff(found.row, found.assignments, ctx.schools, inScope, config) : { kind: 'out-of-scope' };
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
      if (rules.every((r) => !r.includes('enabled is false') && !r.includes('does not manage'))) rules.push('out of scope: no school of this record is in scope.schools');
      return nothing('nothing: the record is out of scope, so any account of it is unmanaged and left alone');
    case 'issue':
      rules.push(`left out: ${outcome.issue.code}: ${outcome.issue.message}`);
      return nothing('nothing: the record is left out until PowerSchool is fixed (see the issue)');
    case 'person':
      break;
  }
  const mapped = target.desiredAccounts([outcome.person]);
  const [left] = mapped.issues;
  if (left !== undefined) {
    rules.push(`left out: ${left.code}: ${left.message}`);
    return nothing('nothing: the record is left out until PowerSchool is fixed (see the issue)');
  }
  const made = mapped.accounts[0] as DesiredAccount;
  // An account in no managed container (an Entra leaver) says so.
  const placement = made.fields.placement.join(', ') || '(none)';
  rules.push(`${words.container} ${placement}: ${made.reasons.placement}`);
  rules.push(`${enabledWord(made.fields.enabled, words)}: ${made.reasons.enabled}`);
  const desired = {
    address: made.fields.address,
    name: `${made.fields.name.given} ${made.fields.name.family}`,
    placement: [...made.fields.placement],
    enabled: made.fields.enabled,
  };
  const d = ctx.kept.get(originKey(origin));
  if (!d) {
    for (const i of issues.filter((x) => x.code.startsWith('DUPLICATE_'))) rules.push(`duplicate: ${i.code}: ${i.message}`);
    return { ...nothing('nothing: another PowerSchool record claims the same person, and this one is left out (see the issues)'), desired };
  }

  const rule = `${d.person.population === 'student' ? 'students' : 'staff'}.match`;
  const key = d.match.key === ADDRESS_KEY ? words.address : d.match.key;
  const accounts = ctx.actual.find(d.match.key, d.match.value);
  const match = { rule, key, value: d.match.value, accounts: accounts.map((a) => a.address).sort() };
  const result = { ...base, rules, desired, match, issues };
  if (accounts.length > 1) {
    return { ...result, account: null, changes: [], outcome: `nothing: ${accounts.length} ${words.directory} accounts hold ${key} = ${d.match.value}, and none is changed until one remains` };
  }
  const account = accounts[0];
  if (!account) {
    const create = ctx.plan.changes.find((c) => c.kind === 'create' && c.address === d.fields.address);
    // A new account's licences and memberships are changes of their own, made right after it.
    const licences = ctx.plan.changes.filter((c) => c.kind === 'assign-licence' && c.address === d.fields.address);
    const memberships = ctx.plan.changes.filter((c) => c.kind === 'add-member' && c.member === d.fields.address);
    if (create) return { ...result, account: null, changes: [create, ...licences, ...memberships], outcome: `creates ${d.fields.address} in ${d.fields.placement.join(', ')}${memberships.length > 0 ? `; ${describeChanges(memberships)}` : ''}` };
    if (!d.fields.enabled) return { ...result, account: null, changes: [], outcome: 'nothing: there is no account, and an inactive person gets none' };
    return { ...result, account: null, changes: [], outcome: 'nothing: no account matches and none can be created (see the issues)' };
  }

  const address = account.address;
  const where = account.placement.join(', ');
  const policy = target.policy(d.person.population);
  if (!samePlacement(account.placement, d.fields.placement)) {
    const frozenBy = compileContainerPatterns(policy.frozen)(account.placement);
    if (frozenBy !== null) rules.push(`frozen ${words.containerShort}: ${where} matches ${frozenBy}, so the account is not moved`);
  }
  if (!d.fields.enabled) rules.push(`inactive: the account keeps the names, address and attributes it has; only its access, ${words.container} and groups follow PowerSchool`);
  if (!d.fields.enabled && account.enabled) {
    const reactivatedBy = compileContainerPatterns(policy.temporaryReactivation)(account.placement);
    if (reactivatedBy !== null) rules.push(`temporary reactivation: ${where} matches ${reactivatedBy}, so the account stays active and in place`);
  }
  const dated = suspensionRule(d, account, ctx.today);
  if (dated !== null) rules.push(dated);
  const accountIssues = ctx.plan.issues.filter((i) => i.address?.toLowerCase() === address && !issues.includes(i));
  // The account's own changes, and its places in managed groups (by the address it has, or gets tonight).
  const update = ctx.plan.changes.find((c) => c.kind === 'update' && c.address === address);
  const addresses = new Set([address, ...(update?.kind === 'update' ? [update.after.address] : [])]);
  const changes = ctx.plan.changes.filter((c) => ('address' in c ? c.kind !== 'create' && c.address === address : 'member' in c && addresses.has(c.member)));
  const claimedTwice = issues.some((i) => i.code === 'ACCOUNT_CLAIMED_TWICE');
  return {
    ...result,
    issues: [...issues, ...accountIssues],
    account: accountView(account),
    changes,
    outcome: claimedTwice
      ? 'nothing: another record matches the same account, and it is changed for neither'
      : changes.length > 0
        ? `changes ${address}: ${describeChanges(changes)}`
        : rules.some((r) => r.startsWith('temporary reactivation'))
          ? `nothing: ${address} stays active in its temporary-reactivation ${words.containerShort}, and the rest already matches PowerSchool`
          : rules.some((r) => r.startsWith(`frozen ${words.containerShort}`))
            ? `nothing: ${address} stays in its frozen ${words.containerShort}, and the rest already matches PowerSchool`
            : `nothing: ${address} already matches PowerSchool`,
  };
}

/** "active", or how the target says an account is not: "suspended" (Google), "disabled". */
export function enabledWord(enabled: boolean, words: TargetVocabulary): string {
  if (enabled) return 'active';
  return words.enabled.inverted ? words.enabled.field : 'disabled';
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
  const one = (c: Change): string => {
    switch (c.kind) {
      case 'update':
        return c.actions.join(', ');
      case 'remove-from-group':
      case 'remove-member':
        return `remove from ${c.group}`;
      case 'add-member':
        return `add to ${c.group} as ${c.role}`;
      case 'change-role':
        return `make ${c.role} of ${c.group}`;
      case 'assign-licence':
        return `assign licence ${c.licence}`;
      case 'remove-licence':
        return `remove licence ${c.licence}`;
      case 'delete-account':
        return `delete (suspended since ${c.suspendedOn})`;
      case 'create':
      case 'create-group':
      case 'delete-group':
        return c.kind;
    }
  };
  return changes.map(one).join('; ');
}

/** Where a suspended account's deletion clock stands, when its population keeps a suspension date. */
function suspensionRule(d: DesiredAccount, account: ActualAccount, today: string): string | null {
  const key = d.lifecycle?.suspendedOn ?? null;
  if (key === null || account.enabled) return null;
  const since = account.attributes[key] ?? '';
  const deleteAfter = d.lifecycle?.deleteAfterDays ?? null;
  if (!isDay(since)) return `suspended without a suspension date in ${key}: dated ${today}, and ${deleteAfter === null ? 'never deleted (deleteAfterDays is off)' : `deleted ${deleteAfter} days from then at the earliest`}`;
  if (deleteAfter === null) return `suspended since ${since} (${key}); never deleted (deleteAfterDays is off)`;
  return `suspended since ${since} (${key}): deleted ${deleteAfter} days after, from ${dayAfter(since, deleteAfter)} (unless frozen, re-enabled or changed first)`;
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

function accountView(account: ActualAccount): AccountView {
  return {
    address: account.address,
    ...(account.id !== undefined ? { id: account.id } : {}),
    name: `${account.name.given} ${account.name.family}`.trim(),
    placement: [...account.placement],
    enabled: account.enabled,
    ...(account.otherAddresses.length > 0 ? { otherAddresses: [...account.otherAddresses] } : {}),
  };
}

/** The first row of each school number, as the rules use it (a repeated number is an issue there). */
function firstSchools(schools: readonly SchoolRow[]): Map<number, SchoolRow> {
  const map = new Map<number, SchoolRow>();
  for (const s of schools) if (!map.has(s.schoolNumber)) map.set(s.schoolNumber, s);
  return map;
}
