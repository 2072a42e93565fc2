/**
 * Rate limits without Retry-After: the scheduler halves its rate for every caller, climbs back
 * slowly, and a rate-limited call keeps its place until its time budget runs out, instead of
 * failing after a fixed number of attempts.
 */
import { describe, expect, it } from 'vitest';
import { AdaptiveRate } from '../../src/pacing/adaptive-rate.js';
import { GoogleApiError } from '../../src/targets/google/api-error.js';
import { SchedulerStopped, type SchedulerEvent } from '../../src/pacing/scheduler.js';
import { googleScheduler } from '../../src/targets/google/scheduler.js';
import { startEmulator } from '../../src/targets/google/emulator/server.js';
import { directoryClient } from '../emulator/client.js';
import { clockedScheduler, httpError, type GoogleSchedulerOptions } from './fake-clock.js';

const DEFAULTS: GoogleSchedulerOptions = {
  requestsPerMinute: 600,
  burst: 1,
  concurrency: 4,
  maxRetries: 2,
  random: () => 0.5,
};

const setup = (options: Partial<GoogleSchedulerOptions> = {}) => clockedScheduler(DEFAULTS, options);

describe('AdaptiveRate', () => {
  it('a stray refusal among many accepted calls changes nothing: the call is just tried again', () => {
    let now = 0;
    const rate = new AdaptiveRate({ maxPerMinute: 6000, now: () => now });
    for (let i = 1; i <= 500; i++) {
      now += 10;
      rate.accepted();
      if (i % 50 === 0) expect(rate.refused(now - 5)).toBeNull();
    }
    expect(rate.perMinute).toBe(6000);
  });

  it('halves once refusals are a real share, once per batch sent at the old pace, down to a floor; climbs back a tenth of the rate per minute', () => {
    let now = 1000;
    const rate = new AdaptiveRate({ maxPerMinute: 1500, now: () => now });
    expect(rate.refused(990)).toBeNull();
    expect(rate.refused(991)).toBeNull();
    expect(rate.refused(992)).toEqual({ slowed: 750 });
    // Answers to requests sent before that change were sent at the old pace: nothing new.
    expect(rate.refused(995)).toBeNull();
    now = 2000;
    expect(rate.refused(1500)).toEqual({ slowed: 375 });
    for (let i = 0; i < 10; i++) rate.refused((now += 10) - 1);
    expect(rate.perMinute).toBe(15);
    now += 60_000;
    rate.accepted();
    expect(rate.perMinute).toBe(165);
    now += 10 * 60_000;
    rate.accepted();
    expect(rate.perMinute).toBe(1500);
  });

  it('never slows below what Google let through in the last minute; refused at that pace, every call waits, longer each time', () => {
    let now = 0;
    const rate = new AdaptiveRate({ maxPerMinute: 1500, now: () => now });
    // 300 calls went through in the first 12 s (1,500/min), then the minute's quota is spent.
    for (let i = 0; i < 300; i++) {
      now = i * 40;
      rate.accepted();
    }
    const responses = [];
    while (responses.length < 6) {
      now += 50;
      const response = rate.refused(now - 1);
      if (response !== null) responses.push(response);
      if ('pauseMs' in (response ?? {})) now += (response as { pauseMs: number }).pauseMs;
    }
    expect(responses).toEqual([{ slowed: 750 }, { slowed: 375 }, { slowed: 270 }, { pauseMs: 1000 }, { pauseMs: 2000 }, { pauseMs: 4000 }]);
    expect(rate.perMinute).toBe(270);
  });
});

