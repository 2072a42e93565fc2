/**
 * The request rate the scheduler keeps when the directory says "slow down" without saying for
 * how long (Google: 429, or 403 userRateLimitExceeded/quotaExceeded, without Retry-After):
 * additive increase, multiplicative decrease, as TCP finds a link's capacity, with quotas counted
 * per window in mind (Google's: a minute).
 * - Refusals halve the rate, but not below what the directory let through in the last window (90% of
 *   it), nor below a floor. Only a real share of refusals counts (at least 3, and 5% of the
 *   calls of the last few seconds): a stray 429 among hundreds of accepted calls is retried, not
 *   taken for a full quota. Refusals of requests sent before the last change of pace say
 *   nothing new (they were sent at the old pace) and are not counted again.
 * - A refusal while the rate is already no more than the directory let through in the last window means
 *   the minute's quota is still spent by calls made earlier: slowing further would not help, so
 *   every call waits instead, 1 s, then 2, 4... up to 30 s while refusals go on.
 * - While calls go through, the rate climbs back linearly, a tenth of the configured rate per
 *   minute, up to the configured rate.
 * One AdaptiveRate is shared by every caller of a scheduler.
 */
export interface AdaptiveRateOptions {
  /** The configured rate (e.g. google.requestsPerMinute): never exceeded. */
  maxPerMinute: number;
  now: () => number;
  /**
   * The span the directory counts its quotas over (Google: a minute; the default). A test against the emulator shortens both
   * (its rateLimit.windowMs) to see minutes of pacing in seconds; the waits scale with it.
   */
  quotaWindowMs?: number;
}

export type RefusalResponse =
  /** The rate was lowered to `perMinute`. */
  | { slowed: number }
  /** Every call should wait `pauseMs` (the rate is already at what the directory accepted). */
  | { pauseMs: number }
  /** Nothing new: the refused request was sent at an old pace. */
  | null;

const MINUTE = 60_000;
/** Down to a hundredth of the configured rate, and at least one call a minute. */
const FLOOR_SHARE = 0.01;
/** Back up by a tenth of the configured rate per quota window (minute) of calls going through. */
const CLIMB_SHARE_PER_WINDOW = 0.1;
/** Settle a little under what the directory let through. */
const MARGIN = 0.9;
/** The first wait is a sixtieth of the window (1 s), the longest half of it (30 s). */
const FIRST_PAUSE_SHARE = 1 / 60;
const MAX_PAUSE_SHARE = 1 / 2;
/** Refusals count when at least this many, and this share of the calls answered, over the last sixth of the window (10 s). */
const MIN_REFUSALS = 3;
const REFUSAL_SHARE = 0.05;
const RECENT_SHARE = 1 / 6;

export class AdaptiveRate {
  private rate: number;
  private readonly max: number;
  private readonly floor: number;
  private readonly now: () => number;
  private readonly windowMs: number;
  private lastChange = Number.NEGATIVE_INFINITY;
  private lastClimb: number;
  private pauses = 0;
  /** Times of calls that went through in the last window, oldest first from `head`. */
  private successes: number[] = [];
  private head = 0;
  /** Answers of the last few seconds: when, and whether refused. */
  private recent: Array<{ at: number; refused: boolean }> = [];

  constructor(options: AdaptiveRateOptions) {
    this.max = options.maxPerMinute;
    this.rate = options.maxPerMinute;
    this.floor = Math.max(1, options.maxPerMinute * FLOOR_SHARE);
    this.now = options.now;
    this.windowMs = options.quotaWindowMs ?? MINUTE;
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

  /** A rate-limit answer (without Retry-After) to a request sent at `sentAt`. */
  refused(sentAt: number): RefusalResponse {
    const now = this.now();
    this.remember(now, true);
    if (sentAt < this.lastChange || !this.manyRefused()) return null;
    this.lastChange = now;
    this.lastClimb = now;
    // What the directory let through over its last window, as a rate per minute.
    const accepted = (MARGIN * this.acceptedInWindow(now) * MINUTE) / this.windowMs;
    if (this.rate > accepted && this.rate > this.floor) {
      this.rate = Math.max(this.floor, this.rate / 2, accepted);
      this.pauses = 0;
      return { slowed: this.rate };
    }
    const pauseMs = Math.min(this.windowMs * MAX_PAUSE_SHARE, this.windowMs * FIRST_PAUSE_SHARE * 2 ** this.pauses);
    this.pauses++;
    return { pauseMs };
  }

  /** A call went through; true when the rate changed. */
  accepted(): boolean {
    const now = this.now();
    this.successes.push(now);
    this.remember(now, false);
    this.pauses = 0;
    const elapsed = now - this.lastClimb;
    this.lastClimb = now;
    if (this.rate >= this.max || elapsed <= 0) return false;
    this.rate = Math.min(this.max, this.rate + (this.max * CLIMB_SHARE_PER_WINDOW * elapsed) / this.windowMs);
    return true;
  }

  private remember(at: number, refused: boolean): void {
    const since = at - this.windowMs * RECENT_SHARE;
    let drop = 0;
    while (drop < this.recent.length && (this.recent[drop] as { at: number }).at <= since) drop++;
    if (drop > 0) this.recent.splice(0, drop);
    this.recent.push({ at, refused });
  }

  private manyRefused(): boolean {
    const refused = this.recent.filter((r) => r.refused).length;
    return refused >= MIN_REFUSALS && refused >= REFUSAL_SHARE * this.recent.length;
  }

  private acceptedInWindow(now: number): number {
    while (this.head < this.successes.length && (this.successes[this.head] as number) <= now - this.windowMs) this.head++;
    if (this.head > 1024 && this.head * 2 > this.successes.length) {
      this.successes = this.successes.slice(this.head);
      this.head = 0;
    }
    return this.successes.length - this.head;
  }
}
