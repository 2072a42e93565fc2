/**
 * A group's members as the model's compact roster (model/group.ts), from Entra's member and
 * owner lists, whichever way they were read (a snapshot file, Graph): users are accounts of the
 * same read, by their position, an owner among them in the role owner; nested groups are
 * listed by their address. Objects neither (a member deleted since) are left out.
 */
import { roleRank, type ActualGroup, type GroupMember, type GroupRoster } from '../../model/group.js';
import { groupAddress } from './group-mapping.js';
import { roleOfLinks } from './group-roles.js';

/** A member as a listing names it: a user by id, a group by id with its address. */
export interface MemberObject {
  id: string;
  kind: 'user' | 'group';
  /** A group's address (group-mapping.ts groupAddress). */
  address?: string | null;
}

export function entraRoster(members: Iterable<MemberObject>, owners: ReadonlySet<string>, positionOf: (userId: string) => number | undefined): GroupRoster {
  const positions: number[] = [];
  const roles: number[] = [];
  const others: GroupMember[] = [];
  for (const m of members) {
    if (m.kind === 'group') {
      if (typeof m.address === 'string') others.push({ address: m.address, role: 'member' });
      continue;
    }
    const position = positionOf(m.id);
    if (position === undefined) continue;
    positions.push(position);
    roles.push(roleRank(roleOfLinks(true, owners.has(m.id)) ?? 'member'));
  }
  return { positions: Int32Array.from(positions), roles: Uint8Array.from(roles), others };
}

/** An Entra group as the model holds it: its address, id, displayName and description; null for a group without a mailNickname. */
export function actualGroupOf(group: { id: string; displayName: string; mailNickname?: string | null; description?: string | null }, domain: string): ActualGroup | null {
  const address = groupAddress(group, domain);
  return address === null ? null : { address, id: group.id, name: group.displayName, description: group.description ?? '' };
}

/**
 * Every group with an address, in one order (address, then id) whichever way they were read:
 * two groups may share a mailNickname, and a plan keeps one group per address.
 */
export function actualGroups(groups: Iterable<{ id: string; displayName: string; mailNickname?: string | null; description?: string | null }>, domain: string): ActualGroup[] {
  const found: ActualGroup[] = [];
  for (const g of groups) {
    const actual = actualGroupOf(g, domain);
    if (actual !== null) found.push(actual);
  }
  const id = (g: ActualGroup) => g.id ?? '';
  return found.sort((a, b) => (a.address !== b.address ? (a.address < b.address ? -1 : 1) : id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0));
}

/**
 * The groups holding each of these addresses; an address two groups share (Entra does not keep
 * a security group's mailNickname unique) is an error naming it: rollcall could not tell which
 * group is meant.
 */
export function groupsAt<G extends { id: string; mailNickname?: string | null }>(groups: Iterable<G>, addresses: readonly string[], domain: string, ambiguous: (addresses: string[]) => Error): Map<string, G> {
  const wanted = new Set(addresses);
  const found = new Map<string, G>();
  const twice = new Set<string>();
  for (const g of groups) {
    const address = groupAddress(g, domain);
    if (address === null || !wanted.has(address)) continue;
    if (found.has(address)) twice.add(address);
    else found.set(address, g);
  }
  if (twice.size > 0) throw ambiguous([...twice].sort());
  return found;
}
