/**
 * The one place that paces Google calls: every Directory API request rollcall makes (snapshot,
 * live read, apply) goes through one RequestScheduler, which bounds how many are in flight,
 * keeps the start rate under `requestsPerMinute`, and retries quota, 5xx and network failures
 * with exponential backoff and full jitter. The client's own retry is off (see client.ts), so
 * nothing else retries behind its back. It never prints: what it does goes to `onEvent`.
 */
import { backoffDelay } from './backoff.js';
import { classifyApiError, describeApiError, GoogleApiError, isRateLimit, type ApiErrorInfo } from './api-error.js';
import { ConcurrencyLimit } from './concurrency-limit.js';
import { RateLimiter } from './rate-limiter.js';

export type SchedulerEvent =
  /** A call failed with a retryable error and will be tried again after `delayMs`. */
  | { type: 'retry'; label: string; attempt: number; delayMs: number; reason: string; status?: number }
  /** A call waited `waitMs` for the rate limit before it could start. */
  | { type: 'throttled'; label: string; waitMs: number }
  /** The server asked everyone to wait (Retry-After on a rate-limit answer): all starts hold for `waitMs`. */
  | { type: 'paused'; label: string; waitMs: number; reason: string }
  /** A call failed for good. */
  | { type: 'failed'; label: string; attempts: number; reason: string; status?: number };

export interface SchedulerOptions {
  /** Client-side start rate (config `google.requestsPerMinute`). */
  requestsPerMinute: number;
  /** Calls in flight at once (config `google.concurrency`). */
  concurrency: number;
  /** Retries after the first attempt (config `google.maxRetries`). */
  maxRetries: number;
  /** Calls that may start back to back before the rate applies; default one second's worth, 1..10. */
  burst?: number;
  /** First retry's jitter ceiling; doubles each retry. Default 1000. */
  baseDelayMs?: number;
  /** Cap on the jitter ceiling. Default 64000 (Google's advice). */
  maxDelayMs?: number;
  /** Cap on a server's Retry-After, so a wild header cannot hang a run. Default 300000. */
  maxRetryAfterMs?: number;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  onEvent?: (event: SchedulerEvent) => void;
}

export interface ScheduleOptions {
  /** Replaces the default rule (ApiErrorInfo.transient) for whether this call's error is worth another attempt. */
  retryable?: (err: unknown, info: ApiErrorInfo) => boolean;
}

export interface Scheduled<T> {
  value: T;
  /** HTTP attempts this call took (1 when it succeeded first time). */
  attempts: number;
}

export interface SchedulerStats {
  /** Calls handed to `schedule`. */
  calls: number;
  /** Attempts started: the number of requests that reached the wire. */
  attempts: number;
  retries: number;
  failures: number;
  /** Total time calls spent waiting for the rate limit. */
  throttledMs: number;
}

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class RequestScheduler {
  private readonly limit: ConcurrencyLimit;
  private readonly rate: RateLimiter;
  private readonly maxRetries: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly maxRetryAfterMs: number;
  private readonly random: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly onEvent: (event: SchedulerEvent) => void;
  private readonly counts: SchedulerStats = { calls: 0, attempts: 0, retries: 0, failures: 0, throttledMs: 0 };

  constructor(options: SchedulerOptions) {
    if (!Number.isInteger(options.maxRetries) || options.maxRetries < 0) throw new RangeError('maxRetries must be a whole number >= 0');
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? realSleep;
    this.random = options.random ?? Math.random;
    this.onEvent = options.onEvent ?? (() => undefined);
    this.maxRetries = options.maxRetries;
    this.baseDelayMs = options.baseDelayMs ?? 1000;
    this.maxDelayMs = options.maxDelayMs ?? 64_000;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 300_000;
    this.limit = new ConcurrencyLimit(options.concurrency);
    this.rate = new RateLimiter({
      ratePerMinute: options.requestsPerMinute,
      burst: options.burst ?? Math.max(1, Math.min(10, Math.ceil(options.requestsPerMinute / 60))),
      now: this.now,
      sleep: this.sleep,
    });
  }

  /**
   * Runs `call` when a slot and a rate token are free; retries it while its error is transient
   * (or `options.retryable` says so) and retries remain. Throws GoogleApiError carrying the
   * attempts made. `label` names the call in events and errors (`users.list`, `users.update x@y`).
   */
  async schedule<T>(label: string, call: () => Promise<T>, options: ScheduleOptions = {}): Promise<Scheduled<T>> {
    this.counts.calls++;
    for (let attempt = 1; ; attempt++) {
      let failure: unknown;
      await this.limit.acquire();
      try {
        const waited = await this.rate.take();
        if (waited > 0) {
          this.counts.throttledMs += waited;
          this.onEvent({ type: 'throttled', label, waitMs: waited });
        }
        this.counts.attempts++;
        return { value: await call(), attempts: attempt };
      } catch (err) {
        failure = err;
      } finally {
        // The slot is for calls in flight: a call waiting out its backoff does not hold one.
        this.limit.release();
      }

      const info = classifyApiError(failure, this.now());
      const retryable = options.retryable ? options.retryable(failure, info) : info.transient;
      const reason = info.reason ?? info.networkCode ?? (info.status !== undefined ? `HTTP ${info.status}` : 'error');
      if (!retryable || attempt > this.maxRetries) {
        this.counts.failures++;
        this.onEvent({ type: 'failed', label, attempts: attempt, reason, ...(info.status !== undefined ? { status: info.status } : {}) });
        throw new GoogleApiError(label, attempt, info, failure);
      }

      const delayMs = this.delayFor(attempt, info);
      if (info.retryAfterMs !== undefined && isRateLimit(info)) {
        this.rate.pauseUntil(this.now() + delayMs);
        this.onEvent({ type: 'paused', label, waitMs: delayMs, reason: describeApiError(info) });
      }
      this.counts.retries++;
      this.onEvent({ type: 'retry', label, attempt, delayMs, reason, ...(info.status !== undefined ? { status: info.status } : {}) });
      await this.sleep(delayMs);
    }
  }

  stats(): SchedulerStats {
    return { ...this.counts };
  }

  /** Full-jitter backoff, but never sooner than the server's Retry-After. */
  private delayFor(attempt: number, info: ApiErrorInfo): number {
    const jittered = backoffDelay(attempt, { baseDelayMs: this.baseDelayMs, maxDelayMs: this.maxDelayMs, random: this.random });
    if (info.retryAfterMs === undefined) return jittered;
    return Math.max(jittered, Math.min(info.retryAfterMs, this.maxRetryAfterMs));
  }
}

/** The scheduler a run uses, paced by the `google` section of the config. */
export function createScheduler(
  config: { requestsPerMinute: number; concurrency: number; maxRetries: number },
  extra: Omit<SchedulerOptions, 'requestsPerMinute' | 'concurrency' | 'maxRetries'> = {},
): RequestScheduler {
  return new RequestScheduler({
    ...extra,
    requestsPerMinute: config.requestsPerMinute,
    concurrency: config.concurrency,
    maxRetries: config.maxRetries,
  });
}
