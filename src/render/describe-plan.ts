/** Plan-level sentences shared by the renderers: input digests and the closing totals. */
import type { TargetVocabulary } from '../model/directory-port.js';
import { UPDATE_ACTIONS, type DeleteAccountChange, type Plan, type PlanInputs, type PlanSummary } from '../plan/types.js';
import { ACTION_GROUP_LABELS, countByActionGroup } from './group-changes.js';

/** Enough of a sha256 to tell two plans apart at a glance, as git shortens commit ids. */
export function shortDigest(digest: string): string {
  return digest.replace(/^sha256:/, '').slice(0, 12);
}

/** "config 1a2b3c4d5e6f, source ..., Google ...": the digests of what the plan was made from. */
export function describeInputs(inputs: PlanInputs, words: TargetVocabulary): string {
  return `config ${shortDigest(inputs.config)}, source ${shortDigest(inputs.source)}, ${words.directory} ${shortDigest(inputs.directory)}`;
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/**
 * "3 to create, 14 to update (2 suspend, 9 move, 3 update attributes), 4 group removals." Every
 * view counts a change once, under its most serious action (a suspend that also moves is a
 * suspend), so the counts in brackets add up to the updates and agree with the tables.
 */
export function describeTotals(plan: Pick<Plan, 'summary' | 'changes'>): string {
  const { summary } = plan;
  const counts = countByActionGroup(plan.changes);
  const actions = UPDATE_ACTIONS.filter((action) => counts[action] > 0)
    .map((action) => `${counts[action]} ${ACTION_GROUP_LABELS[action]}`)
    .join(', ');
  const update = `${summary.update} to update${actions ? ` (${actions})` : ''}`;
  const lifecycle = summary.lifecycle;
  // Said only when a plan has them, so a plan without licences or deletions reads as it always has.
  const more = lifecycle === undefined
    ? ''
    : [
        lifecycle.deleteAccount > 0 ? `, ${plural(lifecycle.deleteAccount, 'account to delete', 'accounts to delete')}` : '',
        lifecycle.removeLicence > 0 ? `, ${plural(lifecycle.removeLicence, 'licence to remove', 'licences to remove')}` : '',
        lifecycle.assignLicence > 0 ? `, ${plural(lifecycle.assignLicence, 'licence to assign', 'licences to assign')}` : '',
      ].join('');
  const groups = describeGroupTotals(summary);
  return `${summary.create} to create, ${update}, ${plural(summary.removeFromGroup, 'group removal', 'group removals')}${more}.${groups === null ? '' : ` ${groups}`}`;
}

/** "20 days": how long the directory keeps the plan's deleted accounts restorable. */
export function describeRestoreWindows(deletions: readonly Pick<DeleteAccountChange, 'restorableDays'>[]): string {
  const days = [...new Set(deletions.map((d) => d.restorableDays))].sort((a, b) => a - b);
  return `${days.join(' or ')} days`;
}

/** "Managed groups: 2 to create, 14 members to add, 3 to remove, 1 role change, 1 to delete.", when the config manages groups. */
export function describeGroupTotals(summary: PlanSummary): string | null {
  const g = summary.groups;
  if (g === undefined) return null;
  const parts = [
    `${g.create} to create`,
    plural(g.addMember, 'member to add', 'members to add'),
    `${g.removeMember} to remove`,
    plural(g.changeRole, 'role change', 'role changes'),
    ...(g.delete > 0 ? [`${g.delete} to delete`] : []),
  ];
  return `Managed groups: ${parts.join(', ')}.`;
}

/** "120 unmanaged accounts left alone.", or null when there are none. */
export function describeLeftAlone(summary: PlanSummary): string | null {
  const { unmanaged } = summary.accounts;
  if (unmanaged === 0) return null;
  return `${plural(unmanaged, 'unmanaged account', 'unmanaged accounts')} left alone.`;
}

/** "No changes. Google matches PowerSchool." */
export function noChanges(words: TargetVocabulary): string {
  return `No changes. ${words.directory} matches PowerSchool.`;
}
