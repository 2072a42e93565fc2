import type { Config } from '../config/types.js';
import { limitHolds } from '../guardrails/limits.js';
import { schoolDropHolds } from '../guardrails/school-drop.js';
import type { DesiredAccount } from '../model/account.js';
import type { TargetDescription } from '../model/directory-port.js';
import type { Issue } from '../model/issue.js';
import type { ActualIndex } from './actual-index.js';
import { diffAccounts, type DiffTarget } from './diff.js';
import { diffGroups, type ManagedGroups } from './group-diff.js';
import { summarise } from './summary.js';
import { GROUP_CHANGE_KINDS, isAccountChange, PLAN_FORMAT, PLAN_FORMAT_VERSION, type AccountChange, type Change, type GroupChangeKind, type Plan, type PlanInputs, type PlanIssue } from './types.js';

/** What the rules and the target's mapping asked for. */
export interface DesiredState {
  accounts: DesiredAccount[];
  /** Source rows, people and accounts left out, each naming its row. */
  issues: Issue[];
  /** People left out on purpose (skip lists, no email), by reason. */
  skipped: Record<string, number>;
}

export interface PlanContext {
  target: TargetDescription;
  today: string;
  toolVersion: string;
  inputs: PlanInputs;
}

/**
 * Pure: desired accounts x the directory's accounts -> the plan, sorted so the same inputs give
 * the same plan, with the holds its safety limits call for; with `groups` (a config that manages
 * groups), the managed groups' changes too.
 */
export function buildPlan(desired: DesiredState, actual: ActualIndex, context: PlanContext, config: Config, target: DiffTarget, groups?: ManagedGroups): Plan {
  const diff = diffAccounts(desired.accounts, actual, { ...target, today: context.today });
  const issues: PlanIssue[] = [...desired.issues.map((i) => ({ ...i })), ...diff.issues].sort(compareIssues);
  const grouped = groups === undefined ? undefined : diffGroups(groups, { accounts: actual.accounts, desired: desired.accounts, matches: diff.matches, claims: diff.claims, changes: diff.changes });
  const changes = [...diff.changes, ...(grouped?.changes ?? [])].sort(compareChanges);
  const skipped = Object.values(desired.skipped).reduce((a, b) => a + b, 0);
  const summary = summarise(changes, issues, {
    desired: desired.accounts.length,
    matched: diff.counts.matched,
    unmanaged: diff.counts.unmanaged,
    absentInactive: diff.counts.absentInactive,
    skipped,
    frozen: diff.counts.frozen,
    inSync: diff.counts.inSync,
  }, grouped?.counts);
  return {
    format: PLAN_FORMAT,
    formatVersion: PLAN_FORMAT_VERSION,
    tool: { name: 'rollcall', version: context.toolVersion },
    target: context.target,
    today: context.today,
    inputs: context.inputs,
    summary,
    holds: [...schoolDropHolds(desired.accounts, actual.accounts, config.safety.schoolDrop, target), ...limitHolds(summary, config.safety, context.today)],
    issues,
    changes,
  };
}

/** An account's changes in the order apply makes them: the account, its licences (taken before given), its groups. */
const ACCOUNT_KIND_ORDER: Record<AccountChange['kind'], number> = { 'delete-account': 0, create: 1, update: 2, 'remove-licence': 3, 'assign-licence': 4, 'remove-from-group': 5 };
const GROUP_KIND_ORDER = Object.fromEntries(GROUP_CHANGE_KINDS.map((kind, i) => [kind, i])) as Record<GroupChangeKind, number>;

/** Account changes first, by address; then group changes, by group, in the order apply makes them. */
function compareChanges(a: Change, b: Change): number {
  if (isAccountChange(a)) {
    if (!isAccountChange(b)) return -1;
    return cmp(a.address, b.address) || ACCOUNT_KIND_ORDER[a.kind] - ACCOUNT_KIND_ORDER[b.kind] || cmp(secondKey(a), secondKey(b)) || cmp(a.id, b.id);
  }
  if (isAccountChange(b)) return 1;
  return cmp(a.group, b.group) || GROUP_KIND_ORDER[a.kind] - GROUP_KIND_ORDER[b.kind] || cmp('member' in a ? a.member : '', 'member' in b ? b.member : '') || cmp(a.id, b.id);
}

/** What tells an account's changes of one kind apart: the group, the licence. */
function secondKey(c: AccountChange): string {
  return c.kind === 'remove-from-group' ? c.group : c.kind === 'assign-licence' || c.kind === 'remove-licence' ? c.licence : '';
}

function compareIssues(a: PlanIssue, b: PlanIssue): number {
  return cmp(a.file ?? '', b.file ?? '') || (a.row ?? 0) - (b.row ?? 0) || cmp(a.code, b.code) || cmp(a.message, b.message);
}

/** Code-unit order, not locale order: the same on every machine. */
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
