/**
 * A Google group's members as the model's compact roster (model/group.ts): members that are
 * accounts of the same read by their position, everyone else (outside addresses, other groups)
 * by address; roles in rollcall's words.
 */
import { roleRank, type ActualGroup, type GroupMember, type GroupRoster } from '../../model/group.js';
import type { DirectoryGroup, DirectoryMember } from './directory-types.js';
import { fromGoogleRole } from './group-roles.js';

export function buildRoster(members: readonly Pick<DirectoryMember, 'email' | 'role'>[], positionOf: (address: string) => number | undefined): GroupRoster {
  const positions: number[] = [];
  const roles: number[] = [];
  const others: GroupMember[] = [];
  for (const m of members) {
    const address = m.email.toLowerCase();
    const role = fromGoogleRole(m.role);
    const position = positionOf(address);
    if (position === undefined) others.push({ address, role });
    else {
      positions.push(position);
      roles.push(roleRank(role));
    }
  }
  return { positions: Int32Array.from(positions), roles: Uint8Array.from(roles), others };
}

/** A Google group as the model holds it. */
export function actualGroupOf(group: DirectoryGroup): ActualGroup {
  return { address: group.email.toLowerCase(), ...(group.id !== undefined ? { id: group.id } : {}), name: group.name ?? '', description: group.description ?? '' };
}
