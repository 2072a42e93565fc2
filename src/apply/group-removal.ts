/**
 * Applies one group removal: check the membership, delete it, and treat "not a member" (before
 * or after the delete, including "not found" on the delete itself) as the end state reached. The
 * delete is sent only while the membership read is younger than the freshness bound; otherwise
 * the membership is read again first.
 */
import type { AccountKey } from '../model/directory-port.js';
import { SchedulerStopped } from '../pacing/scheduler.js';
import type { GroupRemovalChange } from '../plan/types.js';
import type { ChangeResult } from './outcome.js';
import { StaleRead, type WriteAccess } from './write-access.js';

const MAX_REREADS = 3;
const NOT_SENT = 'the run was stopped before this change was sent';

/** `member` names the account by the directory's id when known (it survives a rename made in the same run). */
export async function applyRemoval(access: WriteAccess, change: GroupRemovalChange, member: AccountKey): Promise<ChangeResult> {
  const { writer } = access;
  for (let rereads = 0; ; rereads++) {
    let role: string | null;
    let readAt: number;
    try {
      const read = await writer.readMembership(change.group, member);
      role = read.value === null ? null : read.value.role;
      readAt = read.readAt;
    } catch (caught) {
      if (caught instanceof SchedulerStopped) return { change, outcome: 'skipped', attempts: 0, error: NOT_SENT };
      return { change, outcome: 'failed', attempts: 0, error: `could not read the membership: ${access.failure(caught).message}; run apply again` };
    }
    if (role === null) return { change, outcome: 'already-done', attempts: 0 };
    if (role !== change.role) {
      return {
        change,
        outcome: 'drifted',
        attempts: 0,
        error: `the member's role in ${change.group} changed since the plan was made; nothing was sent: make a new plan (rollcall plan) and review it`,
        differences: [{ path: '/role', live: role, expected: change.role }],
      };
    }
    try {
      const { attempts } = await writer.removeMembership(change.group, member, access.guard(readAt));
      return { change, outcome: 'done', attempts };
    } catch (caught) {
      if (caught instanceof StaleRead) {
        if (rereads < MAX_REREADS) continue;
        return { change, outcome: 'failed', attempts: 0, error: `nothing was sent: the membership could not be read and removed within the freshness bound (${access.directory} is slow or rate-limiting hard): run apply again` };
      }
      if (caught instanceof SchedulerStopped) {
        return caught.attemptsSent === 0
          ? { change, outcome: 'skipped', attempts: 0, error: NOT_SENT }
          : { change, outcome: 'failed', attempts: caught.attemptsSent, error: 'the run was stopped while the removal was being sent: run apply again, it checks the membership first' };
      }
      const err = access.failure(caught);
      const attempts = err.attempts;
      // "Not found" on the delete: gone already, e.g. our own earlier attempt landed.
      if (err.kind === 'not-found') return { change, outcome: attempts > 1 ? 'done' : 'already-done', attempts };
      if (err.kind === 'outcome-unknown') {
        try {
          if ((await writer.readMembership(change.group, member)).value === null) return { change, outcome: 'done', attempts };
        } catch (again) {
          // a failed (or stopped) second look is reported below with the original failure
          if (!(again instanceof SchedulerStopped)) access.failure(again);
        }
      }
      return { change, outcome: 'failed', attempts, error: `${err.message}; run apply again, it will check the membership first` };
    }
  }
}
