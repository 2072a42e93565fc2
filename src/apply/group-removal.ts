/**
 * Applies one group removal: check the membership, delete it, and treat "not a member" (before
 * or after the delete, including a 404 on the delete itself) as the end state reached. The
 * delete is sent only while the membership read is younger than the freshness bound; otherwise
 * the membership is read again first.
 */
import type { GroupRemovalChange } from '../plan/types.js';
import type { DirectoryMember } from '../targets/google/directory-types.js';
import { SchedulerStopped } from '../targets/google/scheduler.js';
import { isNotFound, StaleRead, type DirectoryCalls } from './directory-calls.js';
import { describeFailure, googleFailure, isOutcomeUnknown } from './failures.js';
import type { ChangeResult } from './outcome.js';

const MAX_REREADS = 3;
const NOT_SENT = 'the run was stopped before this change was sent';

/** `memberKey` is the account's Google id when known (it survives a rename made in the same run). */
export async function applyRemoval(calls: DirectoryCalls, change: GroupRemovalChange, memberKey: string): Promise<ChangeResult> {
  for (let rereads = 0; ; rereads++) {
    let member: DirectoryMember | null;
    let readAt: number;
    try {
      ({ value: member, sentAt: readAt } = await calls.getMember(change.group, memberKey, change.address));
    } catch (caught) {
      if (caught instanceof SchedulerStopped) return { change, outcome: 'skipped', attempts: 0, error: NOT_SENT };
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
      const { attempts } = await calls.deleteMember(change.group, memberKey, change.address, readAt);
      return { change, outcome: 'done', attempts };
    } catch (caught) {
      if (caught instanceof StaleRead) {
        if (rereads < MAX_REREADS) continue;
        return { change, outcome: 'failed', attempts: 0, error: 'nothing was sent: the membership could not be read and removed within the freshness bound (Google is slow or rate-limiting hard): run apply again' };
      }
      if (caught instanceof SchedulerStopped) {
        return caught.attemptsSent === 0
          ? { change, outcome: 'skipped', attempts: 0, error: NOT_SENT }
          : { change, outcome: 'failed', attempts: caught.attemptsSent, error: 'the run was stopped while the removal was being sent: run apply again, it checks the membership first' };
      }
      const err = googleFailure(caught);
      const attempts = err.attempts;
      // "Resource Not Found: memberKey": gone already, e.g. our own earlier attempt landed.
      if (isNotFound(err)) return { change, outcome: attempts > 1 ? 'done' : 'already-done', attempts };
      if (isOutcomeUnknown(err)) {
        try {
          if ((await calls.getMember(change.group, memberKey, change.address)).value === null) return { change, outcome: 'done', attempts };
        } catch (again) {
          // a failed (or stopped) second look is reported below with the original failure
          if (!(again instanceof SchedulerStopped)) googleFailure(again);
        }
      }
      return { change, outcome: 'failed', attempts, error: `${describeFailure(err)}; run apply again, it will check the membership first` };
    }
  }
}
