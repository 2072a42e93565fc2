import type { ChangeLimits, LimitedAction, LimitedGroupAction, SafetyConfig } from '../config/types.js';
import type { GroupSummary, PlanHold, PlanSummary } from '../plan/types.js';

export const LIMITED_GROUP_ACTIONS: readonly LimitedGroupAction[] = ['create-group', 'delete-group', 'add-member', 'remove-member', 'change-role'];
export const LIMITED_ACTIONS: readonly LimitedAction[] = ['create', 'suspend', 'unsuspend', 'move', 'rename', 'update-attributes', 'remove-from-group', 'assign-licence', 'remove-licence', 'delete-account', ...LIMITED_GROUP_ACTIONS];

const GROUP_COUNTS: Readonly<Record<LimitedGroupAction, keyof GroupSummary>> = {
  'create-group': 'create',
  'delete-group': 'delete',
  'add-member': 'addMember',
  'remove-member': 'removeMember',
  'change-role': 'changeRole',
};

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

function isGroupAction(action: LimitedAction): action is LimitedGroupAction {
  return (LIMITED_GROUP_ACTIONS as readonly string[]).includes(action);
}

/** How many changes of the action the plan holds, and what a percent limit is of (at least 1). */
function countOf(summary: PlanSummary, action: LimitedAction): { count: number; base: number; of: string } {
  if (isGroupAction(action)) {
    const groups = summary.groups;
    if (groups === undefined) return { count: 0, base: 1, of: '' };
    const ofGroups = action === 'create-group' || action === 'delete-group';
    return { count: groups[GROUP_COUNTS[action]], base: Math.max(ofGroups ? groups.managed : groups.memberships, 1), of: ofGroups ? 'managed groups' : 'managed memberships' };
  }
  const base = Math.max(summary.accounts.matched, 1);
  switch (action) {
    case 'create':
      return { count: summary.create, base, of: 'managed accounts' };
    case 'remove-from-group':
      return { count: summary.removeFromGroup, base, of: 'managed accounts' };
    case 'assign-licence':
      return { count: summary.lifecycle?.assignLicence ?? 0, base, of: 'managed accounts' };
    case 'remove-licence':
      return { count: summary.lifecycle?.removeLicence ?? 0, base, of: 'managed accounts' };
    case 'delete-account':
      return { count: summary.lifecycle?.deleteAccount ?? 0, base, of: 'managed accounts' };
    default:
      return { count: summary.actions[action], base, of: 'managed accounts' };
  }
}

/** Every limit the plan goes over, with by how much. */
export function limitHolds(summary: PlanSummary, safety: SafetyConfig, today: string): PlanHold[] {
  const { limits, window } = limitsInForce(safety, today);
  const where = window === null ? 'term-time limit' : `limit of window "${window}"`;
  const holds: PlanHold[] = [];
  for (const action of LIMITED_ACTIONS) {
    const limit = limits[action];
    const { count, base: managed, of } = countOf(summary, action);
    if (!limit || count === 0) continue;
    const share = (100 * count) / managed;
    const overCount = limit.count !== null && limit.count !== undefined && count > limit.count;
    const overPercent = limit.percent !== null && limit.percent !== undefined && share > limit.percent;
    if (!overCount && !overPercent) continue;
    const allowed = [
      limit.count !== null && limit.count !== undefined ? `${limit.count}` : null,
      limit.percent !== null && limit.percent !== undefined ? `${limit.percent}% of ${managed} ${of} (${Math.floor((limit.percent * managed) / 100)})` : null,
    ]
      .filter((s) => s !== null)
      .join(' and ');
    holds.push({
      code: 'LIMIT_EXCEEDED',
      action,
      count,
      message: `${count} ${action} changes (${share.toFixed(1)}% of ${managed} ${of}) exceed the ${where}: at most ${allowed}`,
    });
  }
  return holds;
}
