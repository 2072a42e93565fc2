/**
 * A directory's state as lines, for its digest (a plan's `inputs.directory`): one line per
 * account, container, membership, group and group roster, each a JSON array in a fixed order. The digest is defined
 * over the model, not over any file or wire format, so the same state gives the same digest
 * whichever reader found it (a snapshot file, a live read) and on whichever thread.
 */
import { LineDigest } from '../util/line-digest.js';
import type { ActualAccount } from './account.js';
import type { ActualState } from './directory-port.js';
import type { LicenceHolding } from './lifecycle.js';
import { GROUP_ROLES, type ActualGroup, type GroupMember, type GroupRoster } from './group.js';
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
    sorted(a.attributes),
    a.keys === undefined ? null : sorted(a.keys),
    a.archived === true,
  ]);
}

/**
 * The account an account line holds (parsed), the inverse of accountLine: a reader that digests
 * accounts on another thread hands them over as their lines.
 */
export function accountFromLine(line: readonly unknown[]): ActualAccount {
  const [, address, id, given, family, enabled, placement, otherAddresses, attributes, keys, archived] = line as AccountLineValues;
  const account: ActualAccount = { address, name: { given, family }, enabled, placement, attributes, otherAddresses };
  if (id !== null) account.id = id;
  if (keys !== null) account.keys = keys;
  if (archived) account.archived = true;
  return account;
}

type AccountLineValues = [
  'account',
  string,
  string | null,
  string,
  string,
  boolean,
  string[],
  string[],
  Record<string, string>,
  Record<string, string[]> | null,
  boolean,
];

export function containerLine(container: string): string {
  return JSON.stringify(['container', container]);
}

export function membershipLine(m: Membership): string {
  return JSON.stringify(['membership', m.group, m.member, m.role]);
}

export function licenceLine(h: LicenceHolding): string {
  return JSON.stringify(['licence', h.address, h.licence]);
}

export function groupLine(g: ActualGroup): string {
  return JSON.stringify(['group', g.address, g.id ?? null, g.name, g.description]);
}

/** A group's members as one line, in address order (a roster's members come in no set order). */
export function rosterLine(group: string, members: readonly GroupMember[]): string {
  const sortedMembers = [...members].sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  return JSON.stringify(['roster', group, sortedMembers.map((m) => [m.address, m.role])]);
}

/** A roster's members by address: its accounts' addresses from the read they were found in, and the others. */
export function rosterMembers(roster: GroupRoster, accounts: readonly ActualAccount[]): GroupMember[] {
  const members: GroupMember[] = [...roster.others];
  for (let i = 0; i < roster.positions.length; i++) {
    members.push({ address: (accounts[roster.positions[i] as number] as ActualAccount).address, role: GROUP_ROLES[roster.roles[i] as number] ?? 'member' });
  }
  return members;
}

/** The digest of a state's accounts and containers (what a reader digests as it reads). */
export function stateDigest(state: ActualState): LineDigest {
  const digest = new LineDigest();
  for (const container of state.containers) digest.add(containerLine(container));
  for (const account of state.accounts) digest.add(accountLine(account));
  return digest;
}

/** The record with its keys in code-unit order: itself when built in that order (the usual case), else a sorted copy. */
function sorted<T>(record: Readonly<Record<string, T>>): Readonly<Record<string, T>> {
  const keys = Object.keys(record);
  for (let i = 1; i < keys.length; i++) {
    if ((keys[i - 1] as string) > (keys[i] as string)) return Object.fromEntries(keys.sort().map((k) => [k, record[k] as T]));
  }
  return record;
}