describe('RequestScheduler under rate limits without Retry-After', () => {
  it('slows every caller down: after a refusal, calls start at the lower rate', async () => {
    const { clock, events, scheduler } = setup();
    const starts: number[] = [];
    const refused = new Set<number>();
    const jobs = Array.from({ length: 12 }, (_, i) =>
      scheduler.schedule(`job ${i}`, async () => {
        starts.push(clock.now());
        // Three refusals in a row: a real share of the calls, not a stray one.
        if (i >= 2 && i <= 4 && !refused.has(i)) {
          refused.add(i);
          throw httpError(429, 'rateLimitExceeded');
        }
        return i;
      }),
    );
    await clock.run(Promise.all(jobs));
    expect(events.filter((e) => e.type === 'slowed')).toEqual([expect.objectContaining({ perMinute: 300, label: 'job 4' })]);
    // 600/min is one start every 100 ms; once refusals are a real share (the third, at 600 ms), 300/min: 200 ms apart (then slowly closer again).
    expect(starts.slice(0, 7)).toEqual([0, 100, 200, 300, 400, 500, 600]);
    const after = starts.slice(6);
    expect(after.slice(1, 4).map((t, i) => t - (after[i] as number)).every((gap) => gap >= 195)).toBe(true);
    expect(scheduler.requestsPerMinute).toBeGreaterThan(300);
  });

  it('a rate-limited call keeps trying past maxRetries, and keeps its place ahead of later calls', async () => {
    const { clock, scheduler } = setup({ concurrency: 1, maxRetries: 1 });
    const order: string[] = [];
    let refusals = 5;
    const first = scheduler.schedule('first', async () => {
      order.push('first');
      if (refusals-- > 0) throw httpError(403, 'userRateLimitExceeded');
      return 'ok';
    });
    const later = ['second', 'third'].map((label) =>
      scheduler.schedule(label, async () => {
        order.push(label);
        return label;
      }),
    );
    const [result] = await clock.run(Promise.all([first, ...later]));
    expect(result).toMatchObject({ value: 'ok', attempts: 6 });
    expect(order).toEqual(['first', 'first', 'first', 'first', 'first', 'first', 'second', 'third']);
  });

  it('gives a rate-limited call up only when its time budget is spent', async () => {
    const { clock, scheduler } = setup({ rateLimitWaitMs: 30_000, requestsPerMinute: 60 });
    const started = clock.now();
    const failure = await clock.run(scheduler.schedule('always limited', async () => Promise.reject(httpError(429, 'rateLimitExceeded')))).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(GoogleApiError);
    expect(clock.now() - started).toBeGreaterThanOrEqual(30_000);
    expect((failure as GoogleApiError).attempts).toBeGreaterThan(3);
  });

  it('a 5xx still fails after maxRetries', async () => {
    const { clock, scheduler } = setup({ maxRetries: 2 });
    const failure = (await clock.run(scheduler.schedule('broken', async () => Promise.reject(httpError(503, 'backendError')))).catch((e: unknown) => e)) as GoogleApiError;
    expect(failure.attempts).toBe(3);
    expect(failure.uncertainAttempts).toBe(3);
  });

  it('once stopped, starts no attempt: a waiting call ends with SchedulerStopped, saying whether it had gone out', async () => {
    const stop = new AbortController();
    const { clock, scheduler } = setup({ signal: stop.signal, concurrency: 1, baseDelayMs: 5000 });
    let calls = 0;
    const flaky = scheduler.schedule('flaky', async () => {
      calls++;
      throw httpError(503);
    });
    const waiting = scheduler.schedule('waiting', async () => 'never');
    // Let the first attempt go out and fail; the call then waits out its backoff.
    await clock.run(clock.sleep(10));
    stop.abort();
    const [a, b] = await clock.run(Promise.allSettled([flaky, waiting]));
    expect(calls).toBe(1);
    expect((a as PromiseRejectedResult).reason).toBeInstanceOf(SchedulerStopped);
    expect(((a as PromiseRejectedResult).reason as SchedulerStopped).attemptsSent).toBe(1);
    expect(((b as PromiseRejectedResult).reason as SchedulerStopped).attemptsSent).toBe(0);
  });
});

describe('the issue\'s case, through real HTTP: Google allowing 300 a minute, rollcall configured for 1,500', () => {
  it('410 updates, none fails (run at 20x speed: the same 300 requests per window, the same 5x overshoot)', async () => {
    const SPEED = 20;
    const users = Array.from({ length: 410 }, (_, i) => ({ primaryEmail: `user${i}@d.org`, name: { givenName: 'U', familyName: String(i) }, orgUnitPath: '/' }));
    const emu = await startEmulator({
      seed: { users, groups: [], orgUnits: [] },
      rateLimit: { perMinute: 300 * SPEED, windowMs: 60_000 / SPEED, retryAfter: false, status: 403 },
    });
    try {
      const google = directoryClient(emu);
      const events: SchedulerEvent[] = [];
      // The numbers of the run: 1,500/min, 7 attempts (6 retries).
      const scheduler = googleScheduler({ requestsPerMinute: 1500 * SPEED, concurrency: 8, maxRetries: 6, quotaWindowMs: 60_000 / SPEED, onEvent: (e) => events.push(e) });
      const results = await Promise.allSettled(
        users.map((u) => scheduler.schedule(`users.update ${u.primaryEmail}`, () => google.users.update({ userKey: u.primaryEmail, requestBody: { suspended: true } }))),
      );
      expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
      expect(emu.state().users.every((u) => u.suspended === true)).toBe(true);
      expect(emu.stats().failuresInjected).toBeGreaterThan(0);
      expect(events.some((e) => e.type === 'slowed')).toBe(true);
      expect(Math.max(...results.map((r) => (r as PromiseFulfilledResult<{ attempts: number }>).value.attempts))).toBeGreaterThan(1);
    } finally {
      await emu.close();
    }
  }, 30_000);
});
