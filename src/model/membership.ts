import type { GroupRole } from './group.js';

/**
 * A membership of an account in a group the directory holds (Google group, Entra group), as the
 * plan reads it for accounts that leave their groups when disabled (suspended staff): a plan can
 * take an account out of any group this way. Groups rollcall manages are read whole instead
 * (group.ts).
 */
export interface Membership {
  /** The group's address (or name), lower-cased. */
  group: string;
  /** The member account's address, lower-cased. */
  member: string;
  /** The member's role, in rollcall's words (the target maps its own: Google's MEMBER is member). */
  role: GroupRole;
}
