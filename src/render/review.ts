/**
 * The review view: what an IT admin checks before applying a summer rollover of thousands of
 * changes, in minutes rather than by reading every line. Counts per school and action, the
 * largest groups of similar changes first (a group of 412 identical promotions is read once),
 * graduates by class with their grace dates, holds, and the validation issues by code.
 */
import { Chalk } from 'chalk';
import { subjectAddress } from '../plan/change-subject.js';
import { GROUP_CHANGE_KINDS, isAccountChange, isGroupChange, type Change, type GroupChangeKind, type Plan } from '../plan/types.js';
import { UNSET } from './describe-change.js';
import { describeRestoreWindows } from './describe-plan.js';
import { personLabel } from './describe-person.js';
import { ACTION_GROUPS, ACTION_GROUP_LABELS, actionGroupOf, COUNTED_ONCE, countByActionGroup, groupBySchool, LIFECYCLE_GROUPS, schoolLabel, type ActionGroup } from './group-changes.js';
import { emptyGroupCounts, GROUP_CHANGE_LABELS, groupByGroup } from './managed-groups.js';
import { escapeCell } from './markdown-escape.js';
import type { TextSink } from './output.js';

export interface ReviewData {
  /** Accounts deleted for good, shown first: when each was suspended, how long it can be restored. */
  deletions: Array<{ address: string; person: string; school: string; suspendedOn: string; restorableDays: number; transferTo: string | null }>;
  schools: Array<{ label: string; counts: Record<string, number>; total: number }>;
  /** Managed groups' changes by set: how many groups change, and each kind of change. */
  groupSets: Array<{ set: string; groups: number; counts: Record<GroupChangeKind, number>; total: number }>;
  similar: Array<{ description: string; count: number; example: string }>;
  graduates: Array<{ classOf: number | null; activeUntil: string | null; count: number }>;
  issues: Array<{ code: string; severity: string; count: number; example: string }>;
}

/** What one change does, without the person: changes with the same description are "similar". */
function similarity(c: Change): string {
  if (isGroupChange(c)) return `${GROUP_CHANGE_LABELS[c.kind]} (set ${c.set})${c.kind === 'change-role' ? `: ${c.was} -> ${c.role}` : ''}`;
  if (c.kind === 'create') return `create in ${c.after.placement.join(', ')}`;
  if (c.kind === 'remove-from-group') return `remove from group ${c.group}`;
  if (c.kind === 'assign-licence' || c.kind === 'remove-licence') return `${c.kind === 'assign-licence' ? 'assign' : 'remove'} licence ${c.licence}`;
  if (c.kind === 'delete-account') return `delete from ${c.before.placement.join(', ') || UNSET}`;
  const parts = [c.actions.join(' + ')];
  const [before, after] = [c.before.placement.join(', ') || UNSET, c.after.placement.join(', ') || UNSET];
  if (before !== after) parts.push(`${before} -> ${after}`);
  else if (c.actions.includes('suspend') || c.actions.includes('unsuspend')) parts.push(`in ${after}`);
  return parts.join(' ');
}

export function reviewData(plan: Plan): ReviewData {
  const deletions = plan.changes.flatMap((c) =>
    c.kind === 'delete-account'
      ? [{ address: c.address, person: personLabel(c.person), school: schoolLabel(c.person.school, c.person.population), suspendedOn: c.suspendedOn, restorableDays: c.restorableDays, transferTo: c.transferTo ?? null }]
      : [],
  );
  const schools = groupBySchool(plan.changes).map((s) => {
    const counts = countByActionGroup(s.actions.flatMap((a) => a.changes));
    return { label: s.label, counts, total: s.total };
  });
  const similar = new Map<string, { count: number; example: string }>();
  for (const c of plan.changes) {
    const key = similarity(c);
    const entry = similar.get(key) ?? { count: 0, example: isGroupChange(c) && c.kind !== 'create-group' && c.kind !== 'delete-group' ? `${c.member} in ${c.group}` : subjectAddress(c) };
    entry.count++;
    similar.set(key, entry);
  }
  const graduates = new Map<string, { classOf: number | null; activeUntil: string | null; count: number }>();
  for (const c of plan.changes) {
    // An account's own change counts its graduate once (its licence and group changes do not).
    const g = c.kind === 'create' || c.kind === 'update' ? c.person.graduate : undefined;
    if (!g) continue;
    const key = `${g.classOf}|${g.activeUntil}`;
    const entry = graduates.get(key) ?? { ...g, count: 0 };
    entry.count++;
    graduates.set(key, entry);
  }
  const issues = new Map<string, { code: string; severity: string; count: number; example: string }>();
  for (const i of plan.issues) {
    const entry = issues.get(i.code) ?? { code: i.code, severity: i.severity, count: 0, example: i.message };
    entry.count++;
    issues.set(i.code, entry);
  }
  const byCountThenName = <T extends { count: number }>(key: (t: T) => string) => (a: T, b: T) =>
    b.count - a.count || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
  const groupSets = new Map<string, { set: string; groups: number; counts: Record<GroupChangeKind, number>; total: number }>();
  for (const g of groupByGroup(plan.changes)) {
    let entry = groupSets.get(g.set);
    if (entry === undefined) groupSets.set(g.set, (entry = { set: g.set, groups: 0, counts: emptyGroupCounts(), total: 0 }));
    entry.groups++;
    entry.total += g.changes.length;
    for (const kind of GROUP_CHANGE_KINDS) entry.counts[kind] += g.counts[kind];
  }
  return {
    deletions,
    schools,
    groupSets: [...groupSets.values()].sort((a, b) => (a.set < b.set ? -1 : a.set > b.set ? 1 : 0)),
    similar: [...similar.entries()].map(([description, v]) => ({ description, ...v })).sort(byCountThenName((s) => s.description)),
    graduates: [...graduates.values()].sort((a, b) => (b.classOf ?? 0) - (a.classOf ?? 0) || String(a.activeUntil).localeCompare(String(b.activeUntil))),
    issues: [...issues.values()].sort(byCountThenName((i) => i.code)),
  };
}

