/**
 * A membership of an account in a group the directory holds (Google group, Entra group) that
 * rollcall does not manage as a placement: a plan can take an account out of it (suspended staff
 * leave their groups), never add one.
 */
export interface Membership {
  /** The group's address (or name), lower-cased. */
  group: string;
  /** The member account's address, lower-cased. */
  member: string;
  /** The member's role as the directory names it (Google MEMBER, MANAGER, OWNER). */
  role: string;
}
