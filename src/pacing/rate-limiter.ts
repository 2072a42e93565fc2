/**
 * A token bucket: `ratePerMinute` tokens a minute, holding at most `burst`, so over any window
 * of W ms at most `burst + W * rate` calls start. Takers are served in order of their place
 * (a call's place is kept across its retries, so a retried call goes before calls that came
 * after it), one at a time, which keeps the arithmetic exact with an injected clock. The rate
 * can be changed while calls wait (adaptive pacing).
 */
export interface RateLimiterOptions {
  ratePerMinute: number;
  burst: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

interface Taker {
  place: number;
  since: number;
  resolve: (waited: number) => void;
}

export class RateLimiter {
  private ratePerMs: number;
  private readonly maxBurst: number;
  private burst: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private tokens: number;
  private last: number;
  private pausedUntil = 0;
  private readonly takers: Taker[] = [];
  private serving = false;

  constructor(options: RateLimiterOptions) {
    if (!(options.ratePerMinute > 0)) throw new RangeError('ratePerMinute must be positive');
    this.ratePerMs = options.ratePerMinute / 60_000;
    this.maxBurst = Math.max(1, Math.floor(options.burst));
    this.burst = this.maxBurst;
    this.now = options.now;
    this.sleep = options.sleep;
    this.tokens = this.burst;
    this.last = this.now();
  }

  /** Waits for a token; resolves with how long it waited (0 when one was there). Lower places go first; equal places in arrival order. */
  take(place = Number.MAX_SAFE_INTEGER): Promise<number> {
    return new Promise((resolve) => {
      const taker: Taker = { place, since: this.now(), resolve };
      let at = this.takers.length;
      while (at > 0 && (this.takers[at - 1] as Taker).place > place) at--;
      this.takers.splice(at, 0, taker);
      void this.serve();
    });
  }

  /** Holds every start until `time` (a server's Retry-After on a rate-limit answer applies to all calls). */
  pauseUntil(time: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, time);
  }

  /** Changes the rate from now on; a lower rate also gives up any burst saved up. */
  setRate(ratePerMinute: number): void {
    if (!(ratePerMinute > 0)) throw new RangeError('ratePerMinute must be positive');
    this.refill(this.now());
    const slower = ratePerMinute / 60_000 < this.ratePerMs;
    this.ratePerMs = ratePerMinute / 60_000;
    this.burst = Math.max(1, Math.min(this.maxBurst, Math.floor(ratePerMinute / 60)));
    if (slower) this.tokens = Math.min(this.tokens, 1);
  }

  private async serve(): Promise<void> {
    if (this.serving) return;
    this.serving = true;
    try {
      for (;;) {
        const next = this.takers[0];
        if (next === undefined) return;
        const now = this.now();
        this.refill(now);
        const paused = this.pausedUntil - now;
        if (paused <= 0 && this.tokens >= 1) {
          this.tokens -= 1;
          this.takers.shift();
          next.resolve(now - next.since);
          continue;
        }
        await this.sleep(Math.max(1, Math.ceil(Math.max(paused, (1 - this.tokens) / this.ratePerMs))));
      }
    } finally {
      this.serving = false;
    }
  }

  private refill(now: number): void {
    if (now > this.last) {
      this.tokens = Math.min(this.burst, this.tokens + (now - this.last) * this.ratePerMs);
      this.last = now;
    }
  }
}
