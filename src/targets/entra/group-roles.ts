/**
 * Rollcall's group roles in Entra's terms. An Entra group has members and owners, apart: an
 * owner need not be a member. Rollcall's member is a member (not an owner); its owner is a
 * member AND an owner (a class's teacher is in the class and manages it). Entra has no
 * manager: config validation refuses the role beside an entra section. An owner who is not a
 * member is not in the group in rollcall's terms: never counted, placed as a member when the
 * rules place them, and otherwise left alone.
 */
import type { GroupRole } from '../../model/group.js';

/** The role of someone with these links to a group, or null when not a member. */
export function roleOfLinks(member: boolean, owner: boolean): GroupRole | null {
  if (!member) return null;
  return owner ? 'owner' : 'member';
}

/** Whether this role holds the owner link. */
export function ownsGroup(role: GroupRole): boolean {
  return role !== 'member';
}
