/**
 * A tenant as a plan reads it, whichever way it was read (a snapshot file, Graph itself): the
 * managed administrative units and groups and their members make each account's placement; the
 * other mail-enabled groups are the memberships a disabled account may leave. Containers are
 * told apart by display name, so two managed containers of one kind and name stop the read:
 * rollcall could not tell which one an account belongs in.
 */
import { ErrorCodes, RollcallError } from '../../errors.js';
import type { ActualState } from '../../model/directory-port.js';
import type { GroupRole } from '../../model/group.js';
import type { Membership } from '../../model/membership.js';
import type { EntraAccountView } from './account-view.js';
import { containerKey, containerName, orderedPlacement, type ContainerKind, type ManagedContainers } from './containers.js';
import type { GraphUser } from './graph-types.js';
import { roleOfLinks } from './group-roles.js';

/** A unit or group with the ids of its (direct) members. */
export interface ContainerRecord {
  kind: ContainerKind;
  id: string;
  displayName: string;
  /** Groups only: their mail address, when mail-enabled. */
  mail?: string | null | undefined;
  members: readonly string[];
  /** Groups only: the ids of its owners, when read (an owner who is also a member holds the role owner). */
  owners?: readonly string[];
}

/** The managed containers among `containers`, by name; a name two containers share is an error (`ambiguous`). */
export function managedContainersOf(containers: Iterable<ContainerRecord>, managed: ManagedContainers, ambiguous: (names: string[]) => Error): Map<string, ContainerRecord> {
  const byKey = new Map<string, ContainerRecord>();
  const twice = new Set<string>();
  for (const c of containers) {
    const name = containerName(c.kind, c.displayName);
    if (!managed.has(name)) continue;
    const key = containerKey(name);
    if (byKey.has(key)) twice.add(name);
    else byKey.set(key, c);
  }
  if (twice.size > 0) throw ambiguous([...twice].sort());
  return new Map([...byKey.values()].map((c) => [containerName(c.kind, c.displayName), c]));
}

/** Managed container names Entra holds more than once, read live. */
export function ambiguousContainers(names: string[]): RollcallError {
  return new RollcallError(ErrorCodes.GRAPH_API, `${names.length === 1 ? 'a managed container name is' : 'managed container names are'} shared by more than one unit or group in Entra: ${names.join(', ')}; rename all but one`, {
    details: { containers: names },
  });
}

/** Every account placed in the managed containers it is a member of; `containers` are the managed ones, sorted. */
export function stateOf(users: Iterable<GraphUser>, managed: ReadonlyMap<string, ContainerRecord>, view: EntraAccountView): ActualState {
  const placements = new Map<string, string[]>();
  for (const [name, c] of managed) {
    for (const member of c.members) {
      const list = placements.get(member);
      if (list) list.push(name);
      else placements.set(member, [name]);
    }
  }
  const accounts = [];
  for (const user of users) accounts.push(view.account(user, orderedPlacement(placements.get(user.id) ?? [])));
  return { accounts, containers: [...managed.keys()].sort() };
}

/** The memberships of users in mail-enabled groups rollcall does not manage, named by the group's mail, in the role their links give (group-roles.ts). */
export function mailGroupMemberships(groups: Iterable<ContainerRecord>, managed: ReadonlyMap<string, ContainerRecord>, upnOf: (id: string) => string | undefined): Membership[] {
  const out: Membership[] = [];
  for (const g of groups) {
    if (g.kind !== 'group' || typeof g.mail !== 'string' || g.mail === '' || managed.has(containerName('group', g.displayName))) continue;
    const owners = new Set(g.owners ?? []);
    for (const member of g.members) {
      const upn = upnOf(member);
      if (upn !== undefined) out.push({ group: g.mail.toLowerCase(), member: upn.toLowerCase(), role: roleOfLinks(true, owners.has(member)) ?? MEMBER });
    }
  }
  return out;
}

/** Memberships in one order (by member, then group) whichever reader found them: a plan's group removals follow it. */
export function orderedMemberships(memberships: Membership[]): Membership[] {
  return memberships.sort((a, b) => (a.member === b.member ? (a.group < b.group ? -1 : a.group > b.group ? 1 : 0) : a.member < b.member ? -1 : 1));
}

/** A membership without the owner link. */
export const MEMBER: GroupRole = 'member';