/** Every action, but deletions and licences only in a plan that has them. */
function columnsOf(plan: Plan): ActionGroup[] {
  const present = new Set(plan.changes.filter(isAccountChange).map(actionGroupOf));
  return ACTION_GROUPS.filter((a) => !LIFECYCLE_GROUPS.has(a) || present.has(a));
}
const SHORT: Record<ActionGroup, string> = {
  'delete-account': 'delete',
  create: 'create',
  suspend: 'suspend',
  unsuspend: 'unsusp',
  rename: 'rename',
  move: 'move',
  'update-attributes': 'attrs',
  'remove-from-group': 'groups',
  'remove-licence': 'lic -',
  'assign-licence': 'lic +',
};
const GROUP_SHORT: Record<GroupChangeKind, string> = { 'create-group': 'create', 'remove-member': 'remove', 'change-role': 'role', 'add-member': 'add', 'delete-group': 'delete' };
const GROUP_COLUMN_WIDTH = Math.max(...Object.values(GROUP_SHORT).map((label) => label.length), 'groups'.length, 'total'.length) + 2;
/** The widest short label and at least two spaces before it, so headers never run together. */
const COLUMN_WIDTH = Math.max(...Object.values(SHORT).map((label) => label.length), 'total'.length) + 2;

export function renderReviewText(plan: Plan, out: TextSink, options: { color: boolean; maxGroups?: number }): void {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const data = reviewData(plan);
  const w = (s: string) => out.write(`${s}\n`);
  w(c.bold(`rollcall review for ${plan.target.identity}, evaluated for ${plan.today}`));
  w(`  ${plan.summary.changes} changes to ${plan.summary.accounts.matched} managed accounts; ${plan.summary.accounts.unmanaged} unmanaged accounts left alone`);
  if (plan.holds.length > 0) {
    w('');
    w(c.red.bold('HELD: apply refuses this plan unless given --override-holds:'));
    for (const h of plan.holds) w(c.red(`  ! ${h.message}`));
  }
  if (data.deletions.length > 0) {
    w('');
    w(c.red.bold(`Deletions: ${data.deletions.length} accounts deleted for good (${describeRestoreWindows(data.deletions)} to restore each, then gone)`));
    for (const d of data.deletions) w(c.red(`  ${d.address}  ${d.person}  ${d.school}  suspended since ${d.suspendedOn}${d.transferTo !== null ? `, files to ${d.transferTo}` : ''}`));
  }
  const columns = columnsOf(plan);
  if (data.schools.length > 0) {
    const labelWidth = Math.max(...data.schools.map((s) => s.label.length), 6);
    w('');
    w(c.bold('By school'));
    const cells = (values: string[], total: string) => `${values.map((v) => v.padStart(COLUMN_WIDTH)).join('')}${total.padStart(COLUMN_WIDTH)}`;
    w(`  ${'school'.padEnd(labelWidth)}${cells(columns.map((a) => SHORT[a]), 'total')}`);
    for (const s of data.schools) w(`  ${s.label.padEnd(labelWidth)}${cells(columns.map((a) => String(s.counts[a] || '.')), String(s.total))}`);
    w(c.dim(`  ${COUNTED_ONCE}`));
  }
  if (data.groupSets.length > 0) {
    const setWidth = Math.max(...data.groupSets.map((s) => s.set.length), 'set'.length);
    w('');
    w(c.bold('Managed groups by set'));
    const cells = (values: string[]) => values.map((v) => v.padStart(GROUP_COLUMN_WIDTH)).join('');
    w(`  ${'set'.padEnd(setWidth)}${cells(['groups', ...GROUP_CHANGE_KINDS.map((k) => GROUP_SHORT[k]), 'total'])}`);
    for (const s of data.groupSets) w(`  ${s.set.padEnd(setWidth)}${cells([String(s.groups), ...GROUP_CHANGE_KINDS.map((k) => String(s.counts[k] || '.')), String(s.total)])}`);
  }
  if (data.similar.length > 0) {
    const max = options.maxGroups ?? 25;
    w('');
    w(c.bold('Largest groups of similar changes'));
    for (const g of data.similar.slice(0, max)) w(`  ${String(g.count).padStart(6)}  ${g.description}  ${c.dim(`e.g. ${g.example}`)}`);
    if (data.similar.length > max) w(c.dim(`  … ${data.similar.length - max} smaller groups (rollcall show PLAN lists every change)`));
  }
  if (data.graduates.length > 0) {
    w('');
    w(c.bold('Graduates'));
    for (const g of data.graduates) {
      const cls = g.classOf === null ? 'class unknown' : `class of ${g.classOf}`;
      w(`  ${String(g.count).padStart(6)}  ${cls}: ${g.activeUntil ? `stay active through ${g.activeUntil} (summer grace)` : 'suspended now'}`);
    }
  }
  if (data.issues.length > 0) {
    w('');
    w(c.bold(`Source issues (${plan.issues.length}): people left out until PowerSchool is fixed`));
    for (const i of data.issues) w(`  ${String(i.count).padStart(6)}  ${(i.severity === 'error' ? c.red : c.yellow)(i.code)}  ${c.dim(`e.g. ${i.example}`)}`);
  }
}

