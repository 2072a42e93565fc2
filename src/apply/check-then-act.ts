/**
 * One change made the way apply makes every change that is not an account's create or update:
 * read what the directory holds now, decide from it (already as planned, changed since the plan,
 * or still to do), and send the write only while that read is younger than the freshness bound
 * (otherwise read again and decide again). A failure that means the end state is there already
 * (a delete's "not found", an insert's "already exists") settles the change; one whose outcome is
 * unknown is looked at once more before it is reported.
 */
import type { BeforeSend, FailureKind, Read, Sent } from '../model/directory-port.js';
import { SchedulerStopped } from '../pacing/scheduler.js';
import type { Change } from '../plan/types.js';
import type { ChangeResult } from './outcome.js';
import { StaleRead, type WriteAccess } from './write-access.js';

const MAX_REREADS = 3;
const NOT_SENT = 'the run was stopped before this change was sent';

/** What apply decides from a read: the change's outcome, or undefined to send the write. */
export type Judgement = Omit<ChangeResult, 'change'> | undefined;

export interface CheckThenAct<T> {
  change: Change;
  /** What is read, in messages: "the membership", "the group". */
  what: string;
  /** The write, in messages: "removal", "addition". */
  write: string;
  read(): Promise<Read<T>>;
  judge(value: T): Judgement;
  send(beforeSend: BeforeSend): Promise<Sent>;
  /** The failure that means the end state is there already, when one does. */
  reached?: FailureKind;
}

export async function checkThenAct<T>(access: WriteAccess, step: CheckThenAct<T>): Promise<ChangeResult> {
  const { change } = step;
  for (let rereads = 0; ; rereads++) {
    let read: Read<T>;
    try {
      read = await step.read();
    } catch (caught) {
      if (caught instanceof SchedulerStopped) return { change, outcome: 'skipped', attempts: 0, error: NOT_SENT };
      return { change, outcome: 'failed', attempts: 0, error: `could not read ${step.what}: ${access.failure(caught).message}; run apply again` };
    }
    const judged = step.judge(read.value);
    if (judged !== undefined) return { change, ...judged };
    try {
      const { attempts } = await step.send(access.guard(read.readAt));
      return { change, outcome: 'done', attempts };
    } catch (caught) {
      if (caught instanceof StaleRead) {
        if (rereads < MAX_REREADS) continue;
        return { change, outcome: 'failed', attempts: 0, error: `nothing was sent: ${step.what} could not be read and changed within the freshness bound (${access.directory} is slow or rate-limiting hard): run apply again` };
      }
      if (caught instanceof SchedulerStopped) {
        return caught.attemptsSent === 0
          ? { change, outcome: 'skipped', attempts: 0, error: NOT_SENT }
          : { change, outcome: 'failed', attempts: caught.attemptsSent, error: `the run was stopped while the ${step.write} was being sent: run apply again, it checks ${step.what} first` };
      }
      const err = access.failure(caught);
      const attempts = err.attempts;
      // Already there (or already gone): e.g. our own earlier attempt landed.
      if (step.reached !== undefined && err.kind === step.reached) return { change, outcome: attempts > 1 ? 'done' : 'already-done', attempts };
      if (err.kind === 'outcome-unknown') {
        try {
          if (step.judge((await step.read()).value)?.outcome === 'already-done') return { change, outcome: 'done', attempts };
        } catch (again) {
          // a failed (or stopped) second look is reported below with the original failure
          if (!(again instanceof SchedulerStopped)) access.failure(again);
        }
      }
      return { change, outcome: 'failed', attempts, error: `${err.message}; run apply again, it will check ${step.what} first` };
    }
  }
}
