/**
 * A run being stopped ends every call waiting in the scheduler at once. Many calls wait at once
 * in a normal run (a slot, a rate token, a backoff each), so the scheduler listens to the run's
 * signal once, not once per waiting call: Node warns of a leak past 10 listeners on one signal.
 */
import { afterEach, expect, it } from 'vitest';
import { SchedulerStopped } from '../../src/pacing/scheduler.js';
import { googleScheduler } from '../../src/targets/google/scheduler.js';

const warnings: Error[] = [];
const onWarning = (w: Error) => warnings.push(w);
afterEach(() => {
  process.off('warning', onWarning);
});

it('stops 25 waiting calls when the run is stopped, with no leak warning', async () => {
  process.on('warning', onWarning);
  const stop = new AbortController();
  const scheduler = googleScheduler({ requestsPerMinute: 60, burst: 1, concurrency: 1, maxRetries: 0, signal: stop.signal });
  const sent: number[] = [];
  const calls = Array.from({ length: 25 }, (_, i) =>
    scheduler.schedule(`call ${i}`, async () => {
      sent.push(i);
      await new Promise((r) => setTimeout(r, 100));
      return i;
    }),
  );
  await new Promise((r) => setTimeout(r, 30));
  stop.abort();
  const settled = await Promise.allSettled(calls);
  await new Promise((r) => setImmediate(r)); // warnings are emitted on a later tick

  // The call in flight finishes; every waiting one ends as stopped, none of them sent.
  expect(sent).toEqual([0]);
  expect(settled[0]).toMatchObject({ status: 'fulfilled', value: { value: 0 } });
  const stopped = settled.slice(1);
  expect(stopped.every((r) => r.status === 'rejected' && r.reason instanceof SchedulerStopped)).toBe(true);
  expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
});
