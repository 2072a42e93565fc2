/**
 * Time for creation stamps (Google's `creationTime`, Graph's `createdDateTime`). An emulator
 * never reads the wall clock for data: a counter clock gives the same timestamps in every run,
 * so tests can assert on them.
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
