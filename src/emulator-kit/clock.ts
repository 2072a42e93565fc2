/**
 * Time for an emulator's stamps (Google's `creationTime`, Graph's `createdDateTime`, deletion
 * times) and for its restore windows. An emulator never reads the wall clock for data: a
 * counter clock gives the same timestamps in every run, so tests can assert on them, and a
 * manual clock lets a test step over days.
 */

export type Clock = () => Date;

/** Starts at `start` and moves `stepMs` forward on every call. */
export function counterClock(start = '2024-01-01T00:00:00.000Z', stepMs = 1000): Clock {
  let next = Date.parse(start);
  if (Number.isNaN(next)) throw new RangeError(`counterClock: not an ISO date: ${start}`);
  return () => {
    const now = new Date(next);
    next += stepMs;
    return now;
  };
}

/** A clock a test (or a rehearsal) moves by hand: it stands still until told to move. */
export interface ManualClock {
  /** The clock to give an emulator. */
  clock: Clock;
  /** Moves time forward (or back, with a negative amount). */
  advanceMs(ms: number): void;
  /** `advanceDays(21)` steps past Google's 20-day restore window. */
  advanceDays(days: number): void;
}

export function manualClock(start: string): ManualClock {
  let now = Date.parse(start);
  if (Number.isNaN(now)) throw new RangeError(`manualClock: not an ISO date: ${start}`);
  return {
    clock: () => new Date(now),
    advanceMs: (ms) => (now += ms),
    advanceDays: (days) => (now += days * 86_400_000),
  };
}
