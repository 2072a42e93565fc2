import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { GoogleApiError } from '../../src/targets/google/api-error.js';
import { backoffCeiling, backoffDelay } from '../../src/pacing/backoff.js';
import type { SchedulerEvent } from '../../src/pacing/scheduler.js';
import { clockedScheduler, httpError, networkError, type GoogleSchedulerOptions } from './fake-clock.js';

const DEFAULTS: GoogleSchedulerOptions = {
  requestsPerMinute: 60_000,
  concurrency: 4,
  maxRetries: 6,
  baseDelayMs: 100,
  maxDelayMs: 10_000,
  random: () => 0.5,
};

const setup = (options: Partial<GoogleSchedulerOptions> = {}) => clockedScheduler(DEFAULTS, options);

/** A call that throws the given errors in turn, then answers `value`. */
function failingThen<T>(errors: unknown[], value: T): { call: () => Promise<T>; calls: () => number } {
  let n = 0;
  return {
    call: async () => {
      const err = errors[n++];
      if (err !== undefined) throw err;
      return value;
    },
    calls: () => n,
  };
}

const retries = (events: SchedulerEvent[]) => events.filter((e): e is Extract<SchedulerEvent, { type: 'retry' }> => e.type === 'retry');

describe('RequestScheduler: retries', () => {
  it('returns the value and one attempt when the call succeeds', async () => {
    const { clock, scheduler } = setup();
    await expect(clock.run(scheduler.schedule('users.get', async () => 42))).resolves.toEqual({ value: 42, attempts: 1, sentAt: 0 });
  });

  it('backs off exponentially: each retry waits up to twice as long as the one before, up to the cap', async () => {
    const { clock, events, scheduler } = setup({ random: () => 0.999, maxRetries: 8, maxDelayMs: 5_000 });
    const errors = Array.from({ length: 8 }, () => httpError(503, 'backendError'));
    const { call } = failingThen(errors, 'ok');
    const result = await clock.run(scheduler.schedule('users.list', call));
    expect(result).toEqual({ value: 'ok', attempts: 9, sentAt: clock.time });
    expect(retries(events).map((e) => e.delayMs)).toEqual([99, 199, 399, 799, 1598, 3196, 4995, 4995]);
    // The sleeps really happened (virtual time moved by their sum).
    expect(clock.time).toBeGreaterThanOrEqual(99 + 199 + 399 + 799 + 1598 + 3196 + 4995 + 4995);
  });

  it('jitters within [0, ceiling): the delay is random() times the ceiling', async () => {
    const randoms = [0, 0.25, 0.5, 0.75];
    let i = 0;
    const { clock, events, scheduler } = setup({ random: () => randoms[i++ % randoms.length] as number });
    const { call } = failingThen([httpError(500), httpError(500), httpError(500), httpError(500)], 'ok');
    await clock.run(scheduler.schedule('users.list', call));
    // ceilings 100, 200, 400, 800
    expect(retries(events).map((e) => e.delayMs)).toEqual([0, 50, 200, 600]);
  });

  it('property: a backoff delay is never negative and never above its ceiling', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), fc.integer({ min: 1, max: 5_000 }), (retry, r, base) => {
        const options = { baseDelayMs: base, maxDelayMs: 64_000, random: () => r };
        const delay = backoffDelay(retry, options);
        return delay >= 0 && delay <= backoffCeiling(retry, options) && Number.isInteger(delay);
      }),
    );
  });

  it('honours Retry-After in seconds even when the jitter would be shorter', async () => {
    const { clock, events, scheduler } = setup({ random: () => 0 });
    const { call } = failingThen([httpError(429, 'rateLimitExceeded', { 'retry-after': '7' })], 'ok');
    await clock.run(scheduler.schedule('users.list', call));
    expect(retries(events)[0]).toMatchObject({ delayMs: 7000, status: 429, reason: 'rateLimitExceeded' });
    expect(clock.time).toBeGreaterThanOrEqual(7000);
  });

  it('honours Retry-After as an HTTP date', async () => {
    const { clock, events, scheduler } = setup({ random: () => 0 });
    clock.time = Date.UTC(2026, 10, 23, 12, 0, 0);
    const header = new Date(clock.time + 5000).toUTCString();
    const { call } = failingThen([httpError(503, 'backendError', { 'Retry-After': header })], 'ok');
    await clock.run(scheduler.schedule('users.list', call));
    expect(retries(events)[0]?.delayMs).toBe(5000);
  });

  it('on a rate-limit answer with Retry-After, holds every other call too', async () => {
    const { clock, events, scheduler } = setup({ random: () => 0, concurrency: 2 });
    const starts: number[] = [];
    const first = failingThen([httpError(403, 'userRateLimitExceeded', { 'retry-after': '3' })], 'a');
    const limited = scheduler.schedule('first', async () => {
      starts.push(clock.now());
      return first.call();
    });
    // Starts only after the first call's answer arrived (it sleeps 10 ms first).
    const other = (async () => {
      await clock.sleep(10);
      return scheduler.schedule('other', async () => {
        starts.push(clock.now());
        return 'b';
      });
    })();
    await clock.run(Promise.all([limited, other]));
    expect(events.some((e) => e.type === 'paused' && e.waitMs === 3000)).toBe(true);
    expect(starts[0]).toBe(0);
    expect(starts.slice(1).every((t) => t >= 3000)).toBe(true);
  });

  it.each([
    ['403 userRateLimitExceeded', httpError(403, 'userRateLimitExceeded')],
    ['403 quotaExceeded', httpError(403, 'quotaExceeded')],
    ['403 rateLimitExceeded', httpError(403, 'rateLimitExceeded')],
    ['429', httpError(429)],
    ['500', httpError(500, 'internalError')],
    ['502', httpError(502)],
    ['503', httpError(503, 'backendError')],
    ['ECONNRESET', networkError('ECONNRESET')],
    ['ECONNREFUSED', networkError('ECONNREFUSED')],
    ['ETIMEDOUT', networkError('ETIMEDOUT')],
    ['socket hang up', new Error('request to http://x/ failed, reason: socket hang up')],
  ])('retries %s', async (_name, err) => {
    const { clock, scheduler } = setup();
    const { call, calls } = failingThen([err], 'ok');
    await expect(clock.run(scheduler.schedule('call', call))).resolves.toEqual({ value: 'ok', attempts: 2, sentAt: expect.any(Number) });
    expect(calls()).toBe(2);
  });

  it.each([
    ['400 invalid', httpError(400, 'invalid')],
    ['401', httpError(401, 'authError')],
    ['403 forbidden', httpError(403, 'forbidden')],
    ['404 notFound', httpError(404, 'notFound')],
    ['409 duplicate', httpError(409, 'duplicate')],
    ['412', httpError(412, 'conditionNotMet')],
    ['a bug', new TypeError('x is not a function')],
  ])('never retries %s', async (_name, err) => {
    const { clock, events, scheduler } = setup();
    const { call, calls } = failingThen([err, err], 'ok');
    const failure = await clock.run(scheduler.schedule('call', call)).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(GoogleApiError);
    expect((failure as GoogleApiError).attempts).toBe(1);
    expect(calls()).toBe(1);
    expect(retries(events)).toHaveLength(0);
  });

  it('gives up after maxRetries and throws an error carrying the attempts', async () => {
    const { clock, events, scheduler } = setup({ maxRetries: 3 });
    const { call, calls } = failingThen(Array.from({ length: 10 }, () => httpError(503, 'backendError', {}, 'Backend Error')), 'ok');
    const failure = (await clock.run(scheduler.schedule('users.list', call)).catch((e: unknown) => e)) as GoogleApiError;
    expect(failure).toBeInstanceOf(GoogleApiError);
    expect(failure.attempts).toBe(4);
    expect(failure.status).toBe(503);
    expect(failure.reason).toBe('backendError');
    expect(failure.message).toContain('after 4 attempts');
    expect(calls()).toBe(4);
    expect(events.at(-1)).toMatchObject({ type: 'failed', attempts: 4, status: 503 });
    expect(scheduler.stats()).toMatchObject({ calls: 1, attempts: 4, retries: 3, failures: 1 });
  });

  it('lets a call decide what is retryable (e.g. "User creation is not complete")', async () => {
    const { clock, scheduler } = setup();
    const notReady = httpError(412, 'conditionNotMet', {}, 'User creation is not complete.');
    const { call } = failingThen([notReady], 'ok');
    const result = await clock.run(
      scheduler.schedule('users.update', call, { retryable: (_err, failure) => failure.transient || /creation is not complete/.test(failure.description) }),
    );
    expect(result.attempts).toBe(2);
  });
});

