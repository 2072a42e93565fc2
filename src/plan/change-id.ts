import { canonicalJson, sha256Hex } from '../util/canonical-json.js';
import type { Change } from './types.js';

/**
 * A change's id hashes the account (or group) and its intended end state, not the state it
 * starts from: the same unfinished change keeps its id night after night (for `diff` and
 * `--only`), and a different end state gets a different id.
 */
export function changeId(kind: string, address: string, endState: unknown): string {
  return `ch_${sha256Hex(canonicalJson({ kind, address: address.toLowerCase(), endState })).slice(0, 16)}`;
}
/**
 * The id a change with this content has: a plan whose change does not match its id was edited
 * (plan-file.ts), and a redacted copy gives each change the id of its redacted content.
 */
export function contentId(change: Change): string {
  switch (change.kind) {
    case 'create':
      return changeId(change.kind, change.address, change.after);
    case 'update':
      return changeId(change.kind, change.before.address, change.after);
    case 'remove-from-group':
      return changeId(change.kind, change.address, { group: change.group });
    case 'assign-licence':
    case 'remove-licence':
      return changeId(change.kind, change.address, { licence: change.licence });
    case 'delete-account':
      return changeId(change.kind, change.address, { suspendedOn: change.suspendedOn });
    case 'create-group':
      return changeId(change.kind, change.group, { name: change.name, description: change.description });
    case 'delete-group':
      return changeId(change.kind, change.group, {});
    case 'add-member':
      return changeId(change.kind, change.group, { member: change.member, role: change.role });
    case 'remove-member':
      return changeId(change.kind, change.group, { member: change.member });
    case 'change-role':
      return changeId(change.kind, change.group, { member: change.member, role: change.role });
  }
}
