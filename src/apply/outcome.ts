/**
 * What applying one change came to. Every selected change ends with exactly one outcome, so a
 * run never leaves a half-known state unreported.
 */
import type { Change } from '../plan/types.js';

/**
 * - done: rollcall sent the change and the directory applied it;
 * - already-done: the account was already in the planned end state; nothing was sent;
 * - drifted: the account changed since the plan was made; refused, nothing was sent;
 * - failed: the directory refused the change or could not be reached; see `error`;
 * - skipped: not tried, because a change it depends on did not complete (or the run stopped);
 * - waiting: a deletion whose files are still being handed to another account (a transfer this or
 *   an earlier run started): planned, not a fault; a later run deletes once the transfer has
 *   completed. Not done, so nothing treats it as settled.
 */
export type Outcome = 'done' | 'already-done' | 'drifted' | 'failed' | 'skipped' | 'waiting';

/** One managed field that is not what the plan expected. Values are managed fields only: never secrets. */
export interface Difference {
  /** JSON pointer into the managed fields (model/field-path.ts), e.g. /placement or /attributes/customSchemas.StudentInfo.DCID. */
  path: string;
  /** What the directory holds now (null when absent). */
  live: unknown;
  /** What the plan expected to find there (null when absent). */
  expected: unknown;
}

export interface ChangeResult {
  change: Change;
  outcome: Outcome;
  /** HTTP attempts of the change's mutation (0 when nothing was sent). */
  attempts: number;
  /** Why it failed, was refused, skipped or waits, and what to do; safe to print and log. */
  error?: string;
  differences?: Difference[];
}

export type OutcomeCounts = Record<Outcome, number>;

export function emptyCounts(): OutcomeCounts {
  return { done: 0, 'already-done': 0, drifted: 0, failed: 0, skipped: 0, waiting: 0 };
}

/** Only these leave the directory as the plan intended. */
export function isSettled(outcome: Outcome): boolean {
  return outcome === 'done' || outcome === 'already-done';
}

/**
 * Whether a run may end well with this outcome: settled, or waiting as planned for the directory
 * to finish a file transfer (a nightly job is not failing while Google hands files over).
 */
export function endsRunWell(outcome: Outcome): boolean {
  return isSettled(outcome) || outcome === 'waiting';
}
