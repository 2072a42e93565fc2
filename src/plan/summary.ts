import type { Change, GroupSummary, PlanIssue, PlanSummary, UpdateAction } from './types.js';
import { UPDATE_ACTIONS } from './types.js';

/** What a group diff found beyond its changes: the managed groups and memberships, and the members left alone. */
export type GroupCounts = Pick<GroupSummary, 'managed' | 'memberships' | 'leftAlone'>;

/** The plan's counts, from its changes; `groups` when the config manages groups (its summary then says what they came to). */
export function summarise(
  changes: readonly Change[],
  issues: readonly PlanIssue[],
  accounts: PlanSummary['accounts'],
  groups?: GroupCounts,
): PlanSummary {
  const actions = Object.fromEntries(UPDATE_ACTIONS.map((a) => [a, 0])) as Record<UpdateAction, number>;
  let create = 0;
  let update = 0;
  let removeFromGroup = 0;
  const lifecycle = { assignLicence: 0, removeLicence: 0, deleteAccount: 0 };
  const group = { create: 0, delete: 0, addMember: 0, removeMember: 0, changeRole: 0 };
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
      case 'create-group':
        group.create++;
        break;
      case 'delete-group':
        group.delete++;
        break;
      case 'add-member':
        group.addMember++;
        break;
      case 'remove-member':
        group.removeMember++;
        break;
      case 'change-role':
        group.changeRole++;
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
    ...(groups !== undefined ? { groups: { managed: groups.managed, memberships: groups.memberships, leftAlone: groups.leftAlone, ...group } } : {}),
  };
}
