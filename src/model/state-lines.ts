/**
 * A directory's state as lines, for its digest (a plan's `inputs.directory`): one line per
 * account, container and membership, each a JSON array in a fixed order. The digest is defined
 * over the model, not over any file or wire format, so the same state gives the same digest
 * whichever reader found it (a snapshot file, a live read) and on whichever thread.
 */
import { LineDigest } from '../util/line-digest.js';
import type { ActualAccount } from './account.js';
import type { ActualState } from './directory-port.js';
import type { Membership } from './membership.js';

export function accountLine(a: ActualAccount): string {
  return JSON.stringify([
    'account',
    a.address,
    a.id ?? null,
    a.name.given,
    a.name.family,
    a.enabled,
    a.placement,
    a.otherAddresses,
    sortedEntries(a.attributes),
    a.keys === undefined ? null : sortedEntries(a.keys),
    a.archived === true,
  ]);
}

export function containerLine(container: string): string {
  return JSON.stringify(['container', container]);
}

export function membershipLine(m: Membership): string {
  return JSON.stringify(['membership', m.group, m.member, m.role]);
}

/** The digest of a state's accounts and containers (what a reader digests as it reads). */
export function stateDigest(state: ActualState): LineDigest {
  const digest = new LineDigest();
  for (const container of state.containers) digest.add(containerLine(container));
  for (const account of state.accounts) digest.add(accountLine(account));
  return digest;
}

/** Entries by key, in code-unit order; objects built in that order (the usual case) are not sorted again. */
function sortedEntries<T>(record: Readonly<Record<string, T>>): Array<[string, T]> {
  const entries = Object.entries(record);
  for (let i = 1; i < entries.length; i++) {
    if ((entries[i - 1] as [string, T])[0] > (entries[i] as [string, T])[0]) return entries.sort(([a], [b]) => (a < b ? -1 : 1));
  }
  return entries;
}
