import type { DesiredAccount } from '../rules/desired-account.js';
import type { DirectoryUser } from '../targets/google/directory-types.js';
import { ActualIndex } from './actual-index.js';

/**
 * The accounts whose group memberships a plan can act on: matched accounts that are, or are
 * about to be, suspended, for populations that leave their groups when suspended. Reading
 * only these (instead of every group of every user) keeps a live read to a few extra calls.
 */
export function membershipCandidates(desired: readonly DesiredAccount[], users: readonly DirectoryUser[]): string[] {
  const index = new ActualIndex({ users: [...users], groups: [], orgUnits: [] });
  const out = new Set<string>();
  for (const d of desired) {
    if (!d.removeFromGroupsWhenSuspended) continue;
    const found = index.find(d.match.target, d.match.value);
    const user = found.length === 1 ? found[0] : undefined;
    if (user && (d.suspended || user.suspended === true)) out.add(user.primaryEmail.toLowerCase());
  }
  return [...out].sort();
}
