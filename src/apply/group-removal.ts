/**
 * Applies one group removal: check the membership, delete it, and treat "not a member" (before
 * or after the delete, including a 404 on the delete itself) as the end state reached.
 */
import type { GroupRemovalChange } from '../plan/types.js';
import type { DirectoryMember } from '../targets/google/directory-types.js';
import { isNotFound, type DirectoryCalls } from './directory-calls.js';
import { describeFailure, googleFailure, isOutcomeUnknown } from './failures.js';
import type { ChangeResult } from './outcome.js';

/** `memberKey` is the account's Google id when known (it survives a rename made in the same run). */
export async function applyRemoval(calls: DirectoryCalls, change: GroupRemovalChange, memberKey: string): Promise<ChangeResult> {
  let member: DirectoryMember | null;
  try {
    member = (await calls.getMember(change.group, memberKey, change.address)).value;
  } catch (caught) {
    return { change, outcome: 'failed', attempts: 0, error: `could not read the membership: ${describeFailure(googleFailure(caught))}; run apply again` };
  }
  if (member === null) return { change, outcome: 'already-done', attempts: 0 };
  if (member.role !== undefined && member.role !== change.role) {
    return {
      change,
      outcome: 'drifted',
      attempts: 0,
      error: `the member's role in ${change.group} changed since the plan was made; nothing was sent: make a new plan (rollcall plan) and review it`,
      differences: [{ path: '/role', live: member.role, expected: change.role }],
    };
  }
  try {
    const { attempts } = await calls.deleteMember(change.group, memberKey, change.address);
    return { change, outcome: 'done', attempts };
  } catch (caught) {
    const err = googleFailure(caught);
    const attempts = err.attempts;
    // "Resource Not Found: memberKey": gone already, e.g. our own earlier attempt landed.
    if (isNotFound(err)) return { change, outcome: attempts > 1 ? 'done' : 'already-done', attempts };
    if (isOutcomeUnknown(err)) {
      try {
        if ((await calls.getMember(change.group, memberKey, change.address)).value === null) return { change, outcome: 'done', attempts };
      } catch (again) {
        googleFailure(again); // a failed second look is reported below with the original failure
      }
    }
    return { change, outcome: 'failed', attempts, error: `${describeFailure(err)}; run apply again, it will check the membership first` };
  }
}
