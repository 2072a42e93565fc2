/**
 * How the account changes of a plan are grouped for review: by school (school number order,
 * changes without a school last), and within a school by action group in a fixed, worst-first
 * order. Each change is listed, and counted, exactly once: under its most serious action. (A
 * managed group's changes are shown by group instead: managed-groups.ts.)
 */
import { isAccountChange, UPDATE_ACTIONS, type AccountChange, type Change, type Person, type UpdateAction } from '../plan/types.js';

export type ActionGroup = 'delete-account' | 'create' | UpdateAction | 'remove-from-group' | 'remove-licence' | 'assign-licence';

/** The order groups are shown in: deletions (for good), new accounts, then lost access, then restored, then edits, then licences. */
export const ACTION_GROUPS: readonly ActionGroup[] = ['delete-account', 'create', ...UPDATE_ACTIONS, 'remove-from-group', 'remove-licence', 'assign-licence'];

/** The groups only some plans have: views show them only when a plan does. */
export const LIFECYCLE_GROUPS: ReadonlySet<ActionGroup> = new Set(['delete-account', 'remove-licence', 'assign-licence']);

export const ACTION_GROUP_LABELS: Record<ActionGroup, string> = {
  'delete-account': 'delete',
  create: 'create',
  suspend: 'suspend',
  unsuspend: 'unsuspend',
  rename: 'rename',
  move: 'move',
  'update-attributes': 'update attributes',
  'remove-from-group': 'remove from group',
  'remove-licence': 'remove licence',
  'assign-licence': 'assign licence',
};

/** The group a change is listed under: for an update carrying several actions, the worst one. */
export function actionGroupOf(change: AccountChange): ActionGroup {
  switch (change.kind) {
    case 'create':
    case 'remove-from-group':
    case 'assign-licence':
    case 'remove-licence':
    case 'delete-account':
      return change.kind;
    case 'update':
      // UPDATE_ACTIONS is worst first; an update with no action (never planned) still gets a place.
      return UPDATE_ACTIONS.find((action) => change.actions.includes(action)) ?? 'update-attributes';
  }
}

export interface ActionGroupOfChanges {
  action: ActionGroup;
  /** Sorted by address. */
  changes: AccountChange[];
}

export interface SchoolGroup {
  /** Stable key: the school number, or `none:student` / `none:staff`. */
  key: string;
  school: { number: number; name: string } | null;
  /** Set when `school` is null: whose changes these are. */
  population?: Person['population'];
  label: string;
  /** Only groups that have changes, in ACTION_GROUPS order. */
  actions: ActionGroupOfChanges[];
  total: number;
}

export function schoolLabel(school: { number: number; name: string } | null, population?: Person['population']): string {
  if (school) return `${school.name} (${school.number})`;
  return population === 'staff' ? 'No school: staff (substitutes, district office)' : 'No school: students';
}

/** Code-unit order, not locale order: the same plan must render the same bytes on any machine. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function byAddress(a: AccountChange, b: AccountChange): number {
  return compareText(a.address, b.address) || compareText(a.id, b.id);
}

interface SchoolBucket {
  school: { number: number; name: string } | null;
  population?: Person['population'];
  changes: AccountChange[];
}

/** Numbered schools first, by number; then students without a school; staff without a school last. */
function schoolRank(bucket: SchoolBucket): [number, number] {
  if (bucket.school) return [0, bucket.school.number];
  return [bucket.population === 'staff' ? 2 : 1, 0];
}

/** The plan's account changes by school (its group changes are left to managed-groups.ts). */
export function groupBySchool(changes: readonly Change[]): SchoolGroup[] {
  const buckets = new Map<string, SchoolBucket>();
  for (const change of changes) {
    if (!isAccountChange(change)) continue;
    const { school, population } = change.person;
    const key = school ? String(school.number) : `none:${population}`;
    let bucket = buckets.get(key);
    if (!bucket) {
      // The first change seen names the school: the plan's own order makes that deterministic.
      bucket = school ? { school, changes: [] } : { school: null, population, changes: [] };
      buckets.set(key, bucket);
    }
    bucket.changes.push(change);
  }
  return [...buckets.entries()]
    .sort(([, a], [, b]) => {
      const [ra, na] = schoolRank(a);
      const [rb, nb] = schoolRank(b);
      return ra - rb || na - nb;
    })
    .map(([key, bucket]) => ({
      key,
      school: bucket.school,
      ...(bucket.population ? { population: bucket.population } : {}),
      label: schoolLabel(bucket.school, bucket.population),
      actions: groupByAction(bucket.changes),
      total: bucket.changes.length,
    }));
}

export function groupByAction(changes: readonly AccountChange[]): ActionGroupOfChanges[] {
  return ACTION_GROUPS.map((action) => ({
    action,
    changes: changes.filter((change) => actionGroupOf(change) === action).sort(byAddress),
  })).filter((group) => group.changes.length > 0);
}

/** How every view counts changes by action, said where the counts are shown. */
export const COUNTED_ONCE = 'Each change is counted once, under its most serious action (a suspend that also moves is a suspend).';

/** Account changes per action group, each counted once (the counts add up to the account changes). */
export function countByActionGroup(changes: readonly Change[]): Record<ActionGroup, number> {
  const counts = Object.fromEntries(ACTION_GROUPS.map((action) => [action, 0])) as Record<ActionGroup, number>;
  for (const change of changes) if (isAccountChange(change)) counts[actionGroupOf(change)] += 1;
  return counts;
}

/** "3 create, 2 suspend, 7 move": the non-zero groups, in group order. */
export function describeGroupCounts(groups: readonly ActionGroupOfChanges[]): string {
  return groups.map((group) => `${group.changes.length} ${ACTION_GROUP_LABELS[group.action]}`).join(', ');
}
