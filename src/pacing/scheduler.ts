/**
 * The one place that paces a directory's calls: every request a target makes (snapshot, live
 * read, apply) goes through one RequestScheduler, which bounds how many are in flight, keeps the
 * start rate under `requestsPerMinute`, and retries what is worth retrying:
 * - server errors and network failures: up to `maxRetries` times, with exponential backoff and
 *   full jitter;
 * - rate-limit answers (Google's 429 and 403 quota reasons; Graph's 429): as long as the call has
 *   been refused for less than `rateLimitWaitMs`, keeping its place ahead of later calls. Without
 *   Retry-After the whole scheduler slows down (adaptive-rate.ts); with it, every call waits as told.
 * What a failure means is the target's to say (`failures`: its classification, and the error a
 * call that failed for good is thrown as); the pacing is the same for every directory. A
 * target's client does not retry on its own, so nothing retries behind the scheduler's back. It
 * never prints: what it does goes to `onEvent`. Once `signal` is aborted (a run being stopped)
 * no call starts another attempt; calls already on the wire are left to finish.
 */
import { AdaptiveRate } from './adaptive-rate.js';
import { backoffDelay } from './backoff.js';
import { ConcurrencyLimit } from './concurrency-limit.js';
import { RateLimiter } from './rate-limiter.js';

/** What a failed call means for its pacing, as the directory's target reads it. */
export interface CallFailure {
  /** Worth another attempt: a rate-limit answer, a server error, a network failure. */
  transient: boolean;
  /** The server asked to slow down. */
  rateLimited: boolean;
  /** How long the server asked to wait (Retry-After), in ms from now. */
  retryAfterMs?: number;
  /** Short, for events: the directory's reason code, a network code, or `HTTP 503`. */
  reason: string;
  status?: number;
  /** One line for events: what the directory said. */
  description: string;
}

/** A target's reading of its own failures. */
export interface FailurePolicy {
  classify(err: unknown, nowMs: number): CallFailure;
  /**
   * The error a call that failed for good is thrown as (the target's own, carrying the attempts
   * made and how many of them may have taken effect anyway).
   */
  failed(label: string, attempts: number, err: unknown, uncertainAttempts: number, nowMs: number): Error;
}

export type SchedulerEvent =
  /** A call failed with a retryable error and will be tried again after `delayMs`. */
  | { type: 'retry'; label: string; attempt: number; delayMs: number; reason: string; status?: number }
  /** A call waited `waitMs` for the rate limit before it could start. */
  | { type: 'throttled'; label: string; waitMs: number }
  /** The server asked everyone to wait (Retry-After on a rate-limit answer): all starts hold for `waitMs`. */
  | { type: 'paused'; label: string; waitMs: number; reason: string }
  /** A rate-limit answer without Retry-After: every call now starts at most `perMinute` a minute. */
  | { type: 'slowed'; label: string; perMinute: number; reason: string }
  /** The rate climbed back to the configured one. */
  | { type: 'restored'; perMinute: number }
  /** A call failed for good. */
  | { type: 'failed'; label: string; attempts: number; reason: string; status?: number };

export interface SchedulerOptions {
  /** What failures mean: the target's. */
  failures: FailurePolicy;
  /** Client-side start rate (config, e.g. `google.requestsPerMinute`). */
  requestsPerMinute: number;
  /** Calls in flight at once (config, e.g. `google.concurrency`). */
  concurrency: number;
  /** Retries after a server error or network failure (config, e.g. `google.maxRetries`). */
  maxRetries: number;
  /** How long a call keeps retrying through rate-limit answers (config, e.g. `google.rateLimitWaitSeconds`). Default 600000. */
  rateLimitWaitMs?: number;
  /** Aborted when the run is being stopped: no call starts another attempt, waits end at once. */
  signal?: AbortSignal;
  /** The span the directory counts quotas over (Google: a minute); tests shorten it with the emulator's window. */
  quotaWindowMs?: number;
  /** Calls that may start back to back before the rate applies; default one second's worth, 1..10. */
  burst?: number;
  /** First retry's jitter ceiling; doubles each retry. Default 1000. */
  baseDelayMs?: number;
  /** Cap on the jitter ceiling. Default 64000 (Google's advice, and Graph's own). */
  maxDelayMs?: number;
  /** Cap on a server's Retry-After, so a wild header cannot hang a run. Default 300000. */
  maxRetryAfterMs?: number;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  onEvent?: (event: SchedulerEvent) => void;
}

