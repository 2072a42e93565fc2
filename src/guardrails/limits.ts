import type { ChangeLimits, LimitedAction, SafetyConfig } from '../config/types.js';
import type { PlanHold, PlanSummary } from '../plan/types.js';

export const LIMITED_ACTIONS: readonly LimitedAction[] = ['create', 'suspend', 'unsuspend', 'move', 'rename', 'update-attributes', 'remove-from-group', 'assign-licence', 'remove-licence', 'delete-account'];

/**
 * The lifecycle's limits when a config's limits leave them out (a config written before they
 * existed must not delete accounts unlimited): deletions are held above a small count, never a
 * percent, which could be a whole school.
 */
export const LIFECYCLE_LIMITS: ChangeLimits = { 'assign-licence': { percent: 25 }, 'remove-licence': { percent: 10 }, 'delete-account': { count: 10 } };

/**
 * The limits in force on a date: the first dated window containing it (say, a looser August
 * for the rollover) replaces the term-time limits action by action. Windows may wrap the year
 * end (from 12-15 until 01-05).
 */
export function limitsInForce(safety: SafetyConfig, today: string): { limits: ChangeLimits; window: string | null } {
  const monthDay = today.slice(5);
  for (const w of safety.windows) {
    const inside = w.from <= w.until ? monthDay >= w.from && monthDay < w.until : monthDay >= w.from || monthDay < w.until;
    if (inside) return { limits: { ...LIFECYCLE_LIMITS, ...safety.limits, ...w.limits }, window: w.name ?? `${w.from} to ${w.until}` };
  }
  return { limits: { ...LIFECYCLE_LIMITS, ...safety.limits }, window: null };
}

function countOf(summary: PlanSummary, action: LimitedAction): number {
  switch (action) {
    case 'create':
      return summary.create;
    case 'remove-from-group':
      return summary.removeFromGroup;
    case 'assign-licence':
      return summary.lifecycle?.assignLicence ?? 0;
    case 'remove-licence':
      return summary.lifecycle?.removeLicence ?? 0;
    case 'delete-account':
      return summary.lifecycle?.deleteAccount ?? 0;
    default:
      return summary.actions[action];
  }
}

/** Every limit the plan goes over, with by how much. */
export function limitHolds(summary: PlanSummary, safety: SafetyConfig, today: string): PlanHold[] {
  const { limits, window } = limitsInForce(safety, today);
  const managed = Math.max(summary.accounts.matched, 1);
  const where = window === null ? 'term-time limit' : `limit of window "${window}"`;
  const holds: PlanHold[] = [];
  for (const action of LIMITED_ACTIONS) {
    const limit = limits[action];
    const count = countOf(summary, action);
    if (!limit || count === 0) continue;
    const share = (100 * count) / managed;
    const overCount = limit.count !== null && limit.count !== undefined && count > limit.count;
    const overPercent = limit.percent !== null && limit.percent !== undefined && share > limit.percent;
    if (!overCount && !overPercent) continue;
    const allowed = [
      limit.count !== null && limit.count !== undefined ? `${limit.count}` : null,
      limit.percent !== null && limit.percent !== undefined ? `${limit.percent}% of ${managed} managed accounts (${Math.floor((limit.percent * managed) / 100)})` : null,
    ]
      .filter((s) => s !== null)
      .join(' and ');
    holds.push({
      code: 'LIMIT_EXCEEDED',
      action,
      count,
      message: `${count} ${action} changes (${share.toFixed(1)}% of ${managed} managed accounts) exceed the ${where}: at most ${allowed}`,
    });
  }
  return holds;
}
