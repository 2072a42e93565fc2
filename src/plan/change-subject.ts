/**
 * What a change is about, whatever its kind: an account change is about its account's address;
 * a group change about a member (its address) or the group itself. For selecting changes
 * (`apply --only ADDRESS`), journaling them and naming them in messages.
 */
import type { Change } from './types.js';

/** The address a change is about: the account's, the member's, or (for a group's own change) the group's. */
export function subjectAddress(change: Change): string {
  if ('address' in change) return change.address;
  return 'member' in change ? change.member : change.group;
}

/** The group a change is about, when it is about one. */
export function groupOf(change: Change): string | undefined {
  return 'group' in change ? change.group : undefined;
}

/** "update 20304@...", "remove bmoore@... from all-staff@...", "add 20313@... to alg@... as member": for messages. */
export function describeChange(change: Change): string {
  switch (change.kind) {
    case 'remove-from-group':
      return `remove ${change.address} from ${change.group}`;
    case 'assign-licence':
      return `assign ${change.licence} to ${change.address}`;
    case 'remove-licence':
      return `remove ${change.licence} from ${change.address}`;
    case 'delete-account':
      return `delete ${change.address}`;
    case 'create-group':
      return `create group ${change.group}`;
    case 'delete-group':
      return `delete group ${change.group}`;
    case 'add-member':
      return `add ${change.member} to ${change.group} as ${change.role}`;
    case 'remove-member':
      return `remove ${change.member} from ${change.group}`;
    case 'change-role':
      return `make ${change.member} ${change.role} of ${change.group}`;
    default:
      return `${change.kind} ${change.address}`;
  }
}
