/**
 * A sliding window, one minute long by default: a request is refused when the window already
 * holds as many accepted requests as `perMinute` allows over its length. Refused requests do
 * not count, so a client that backs off for Retry-After seconds gets through. A shorter window
 * keeps the same rate per minute but lets a test see minutes of pacing in seconds.
 */
import { ErrorCodes, RollcallError } from '../errors.js';

export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

export class RateLimiter {
  /** Times of accepted requests, oldest first; `head` skips expired ones without shifting. */
  private times: number[] = [];
  private head = 0;
  private readonly allowed: number;

  constructor(
    perMinute: number,
    private readonly now: () => number = () => performance.now(),
    private readonly windowMs = 60_000,
  ) {
    if (!Number.isInteger(perMinute) || perMinute < 1) {
      throw new RollcallError(ErrorCodes.USAGE, `rateLimit.perMinute must be a positive integer, got ${perMinute}`);
    }
    if (!(windowMs >= 100 && windowMs <= 60_000)) throw new RollcallError(ErrorCodes.USAGE, `rateLimit.windowMs must be 100..60000, got ${windowMs}`);
    this.allowed = Math.max(1, Math.round((perMinute * windowMs) / 60_000));
  }

  tryAcquire(): RateDecision {
    const now = this.now();
    while (this.head < this.times.length && (this.times[this.head] as number) <= now - this.windowMs) this.head++;
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
    if (this.times.length - this.head >= this.allowed) {
      const oldest = this.times[this.head] as number;
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + this.windowMs - now) / 1000)) };
    }
    this.times.push(now);
    return { ok: true };
  }
}
