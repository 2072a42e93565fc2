import type { Change, PlanIssue, PlanSummary, UpdateAction } from './types.js';
import { UPDATE_ACTIONS } from './types.js';

export function summarise(
  changes: readonly Change[],
  issues: readonly PlanIssue[],
  accounts: PlanSummary['accounts'],
): PlanSummary {
  const actions = Object.fromEntries(UPDATE_ACTIONS.map((a) => [a, 0])) as Record<UpdateAction, number>;
  let create = 0;
  let update = 0;
  let removeFromGroup = 0;
  for (const c of changes) {
    if (c.kind === 'create') create++;
    else if (c.kind === 'remove-from-group') removeFromGroup++;
    else {
      update++;
      for (const a of c.actions) actions[a]++;
    }
  }
  return {
    changes: changes.length,
    create,
    update,
    removeFromGroup,
    actions,
    accounts,
    issues: {
      error: issues.filter((i) => i.severity === 'error').length,
      warning: issues.filter((i) => i.severity === 'warning').length,
    },
  };
}
