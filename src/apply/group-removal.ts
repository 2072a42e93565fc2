/**
 * Applies one group removal: check the membership, delete it, and treat "not a member" (before
 * or after the delete, including "not found" on the delete itself) as the end state reached. A
 * member whose role changed since the plan is refused as drifted (check-then-write.ts does the
 * rest: the freshness bound, a second look after a lost answer).
 */
import type { AccountKey } from '../model/directory-port.js';
import type { GroupRemovalChange } from '../plan/types.js';
import { checkThenWrite } from './check-then-write.js';
import type { ChangeResult } from './outcome.js';
import type { WriteAccess } from './write-access.js';

/** `member` names the account by the directory's id when known (it survives a rename made in the same run). */
export function applyRemoval(access: WriteAccess, change: GroupRemovalChange, member: AccountKey): Promise<ChangeResult> {
  const { writer } = access;
  return checkThenWrite(access, change, {
    what: 'the membership',
    reachedWhen: 'not-found',
    read: async () => {
      const { value, readAt } = await writer.readMembership(change.group, member);
      if (value === null) return { value: 'reached', readAt };
      if (value.role === change.role) return { value: 'to-write', readAt };
      return {
        value: {
          change,
          outcome: 'drifted',
          attempts: 0,
          error: `the member's role in ${change.group} changed since the plan was made; nothing was sent: make a new plan (rollcall plan) and review it`,
          differences: [{ path: '/role', live: value.role, expected: change.role }],
        },
        readAt,
      };
    },
    write: (beforeSend) => writer.removeMembership(change.group, member, beforeSend),
  });
}
