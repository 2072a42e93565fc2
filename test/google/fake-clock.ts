import type { SchedulerEvent, SchedulerOptions } from '../../src/pacing/scheduler.js';

/** A Google scheduler's options: the failures are Google's. */
export type GoogleSchedulerOptions = Omit<SchedulerOptions, 'failures'>;
import { googleScheduler } from '../../src/targets/google/scheduler.js';

/**
 * Virtual time for scheduler tests: `sleep` parks a timer, `run` fires timers in time order
 * whenever everything else is waiting, so minutes of backoff take microseconds and every run
 * sees the same times.
 */
export class FakeClock {
  time = 0;
  private seq = 0;
  private timers: Array<{ at: number; seq: number; resolve: () => void }> = [];

  readonly now = (): number => this.time;

  readonly sleep = (ms: number): Promise<void> =>
    new Promise<void>((resolve) => {
      this.timers.push({ at: this.time + Math.max(0, ms), seq: this.seq++, resolve });
    });

  /** Drives virtual time until `promise` settles. */
  async run<T>(promise: Promise<T>): Promise<T> {
    let settled = false;
    promise.then(
      () => (settled = true),
      () => (settled = true),
    );
    for (;;) {
      // Let every pending promise chain run before time moves on.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (settled) return promise;
      const next = this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq).shift();
      if (!next) throw new Error('FakeClock: nothing left to wait for, but the promise has not settled');
      this.time = Math.max(this.time, next.at);
      next.resolve();
    }
  }
}

/** An error shaped like a GaxiosError for an HTTP answer. */
export function httpError(status: number, reason?: string, headers: Record<string, string> = {}, message = 'error'): Error {
  const err = new Error(message) as Error & { status: number; response: unknown; config: unknown };
  err.status = status;
  err.config = { headers: { authorization: 'Bearer test-token' } };
  err.response = {
    status,
    headers,
    data: { error: { code: status, message, errors: reason ? [{ message, domain: 'global', reason }] : [] } },
  };
  return err;
}

/** An error shaped like a network failure (no response). */
export function networkError(code: string, message = `connect ${code}`): Error {
  const err = new Error(message) as Error & { code: string };
  err.code = code;
  return err;
}

/** A scheduler on a fake clock, recording its events: `defaults` for a test file, `options` for one test. */
export function clockedScheduler(defaults: GoogleSchedulerOptions, options: Partial<GoogleSchedulerOptions> = {}) {
  const clock = new FakeClock();
  const events: SchedulerEvent[] = [];
  const scheduler = googleScheduler({ ...defaults, now: clock.now, sleep: clock.sleep, onEvent: (e) => events.push(e), ...options });
  return { clock, events, scheduler };
}
