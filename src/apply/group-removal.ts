/**
 * Applies one removal of a disabled account from a group: check the membership, delete it, and
 * treat "not a member" (before or after the delete, including "not found" on the delete itself)
 * as the end state reached (check-then-act.ts).
 */
import type { AccountKey } from '../model/directory-port.js';
import type { GroupRemovalChange } from '../plan/types.js';
import { checkThenAct } from './check-then-act.js';
import type { ChangeResult } from './outcome.js';
import type { WriteAccess } from './write-access.js';

/** `member` names the account by the directory's id when known (it survives a rename made in the same run). */
export function applyRemoval(access: WriteAccess, change: GroupRemovalChange, member: AccountKey): Promise<ChangeResult> {
  const { writer } = access;
  return checkThenAct(access, {
    change,
    what: 'the membership',
    write: 'removal',
    read: () => writer.readMembership(change.group, member),
    judge: (membership) => {
      if (membership === null) return { outcome: 'already-done', attempts: 0 };
      // Plans made before roles were rollcall's own words hold the directory's (MEMBER).
      if (membership.role !== change.role.toLowerCase()) {
        return {
          outcome: 'drifted',
          attempts: 0,
          error: `the member's role in ${change.group} changed since the plan was made; nothing was sent: make a new plan (rollcall plan) and review it`,
          differences: [{ path: '/role', live: membership.role, expected: change.role }],
        };
      }
      return undefined;
    },
    send: (beforeSend) => writer.removeMembership(change.group, member, beforeSend),
    reached: 'not-found',
  });
}
