import type { Change, Plan } from './types.js';

/**
 * Two nights' plans compared by change id (a hash of the account and its end state): a change
 * that persists night after night was planned but never happened, so something keeps failing.
 */
export interface PlanComparison {
  appeared: Change[];
  disappeared: Change[];
  persisting: Change[];
  holds: { before: number; after: number };
}

export function comparePlans(before: Plan, after: Plan): PlanComparison {
  const beforeIds = new Set(before.changes.map((c) => c.id));
  const afterIds = new Set(after.changes.map((c) => c.id));
  return {
    appeared: after.changes.filter((c) => !beforeIds.has(c.id)),
    disappeared: before.changes.filter((c) => !afterIds.has(c.id)),
    persisting: after.changes.filter((c) => beforeIds.has(c.id)),
    holds: { before: before.holds.length, after: after.holds.length },
  };
}
