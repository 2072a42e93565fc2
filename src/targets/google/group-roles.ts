/** Google's group roles (MEMBER, MANAGER, OWNER) in rollcall's words and back. */
import type { GroupRole } from '../../model/group.js';

export type GoogleGroupRole = 'OWNER' | 'MANAGER' | 'MEMBER';

const FROM_GOOGLE: Readonly<Record<string, GroupRole>> = { OWNER: 'owner', MANAGER: 'manager', MEMBER: 'member' };

/** A member's role as Google gives it; a member without one (or with one Google adds later) is a member. */
export function fromGoogleRole(role: string | null | undefined): GroupRole {
  return FROM_GOOGLE[(role ?? 'MEMBER').toUpperCase()] ?? 'member';
}

export function toGoogleRole(role: GroupRole): GoogleGroupRole {
  return role === 'owner' ? 'OWNER' : role === 'manager' ? 'MANAGER' : 'MEMBER';
}