export function renderReviewMarkdown(plan: Plan, out: TextSink, options: { maxGroups?: number } = {}): void {
  const data = reviewData(plan);
  const lines = [`## rollcall review for ${escapeCell(plan.target.identity)}, evaluated for ${escapeCell(plan.today)}`, ''];
  lines.push(`${plan.summary.changes} changes to ${plan.summary.accounts.matched} managed accounts; ${plan.summary.accounts.unmanaged} unmanaged accounts left alone.`);
  if (plan.holds.length > 0) {
    lines.push('', '> [!WARNING]', '> **Held:** apply refuses this plan unless given `--override-holds`.', ...plan.holds.map((h) => `> - ${escapeCell(h.message)}`));
  }
  if (data.deletions.length > 0) {
    lines.push('', '### Deletions', '', `Deleted for good: ${describeRestoreWindows(data.deletions)} to restore each, then gone.`, '', '| account | person | school | suspended since | files to |', '|---|---|---|---|---|');
    for (const d of data.deletions) lines.push(`| ${escapeCell(d.address)} | ${escapeCell(d.person)} | ${escapeCell(d.school)} | ${d.suspendedOn} | ${escapeCell(d.transferTo ?? '')} |`);
  }
  const columns = columnsOf(plan);
  if (data.schools.length > 0) {
    lines.push('', '### By school', '', `| school | ${columns.map((a) => ACTION_GROUP_LABELS[a]).join(' | ')} | total |`, `|---|${columns.map(() => '---:').join('|')}|---:|`);
    for (const s of data.schools) lines.push(`| ${escapeCell(s.label)} | ${columns.map((a) => s.counts[a] || '').join(' | ')} | ${s.total} |`);
    lines.push('', `_${COUNTED_ONCE}_`);
  }
  if (data.groupSets.length > 0) {
    lines.push('', '### Managed groups by set', '', `| set | groups changed | ${GROUP_CHANGE_KINDS.map((k) => GROUP_CHANGE_LABELS[k]).join(' | ')} | total |`, `|---|---:|${GROUP_CHANGE_KINDS.map(() => '---:').join('|')}|---:|`);
    for (const s of data.groupSets) lines.push(`| ${escapeCell(s.set)} | ${s.groups} | ${GROUP_CHANGE_KINDS.map((k) => s.counts[k] || '').join(' | ')} | ${s.total} |`);
  }
  if (data.similar.length > 0) {
    const max = options.maxGroups ?? 50;
    lines.push('', '### Largest groups of similar changes', '', '| changes | what | example |', '|---:|---|---|');
    for (const g of data.similar.slice(0, max)) lines.push(`| ${g.count} | ${escapeCell(g.description)} | ${escapeCell(g.example)} |`);
    if (data.similar.length > max) lines.push('', `${data.similar.length - max} smaller groups not shown.`);
  }
  if (data.graduates.length > 0) {
    lines.push('', '### Graduates', '', '| class | accounts | access |', '|---|---:|---|');
    for (const g of data.graduates) lines.push(`| ${g.classOf ?? 'unknown'} | ${g.count} | ${g.activeUntil ? `active through ${g.activeUntil}` : 'suspended now'} |`);
  }
  if (data.issues.length > 0) {
    lines.push('', '### Source issues', '', '| code | rows | example |', '|---|---:|---|');
    for (const i of data.issues) lines.push(`| ${i.code} | ${i.count} | ${escapeCell(i.example)} |`);
  }
  out.write(`${lines.join('\n')}\n`);
}

/** The review for machines: the same figures as the text and markdown views, as one JSON document. */
export function renderReviewJson(plan: Plan, out: TextSink): void {
  const review = {
    target: { kind: plan.target.kind, identity: plan.target.identity },
    today: plan.today,
    changes: plan.summary.changes,
    managedAccounts: plan.summary.accounts.matched,
    unmanagedAccounts: plan.summary.accounts.unmanaged,
    holds: plan.holds,
    countedAs: 'each change once, under its most serious action',
    ...reviewData(plan),
  };
  out.write(`${JSON.stringify(review, null, 2)}\n`);
}
