/**
 * A sliding one-minute window: a request is refused when `perMinute` requests were already
 * accepted in the last 60 seconds. Refused requests do not count, so a client that backs off
 * for Retry-After seconds gets through.
 */
import { ErrorCodes, RollcallError } from '../errors.js';

const WINDOW_MS = 60_000;

export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

export class RateLimiter {
  /** Times of accepted requests, oldest first; `head` skips expired ones without shifting. */
  private times: number[] = [];
  private head = 0;

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!Number.isInteger(perMinute) || perMinute < 1) {
      throw new RollcallError(ErrorCodes.USAGE, `rateLimit.perMinute must be a positive integer, got ${perMinute}`);
    }
  }

  tryAcquire(): RateDecision {
    const now = this.now();
    while (this.head < this.times.length && (this.times[this.head] as number) <= now - WINDOW_MS) this.head++;
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
    if (this.times.length - this.head >= this.perMinute) {
      const oldest = this.times[this.head] as number;
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + WINDOW_MS - now) / 1000)) };
    }
    this.times.push(now);
    return { ok: true };
  }
}