export interface ScheduleOptions {
  /** Replaces the default rule (CallFailure.transient) for whether this call's error is worth another attempt. */
  retryable?: (err: unknown, failure: CallFailure) => boolean;
  /**
   * Runs once the call has its slot and rate token, just before each attempt is sent: whatever
   * it throws is thrown from `schedule` as it is, and nothing is sent (apply's freshness check).
   */
  beforeSend?: () => void | Promise<void>;
}

export interface Scheduled<T> {
  value: T;
  /** HTTP attempts this call took (1 when it succeeded first time). */
  attempts: number;
  /** When the attempt that succeeded was sent (the scheduler's clock): what it read is no older. */
  sentAt: number;
}

/**
 * Thrown by `schedule` once the run is being stopped, instead of sending another attempt.
 * `attemptsSent` says whether the call had gone out before (then its effect is unknown).
 */
export class SchedulerStopped extends Error {
  constructor(
    readonly label: string,
    readonly attemptsSent: number,
  ) {
    super(`${label}: ${attemptsSent === 0 ? 'not sent' : `not sent again after ${attemptsSent} attempts`}, the run is stopping`);
    this.name = 'SchedulerStopped';
  }
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
  private readonly adaptive: AdaptiveRate;
  private readonly maxRetries: number;
  private readonly rateLimitWaitMs: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly maxRetryAfterMs: number;
  private readonly random: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly onEvent: (event: SchedulerEvent) => void;
  private readonly signal: AbortSignal | undefined;
  /** Rejects each call waiting in `unlessStopped`: called once the run is stopped. */
  private readonly stoppers = new Set<() => void>();
  private readonly failures: FailurePolicy;
  private readonly counts: SchedulerStats = { calls: 0, attempts: 0, retries: 0, failures: 0, throttledMs: 0 };
  /** Each call's place in line, kept across its retries. */
  private nextPlace = 0;

  constructor(options: SchedulerOptions) {
    if (!Number.isInteger(options.maxRetries) || options.maxRetries < 0) throw new RangeError('maxRetries must be a whole number >= 0');
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? realSleep;
    this.random = options.random ?? Math.random;
    this.onEvent = options.onEvent ?? (() => undefined);
    this.signal = options.signal;
    // One listener for every waiting call: a listener each would pass Node's limit of 10 on a
    // signal (and warn of a leak) as soon as more than 10 calls wait at once, which is normal.
    this.signal?.addEventListener('abort', () => {
      for (const stop of [...this.stoppers]) stop();
    }, { once: true });
    this.failures = options.failures;
    this.maxRetries = options.maxRetries;
    this.rateLimitWaitMs = options.rateLimitWaitMs ?? 600_000;
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
    this.adaptive = new AdaptiveRate({
      maxPerMinute: options.requestsPerMinute,
      now: this.now,
      ...(options.quotaWindowMs !== undefined ? { quotaWindowMs: options.quotaWindowMs } : {}),
    });
  }

  /** The start rate now: the configured one, or lower while the directory rate-limits. */
  get requestsPerMinute(): number {
    return this.adaptive.perMinute;
  }

  /** The scheduler's clock (ms): the clock `Scheduled.sentAt` is on. */
  clock(): number {
    return this.now();
  }

