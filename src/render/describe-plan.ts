/** Plan-level sentences shared by the renderers: input digests and the closing totals. */
import { UPDATE_ACTIONS, type PlanInputs, type PlanSummary } from '../plan/types.js';

/** Enough of a sha256 to tell two plans apart at a glance, as git shortens commit ids. */
export function shortDigest(digest: string): string {
  return digest.replace(/^sha256:/, '').slice(0, 12);
}

export function describeInputs(inputs: PlanInputs): string {
  return `config ${shortDigest(inputs.config)}, source ${shortDigest(inputs.source)}, snapshot ${shortDigest(inputs.snapshot)}`;
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/**
 * "3 to create, 14 to update (2 suspend, 9 move), 4 group removals." from the plan's summary.
 * Action counts are per action, and an update can carry several, so they may add up to more
 * than the updates.
 */
export function describeTotals(summary: PlanSummary): string {
  const actions = UPDATE_ACTIONS.filter((action) => summary.actions[action] > 0)
    .map((action) => `${summary.actions[action]} ${action.replace('-', ' ')}`)
    .join(', ');
  const update = `${summary.update} to update${actions ? ` (${actions})` : ''}`;
  return `${summary.create} to create, ${update}, ${plural(summary.removeFromGroup, 'group removal', 'group removals')}.`;
}

/** "120 unmanaged accounts left alone.", or null when there are none. */
export function describeLeftAlone(summary: PlanSummary): string | null {
  const { unmanaged } = summary.accounts;
  if (unmanaged === 0) return null;
  return `${plural(unmanaged, 'unmanaged account', 'unmanaged accounts')} left alone.`;
}

export const NO_CHANGES = 'No changes. Google matches PowerSchool.';
