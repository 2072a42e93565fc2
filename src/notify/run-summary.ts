import type { ChangeResult, OutcomeCounts } from '../apply/outcome.js';
import { describeChange, subjectAddress } from '../plan/change-subject.js';
import type { Plan } from '../plan/types.js';
import { describeTotals } from '../render/describe-plan.js';

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
  const status = result.ok ? 'done' : result.stopped !== undefined ? 'stopped' : `${problems.length} changes need attention`;
  const lines = [
    `**rollcall apply for ${plan.target.identity} (plan of ${plan.today}): ${status}**`,
    '',
    `${c.done} done, ${c['already-done']} already done, ${c.drifted} drifted, ${c.failed} failed, ${c.skipped} skipped.`,
    ...(result.stopped !== undefined ? [`Stopped: ${result.stopped}`] : []),
    ...(problems.length > 0
      ? ['', 'Needs attention:', ...problems.slice(0, MAX_LISTED).map((r) => `- ${r.outcome}: ${'address' in r.change ? r.change.address : describeChange(r.change)}: ${r.error ?? ''}`), ...(problems.length > MAX_LISTED ? [`- … and ${problems.length - MAX_LISTED} more (see the journal)`] : [])]
      : []),
    '',
    `Journal: \`${planFile}.journal.jsonl\``,
  ];
  return {
    event: 'apply',
    target: { kind: plan.target.kind, identity: plan.target.identity },
    title: `rollcall apply ${plan.target.identity}: ${status}`,
    markdown: lines.join('\n'),
    data: { today: plan.today, ok: result.ok, counts: c, stopped: result.stopped ?? null, problems: problems.map((r) => ({ id: r.change.id, address: subjectAddress(r.change), outcome: r.outcome, error: r.error ?? null })), planFile },
  };
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
