import type { ChangeResult, OutcomeCounts } from '../apply/outcome.js';
import { describeCounts, describeWaiting } from '../apply/progress.js';
import { describeChange, subjectAddress } from '../plan/change-subject.js';
import type { AccountChange, Change, Plan } from '../plan/types.js';
import { describeTotals } from '../render/describe-plan.js';
import { personLabel } from '../render/describe-person.js';

/** What a notification says about one run: a title, a markdown body, and the figures for machines. */
export interface RunSummary {
  event: 'plan' | 'apply';
  /** The directory the plan is for. */
  target: { kind: string; identity: string };
  title: string;
  markdown: string;
  data: Record<string, unknown>;
}

const MAX_LISTED = 20;

export function planSummary(plan: Plan, planFile: string): RunSummary {
  const s = plan.summary;
  const status = plan.holds.length > 0 ? 'HELD' : s.changes === 0 ? 'no changes' : `${s.changes} changes`;
  const lines = [
    `**rollcall plan for ${plan.target.identity} (${plan.today}): ${status}**`,
    '',
    s.changes === 0 ? `${plan.target.vocabulary.directory} matches PowerSchool.` : describeTotals(plan),
    `Source issues: ${s.issues.error} errors, ${s.issues.warning} warnings. Unmanaged accounts left alone: ${s.accounts.unmanaged}.`,
    ...(plan.holds.length > 0 ? ['', 'Held (apply refuses it without --override-holds):', ...plan.holds.map((h) => `- ${h.message}`)] : []),
    ...departures(plan.changes, { deletions: 'Accounts to delete', removals: 'Licences to remove' }),
    '',
    `Plan file: \`${planFile}\``,
  ];
  return {
    event: 'plan',
    target: { kind: plan.target.kind, identity: plan.target.identity },
    title: `rollcall plan ${plan.target.identity}: ${status}`,
    markdown: lines.join('\n'),
    data: { today: plan.today, summary: s, holds: plan.holds, planFile },
  };
}

export function applySummary(plan: Plan, planFile: string, result: { ok: boolean; counts: OutcomeCounts; results: ChangeResult[]; stopped?: string }): RunSummary {
  const c = result.counts;
  const problems = result.results.filter((r) => r.outcome === 'failed' || r.outcome === 'drifted');
  const waiting = result.results.filter((r) => r.outcome === 'waiting');
  const status = result.ok
    ? `done${waiting.length > 0 ? `; ${describeWaiting(waiting.length)}` : ''}`
    : result.stopped !== undefined
      ? 'stopped'
      : `${problems.length} changes need attention`;
  const lines = [
    `**rollcall apply for ${plan.target.identity} (plan of ${plan.today}): ${status}**`,
    '',
    `${describeCounts(c)}.`,
    ...(result.stopped !== undefined ? [`Stopped: ${result.stopped}`] : []),
    ...(problems.length > 0 ? ['', 'Needs attention:', ...listed(problems.map((r) => `${r.outcome}: ${'address' in r.change ? r.change.address : describeChange(r.change)}: ${r.error ?? ''}`))] : []),
    ...departures(result.results.filter((r) => r.outcome === 'done').map((r) => r.change), { deletions: 'Accounts deleted', removals: 'Licences removed' }),
    ...(waiting.length > 0 ? ['', `Waiting for their file transfer (${waiting.length}):`, ...listed(waiting.map((r) => `${named(r.change)}: ${r.error ?? ''}`))] : []),
    '',
    `Journal: \`${planFile}.journal.jsonl\``,
  ];
  return {
    event: 'apply',
    target: { kind: plan.target.kind, identity: plan.target.identity },
    title: `rollcall apply ${plan.target.identity}: ${status}`,
    markdown: lines.join('\n'),
    data: { today: plan.today, ok: result.ok, counts: c, stopped: result.stopped ?? null, waiting: waiting.map((r) => ({ id: r.change.id, address: subjectAddress(r.change), detail: r.error ?? null })), problems: problems.map((r) => ({ id: r.change.id, address: subjectAddress(r.change), outcome: r.outcome, error: r.error ?? null })), planFile },
  };
}

/** The first MAX_LISTED items as a list, then how many more the journal holds. */
function listed(items: readonly string[]): string[] {
  return [...items.slice(0, MAX_LISTED).map((item) => `- ${item}`), ...(items.length > MAX_LISTED ? [`- … and ${items.length - MAX_LISTED} more (see the journal)`] : [])];
}

/** A deletion waiting for its transfer, by its account and person. */
function named(change: Change): string {
  return change.kind === 'delete-account' ? `${change.address} (${personLabel(change.person)})` : describeChange(change);
}

/**
 * Who leaves (UMRA notifies IT of every departure): the accounts deleted and the licences taken
 * back, each named with its person, the first MAX_LISTED of each. `headings` say whether they are
 * planned or done.
 */
function departures(changes: readonly Change[], headings: { deletions: string; removals: string }): string[] {
  const lines: string[] = [];
  const section = (heading: string, items: Array<{ change: AccountChange; detail: string }>): void => {
    if (items.length === 0) return;
    lines.push('', `${heading} (${items.length}):`, ...items.slice(0, MAX_LISTED).map(({ change, detail }) => `- ${change.address} (${personLabel(change.person)}): ${detail}`));
    if (items.length > MAX_LISTED) lines.push(`- … and ${items.length - MAX_LISTED} more`);
  };
  section(
    headings.deletions,
    changes.flatMap((c) => (c.kind === 'delete-account' ? [{ change: c, detail: `suspended since ${c.suspendedOn}, restorable for ${c.restorableDays} days after the delete` }] : [])),
  );
  section(headings.removals, changes.flatMap((c) => (c.kind === 'remove-licence' ? [{ change: c, detail: c.licence }] : [])));
  return lines;
}

/** An apply that refused to start (held, stale, other config): the night's run did nothing, and IT should know why. */
export function applyRefusedSummary(plan: Plan, planFile: string, reason: string): RunSummary {
  return {
    event: 'apply',
    target: { kind: plan.target.kind, identity: plan.target.identity },
    title: `rollcall apply ${plan.target.identity}: refused`,
    markdown: [`**rollcall apply for ${plan.target.identity} (plan of ${plan.today}): refused, nothing was changed**`, '', reason, '', `Plan file: \`${planFile}\``].join('\n'),
    data: { today: plan.today, ok: false, refused: reason, planFile },
  };
}
