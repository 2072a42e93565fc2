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
  const lifecycle = { assignLicence: 0, removeLicence: 0, deleteAccount: 0 };
  for (const c of changes) {
    switch (c.kind) {
      case 'create':
        create++;
        break;
      case 'remove-from-group':
        removeFromGroup++;
        break;
      case 'update':
        update++;
        for (const a of c.actions) actions[a]++;
        break;
      case 'assign-licence':
        lifecycle.assignLicence++;
        break;
      case 'remove-licence':
        lifecycle.removeLicence++;
        break;
      case 'delete-account':
        lifecycle.deleteAccount++;
        break;
    }
  }
  const hasLifecycle = lifecycle.assignLicence + lifecycle.removeLicence + lifecycle.deleteAccount > 0;
  return {
    changes: changes.length,
    create,
    update,
    removeFromGroup,
    actions,
    // Only plans with such changes carry the counts: every other plan is what it was before licences and deletions.
    ...(hasLifecycle ? { lifecycle } : {}),
    accounts,
    issues: {
      error: issues.filter((i) => i.severity === 'error').length,
      warning: issues.filter((i) => i.severity === 'warning').length,
    },
  };
}
