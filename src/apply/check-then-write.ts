/**
 * Check, then write, for a change that is one thing present or absent (a group membership, a
 * licence): read it, stop when it is already as the change wants (or not as the plan expected),
 * else write it while that read is younger than the freshness bound (reading again when it has
 * grown older). A refusal that says the end state holds (a membership already gone) counts as
 * reached; a call whose outcome is unknown is read again to decide.
 */
import type { FailureKind, Read, Sent } from '../model/directory-port.js';
import { SchedulerStopped } from '../pacing/scheduler.js';
import type { Change } from '../plan/types.js';
import type { ChangeResult } from './outcome.js';
import { StaleRead, type WriteAccess } from './write-access.js';

const MAX_REREADS = 3;
const NOT_SENT = 'the run was stopped before this change was sent';

export interface CheckedWrite {
  /** What is read and written, in messages: "the membership", "the licence". */
  what: string;
  /** Reads it now: reached (nothing to send), to write, or the outcome that refuses the change. */
  read(): Promise<Read<'reached' | 'to-write' | ChangeResult>>;
  write(beforeSend: () => Promise<void>): Promise<Sent>;
  /** The refusal that means the end state holds (a delete of what is gone, an insert of what is there). */
  reachedWhen: FailureKind;
}

export async function checkThenWrite(access: WriteAccess, change: Change, step: CheckedWrite): Promise<ChangeResult> {
  for (let rereads = 0; ; rereads++) {
    let state: 'reached' | 'to-write' | ChangeResult;
    let readAt: number;
    try {
      ({ value: state, readAt } = await step.read());
    } catch (caught) {
      if (caught instanceof SchedulerStopped) return { change, outcome: 'skipped', attempts: 0, error: NOT_SENT };
      return { change, outcome: 'failed', attempts: 0, error: `could not read ${step.what}: ${access.failure(caught).message}; run apply again` };
    }
    if (state === 'reached') return { change, outcome: 'already-done', attempts: 0 };
    if (state !== 'to-write') return state;
    try {
      const { attempts } = await step.write(access.guard(readAt));
      return { change, outcome: 'done', attempts };
    } catch (caught) {
      if (caught instanceof StaleRead) {
        if (rereads < MAX_REREADS) continue;
        return { change, outcome: 'failed', attempts: 0, error: `nothing was sent: ${step.what} could not be read and changed within the freshness bound (${access.directory} is slow or rate-limiting hard): run apply again` };
      }
      if (caught instanceof SchedulerStopped) {
        return caught.attemptsSent === 0
          ? { change, outcome: 'skipped', attempts: 0, error: NOT_SENT }
          : { change, outcome: 'failed', attempts: caught.attemptsSent, error: `the run was stopped while the change was being sent: run apply again, it checks ${step.what} first` };
      }
      const err = access.failure(caught);
      const attempts = err.attempts;
      // Our own earlier attempt landed, or someone made the same change.
      if (err.kind === step.reachedWhen) return { change, outcome: attempts > 1 ? 'done' : 'already-done', attempts };
      if (err.kind === 'outcome-unknown') {
        try {
          if ((await step.read()).value === 'reached') return { change, outcome: 'done', attempts };
        } catch (again) {
          // a failed (or stopped) second look is reported below with the original failure
          if (!(again instanceof SchedulerStopped)) access.failure(again);
        }
      }
      return { change, outcome: 'failed', attempts, error: `${err.message}; run apply again, it will check ${step.what} first` };
    }
  }
}
