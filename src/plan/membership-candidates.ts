import type { DesiredAccount } from '../model/account.js';
import type { PlacementPolicy } from '../model/directory-port.js';
import type { Population } from '../model/person.js';
import type { ActualIndex } from './actual-index.js';

/**
 * The accounts whose group memberships a plan can act on: matched accounts that are, or are
 * about to be, disabled, of populations that leave their groups when disabled. Asking the
 * directory for only these (instead of every group of every account) keeps a live read to a few
 * extra calls. Lower-cased addresses, sorted.
 */
export function membershipCandidates(
  desired: readonly DesiredAccount[],
  index: ActualIndex,
  policies: ReadonlyMap<Population, PlacementPolicy>,
): string[] {
  const out = new Set<string>();
  for (const d of desired) {
    if (policies.get(d.person.population)?.leaveGroupsWhenDisabled !== true) continue;
    const found = index.find(d.match.key, d.match.value);
    const account = found.length === 1 ? found[0] : undefined;
    if (account && (!d.fields.enabled || !account.enabled)) out.add(account.address);
  }
  return [...out].sort();
}