describe('RequestScheduler: pacing', () => {
  it('never has more than `concurrency` calls in flight, and uses all of them', async () => {
    const { clock, scheduler } = setup({ concurrency: 3 });
    let inFlight = 0;
    let peak = 0;
    const retried = new Set<number>();
    const jobs = Array.from({ length: 25 }, (_, i) =>
      scheduler.schedule(`job ${i}`, async () => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await clock.sleep(100 + (i % 4) * 37);
        inFlight--;
        // Every fifth job fails once: its backoff must not hold a slot or break the count.
        if (i % 5 === 0 && !retried.has(i)) {
          retried.add(i);
          throw httpError(503);
        }
        return i;
      }),
    );
    const results = await clock.run(Promise.all(jobs));
    expect(results.map((r) => r.value)).toEqual(Array.from({ length: 25 }, (_, i) => i));
    expect(peak).toBe(3);
  });

  it('keeps starts under the rate over every window (burst + rate x window)', async () => {
    const ratePerMinute = 600; // 10 a second
    const burst = 5;
    const { clock, events, scheduler } = setup({ requestsPerMinute: ratePerMinute, burst, concurrency: 50 });
    const starts: number[] = [];
    const jobs = Array.from({ length: 60 }, (_, i) =>
      scheduler.schedule(`job ${i}`, async () => {
        starts.push(clock.now());
        return i;
      }),
    );
    await clock.run(Promise.all(jobs));
    starts.sort((a, b) => a - b);
    for (let i = 0; i < starts.length; i++) {
      for (let j = i; j < starts.length; j++) {
        const window = (starts[j] as number) - (starts[i] as number);
        expect(j - i + 1).toBeLessThanOrEqual(burst + (window * ratePerMinute) / 60_000 + 1e-9);
      }
    }
    // 5 at once, then one every 100 ms.
    expect(starts.slice(0, 5)).toEqual([0, 0, 0, 0, 0]);
    expect(starts.at(-1)).toBeGreaterThanOrEqual(5400);
    expect(starts.at(-1)).toBeLessThanOrEqual(5600);
    expect(events.some((e) => e.type === 'throttled')).toBe(true);
  });

  it('counts retries against the rate too', async () => {
    const { clock, scheduler } = setup({ requestsPerMinute: 60, burst: 1, random: () => 0 });
    const starts: number[] = [];
    const { call } = failingThen([httpError(503)], 'ok');
    await clock.run(
      scheduler.schedule('x', async () => {
        starts.push(clock.now());
        return call();
      }),
    );
    expect(starts).toEqual([0, 1000]);
  });
});
