/**
 * A token bucket: `ratePerMinute` tokens a minute, holding at most `burst`, so over any window
 * of W ms at most `burst + W * rate` calls start. Takers are served first come, first served
 * (one waits at a time), which keeps the arithmetic exact with an injected clock.
 */
export interface RateLimiterOptions {
  ratePerMinute: number;
  burst: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

export class RateLimiter {
  private readonly ratePerMs: number;
  private readonly burst: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private tokens: number;
  private last: number;
  private pausedUntil = 0;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: RateLimiterOptions) {
    if (!(options.ratePerMinute > 0)) throw new RangeError('ratePerMinute must be positive');
    this.ratePerMs = options.ratePerMinute / 60_000;
    this.burst = Math.max(1, Math.floor(options.burst));
    this.now = options.now;
    this.sleep = options.sleep;
    this.tokens = this.burst;
    this.last = this.now();
  }

  /** Waits for a token; resolves with how long it waited (0 when one was there). */
  take(): Promise<number> {
    const turn = this.queue.then(() => this.takeInTurn());
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** Holds every start until `time` (a server's Retry-After on a rate-limit answer applies to all calls). */
  pauseUntil(time: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, time);
  }

  private async takeInTurn(): Promise<number> {
    let waited = 0;
    for (;;) {
      const now = this.now();
      this.refill(now);
      const paused = this.pausedUntil - now;
      if (paused <= 0 && this.tokens >= 1) {
        this.tokens -= 1;
        return waited;
      }
      const wait = Math.max(1, Math.ceil(Math.max(paused, (1 - this.tokens) / this.ratePerMs)));
      waited += wait;
      await this.sleep(wait);
    }
  }

  private refill(now: number): void {
    if (now > this.last) {
      this.tokens = Math.min(this.burst, this.tokens + (now - this.last) * this.ratePerMs);
      this.last = now;
    }
  }
}
