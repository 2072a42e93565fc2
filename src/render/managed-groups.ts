/**
 * How a plan's changes to managed groups are shown: by group (in address order), and within a
 * group in the order apply makes them (create, removals, role changes, additions, delete), each
 * counted once under its kind.
 */
import { GROUP_CHANGE_KINDS, isGroupChange, type Change, type GroupChange, type GroupChangeKind } from '../plan/types.js';
import { personLabel } from './describe-person.js';

export const GROUP_CHANGE_LABELS: Readonly<Record<GroupChangeKind, string>> = {
  'create-group': 'create group',
  'remove-member': 'remove member',
  'change-role': 'change role',
  'add-member': 'add member',
  'delete-group': 'delete group',
};

export interface ChangesOfGroup {
  group: string;
  set: string;
  /** In GROUP_CHANGE_KINDS order, then by member. */
  changes: GroupChange[];
  counts: Record<GroupChangeKind, number>;
}

export function emptyGroupCounts(): Record<GroupChangeKind, number> {
  return Object.fromEntries(GROUP_CHANGE_KINDS.map((kind) => [kind, 0])) as Record<GroupChangeKind, number>;
}

const KIND_ORDER = Object.fromEntries(GROUP_CHANGE_KINDS.map((kind, i) => [kind, i])) as Record<GroupChangeKind, number>;

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The plan's group changes, one entry per group. */
export function groupByGroup(changes: readonly Change[]): ChangesOfGroup[] {
  const byGroup = new Map<string, ChangesOfGroup>();
  for (const change of changes) {
    if (!isGroupChange(change)) continue;
    let entry = byGroup.get(change.group);
    if (entry === undefined) byGroup.set(change.group, (entry = { group: change.group, set: change.set, changes: [], counts: emptyGroupCounts() }));
    entry.changes.push(change);
    entry.counts[change.kind]++;
  }
  const member = (c: GroupChange) => ('member' in c ? c.member : '');
  return [...byGroup.values()]
    .sort((a, b) => compareText(a.group, b.group))
    .map((g) => ({ ...g, changes: g.changes.sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || compareText(member(a), member(b)) || compareText(a.id, b.id)) }));
}

/** Group changes per kind, over the whole plan. */
export function countGroupChanges(changes: readonly Change[]): Record<GroupChangeKind, number> {
  const counts = emptyGroupCounts();
  for (const change of changes) if (isGroupChange(change)) counts[change.kind]++;
  return counts;
}

/** "1 create group, 3 add member": the non-zero kinds, in order. */
export function describeGroupChangeCounts(counts: Record<GroupChangeKind, number>): string {
  return GROUP_CHANGE_KINDS.filter((kind) => counts[kind] > 0)
    .map((kind) => `${counts[kind]} ${GROUP_CHANGE_LABELS[kind]}`)
    .join(', ');
}

/** Who a group change is about: the member's address and who they are, or the group itself. */
export function groupChangeSubject(change: GroupChange): { address: string; who: string } {
  if (change.kind === 'create-group' || change.kind === 'delete-group') return { address: change.group, who: change.kind === 'create-group' ? `"${change.name}"` : '' };
  return { address: change.member, who: change.person !== undefined ? personLabel(change.person) : 'not managed by rollcall' };
}
