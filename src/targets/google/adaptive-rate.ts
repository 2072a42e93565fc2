/**
 * The request rate the scheduler keeps when Google says "slow down" without saying for how long
 * (429, or 403 userRateLimitExceeded/quotaExceeded, without Retry-After): additive increase,
 * multiplicative decrease, as TCP finds a link's capacity.
 * - Each such answer halves the rate, down to a floor; answers to requests sent before the
 *   last halving say nothing new (they were sent at the old rate) and are not counted again.
 * - While calls go through, the rate climbs back linearly, a tenth of the configured rate per
 *   minute, up to the configured rate.
 * The rate is shared by every caller of one scheduler.
 */
export interface AdaptiveRateOptions {
  /** The configured rate (google.requestsPerMinute): never exceeded. */
  maxPerMinute: number;
  now: () => number;
}

/** Down to a hundredth of the configured rate, and at least one call a minute. */
const FLOOR_SHARE = 0.01;
/** Back up by a tenth of the configured rate per minute of calls going through. */
const CLIMB_SHARE_PER_MINUTE = 0.1;

export class AdaptiveRate {
  private rate: number;
  private readonly max: number;
  private readonly floor: number;
  private readonly now: () => number;
  private lastDecrease = Number.NEGATIVE_INFINITY;
  private lastClimb: number;

  constructor(options: AdaptiveRateOptions) {
    this.max = options.maxPerMinute;
    this.rate = options.maxPerMinute;
    this.floor = Math.max(1, options.maxPerMinute * FLOOR_SHARE);
    this.now = options.now;
    this.lastClimb = this.now();
  }

  /** The configured rate, the most it climbs back to. */
  get maxPerMinute(): number {
    return this.max;
  }

  /** Requests per minute now. */
  get perMinute(): number {
    return this.rate;
  }

  /** A rate-limit answer to a request sent at `sentAt`; true when it lowered the rate. */
  slowDown(sentAt: number): boolean {
    if (sentAt < this.lastDecrease) return false;
    const now = this.now();
    this.rate = Math.max(this.floor, this.rate / 2);
    this.lastDecrease = now;
    this.lastClimb = now;
    return true;
  }

  /** A call went through; true when the rate changed. */
  speedUp(): boolean {
    const now = this.now();
    const elapsed = now - this.lastClimb;
    this.lastClimb = now;
    if (this.rate >= this.max || elapsed <= 0) return false;
    this.rate = Math.min(this.max, this.rate + (this.max * CLIMB_SHARE_PER_MINUTE * elapsed) / 60_000);
    return true;
  }
}