  /**
   * Runs `call` when a slot and a rate token are free; retries it while its error is worth it
   * (see the file comment). Throws the target's error (FailurePolicy.failed), SchedulerStopped
   * once the run is stopping, or what `beforeSend` threw. `label` names the call in events and
   * errors (`users.list`, `users.update x@y`).
   */
  async schedule<T>(label: string, call: () => Promise<T>, options: ScheduleOptions = {}): Promise<Scheduled<T>> {
    this.counts.calls++;
    const place = this.nextPlace++;
    let retries = 0;
    let uncertain = 0;
    let refusedSince: number | undefined;
    /** A rate-limited call keeps its slot while it waits its turn again: it keeps its place. */
    let holdingSlot = false;
    for (let attempt = 1; ; attempt++) {
      if (!holdingSlot) await this.acquireSlot(label, attempt - 1, place);
      let failure: unknown;
      try {
        const waited = await this.unlessStopped(label, attempt - 1, this.rate.take(place));
        if (waited > 0) {
          this.counts.throttledMs += waited;
          this.onEvent({ type: 'throttled', label, waitMs: waited });
        }
        if (this.signal?.aborted) throw new SchedulerStopped(label, attempt - 1);
        await options.beforeSend?.();
      } catch (err) {
        this.limit.release();
        throw err;
      }
      const sentAt = this.now();
      this.counts.attempts++;
      try {
        const value = await call();
        this.limit.release();
        this.accepted();
        return { value, attempts: attempt, sentAt };
      } catch (err) {
        failure = err;
      }

      const info = this.failures.classify(failure, this.now());
      const retryable = options.retryable ? options.retryable(failure, info) : info.transient;
      const reason = info.reason;
      const rateLimited = retryable && info.rateLimited;
      if (retryable && !rateLimited) uncertain++;
      if (rateLimited) refusedSince ??= sentAt;
      const outOfTime = rateLimited && this.now() - (refusedSince as number) >= this.rateLimitWaitMs;
      if (!retryable || outOfTime || (!rateLimited && retries >= this.maxRetries)) {
        this.limit.release();
        this.counts.failures++;
        this.onEvent({ type: 'failed', label, attempts: attempt, reason, ...(info.status !== undefined ? { status: info.status } : {}) });
        throw this.failures.failed(label, attempt, failure, uncertain, this.now());
      }

      let delayMs = 0;
      if (rateLimited && info.retryAfterMs === undefined) {
        // The pace (or a pause for every call) is the wait: the call keeps its slot and its place.
        this.refused(label, sentAt, info);
        holdingSlot = true;
      } else {
        // The slot is for calls in flight: a call waiting out its backoff does not hold one.
        this.limit.release();
        holdingSlot = false;
        if (!rateLimited) retries++;
        delayMs = this.delayFor(retries, info);
        if (info.retryAfterMs !== undefined && rateLimited) {
          this.rate.pauseUntil(this.now() + delayMs);
          this.onEvent({ type: 'paused', label, waitMs: delayMs, reason: info.description });
        }
      }
      this.counts.retries++;
      this.onEvent({ type: 'retry', label, attempt, delayMs, reason, ...(info.status !== undefined ? { status: info.status } : {}) });
      if (delayMs > 0) await this.unlessStopped(label, attempt, this.sleep(delayMs));
    }
  }

  stats(): SchedulerStats {
    return { ...this.counts };
  }

  private async acquireSlot(label: string, attemptsSent: number, place: number): Promise<void> {
    const slot = this.limit.acquire(place);
    try {
      await this.unlessStopped(label, attemptsSent, slot);
    } catch (err) {
      // Stopped while waiting: a slot that comes later is handed straight back.
      void slot.then(() => this.limit.release());
      throw err;
    }
  }

  private accepted(): void {
    const before = this.adaptive.perMinute;
    if (!this.adaptive.accepted()) return;
    this.rate.setRate(this.adaptive.perMinute);
    const max = this.adaptive.maxPerMinute;
    if (this.adaptive.perMinute !== before && this.adaptive.perMinute === max) this.onEvent({ type: 'restored', perMinute: max });
  }

  private refused(label: string, sentAt: number, info: CallFailure): void {
    const response = this.adaptive.refused(sentAt);
    if (response === null) return;
    if ('slowed' in response) {
      this.rate.setRate(response.slowed);
      this.onEvent({ type: 'slowed', label, perMinute: Math.round(response.slowed), reason: info.description });
    } else {
      this.rate.pauseUntil(this.now() + response.pauseMs);
      this.onEvent({ type: 'paused', label, waitMs: response.pauseMs, reason: `${info.description}; the last minute's quota is still used up` });
    }
  }

  /** `wait`, unless the run is stopped first. */
  private async unlessStopped<T>(label: string, attemptsSent: number, wait: Promise<T>): Promise<T> {
    const signal = this.signal;
    if (signal === undefined) return wait;
    if (signal.aborted) throw new SchedulerStopped(label, attemptsSent);
    let stop: (() => void) | undefined;
    const stopped = new Promise<never>((_, reject) => {
      stop = () => reject(new SchedulerStopped(label, attemptsSent));
      this.stoppers.add(stop);
    });
    try {
      return await Promise.race([wait, stopped]);
    } finally {
      if (stop) this.stoppers.delete(stop);
    }
  }

  /** Full-jitter backoff, but never sooner than the server's Retry-After. */
  private delayFor(retry: number, info: CallFailure): number {
    const jittered = backoffDelay(Math.max(1, retry), { baseDelayMs: this.baseDelayMs, maxDelayMs: this.maxDelayMs, random: this.random });
    if (info.retryAfterMs === undefined) return jittered;
    return Math.max(jittered, Math.min(info.retryAfterMs, this.maxRetryAfterMs));
  }
}
