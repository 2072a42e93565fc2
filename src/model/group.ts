/**
 * Groups in rollcall's terms: the groups the rules ask for (who belongs in which group, in what
 * role, and why), and the groups a directory holds with their members. A target names a group
 * in its own words (Google: an address in the domain and a name; Entra: a mailNickname and a
 * displayName) and maps roles to its own (Google's MEMBER, MANAGER, OWNER).
 */
import type { Origin, Person, Population } from './person.js';

/** A role in a group, lowest first (a role's rank is its place in GROUP_ROLES). */
export type GroupRole = 'member' | 'manager' | 'owner';

export const GROUP_ROLES: readonly GroupRole[] = ['member', 'manager', 'owner'];

export function roleRank(role: GroupRole): number {
  return GROUP_ROLES.indexOf(role);
}

/**
 * Whom a group set lets rollcall remove beyond the people it manages there:
 * - none: anyone rollcall does not place (outside addresses, unmanaged accounts, a manager
 *   added by hand) is left alone;
 * - members: members (role member) it does not place are removed; owners and managers added by
 *   hand stay (the D118 groups script's way);
 * - all: everyone it does not place is removed, and roles are set exactly.
 */
export type Exclusivity = 'none' | 'members' | 'all';

/** What becomes of a group once its term is over: left as it is, emptied of its members, or emptied and deleted. */
export type EndedGroupAction = 'keep' | 'archive' | 'delete';

/** A group as the directory names it: its address (lower case), name and description. */
export interface GroupFields {
  address: string;
  name: string;
  description: string;
}

/** A group as a directory holds it. */
export interface ActualGroup extends GroupFields {
  /** The directory's own id of the group, when the read has it. */
  id?: string;
  /** How many direct members it has, when the read says (a writer's readGroup). */
  memberCount?: number;
}

/** A member of a group that is not one of the accounts a read found: an outside address, another group. */
export interface GroupMember {
  /** Lower case. */
  address: string;
  role: GroupRole;
}

/**
 * A group's members as a read found them, kept small: a district's class groups hold millions
 * of memberships. Members that are accounts of the same read are their positions in
 * ActualState.accounts; everyone else is listed by address.
 */
export interface GroupRoster {
  positions: Int32Array;
  /** The role of each position's member, as an index into GROUP_ROLES. */
  roles: Uint8Array;
  others: GroupMember[];
}

/** The people the rules place in one group, each with a role and a reason (worked out when a change needs it). */
export interface DesiredMembers {
  readonly size: number;
  person(i: number): Person;
  role(i: number): GroupRole;
  /** Why they are placed: "enrolled in ALG1-3 since 2026-08-19". */
  reason(i: number): string;
  /** Why someone PowerSchool once placed here is no longer (a drop, a teacher's last day), when it says. */
  departure(person: Person): string | undefined;
}

/** Why a group's term no longer counts, and what then becomes of the group. */
export interface GroupEnding {
  action: EndedGroupAction;
  /** "S1 ended 2026-12-18 (7 days' grace)". */
  why: string;
}

/**
 * A group the rules ask for. Its handle is the set's address template filled in (lower case,
 * before any @): each target makes its group's address and name from it.
 */
export interface DesiredGroup {
  /** The group set's name in the config ("sections"). */
  set: string;
  handle: string;
  name: string;
  description: string;
  /** What the group is, in reasons: "ALG1-3 (MHS, 26-27)", "MHS students". */
  label: string;
  /** Why the group is made, for the change that creates it: "ALG1-3 at MHS: term 26-27 (2026-08-19 to 2027-06-04) counts". */
  why: string;
  exclusive: Exclusivity;
  /**
   * The roles the set gives each population: a membership of an account rollcall manages, in
   * one of these roles, is rollcall's to keep or remove; any other is left alone unless the set is exclusive.
   */
  managedRoles: Readonly<Record<Population, readonly GroupRole[]>>;
  /** Set once the group's term no longer counts: its members are no longer placed. */
  ended: GroupEnding | null;
  members: DesiredMembers;
  /** The source row the group comes from (a section), for issues. */
  origin?: Origin;
}
