/**
 * Exponential backoff, the one delay function rollcall retries by: the n-th retry's window is
 * min(maxDelayMs, baseDelayMs * 2^(n-1)) (`backoffCeiling`; the PowerSchool REST client waits
 * exactly that). The directories' scheduler waits a uniformly random time in [0, window) (full
 * jitter, `backoffDelay`): it spreads clients that failed together (a quota burst hits every
 * in-flight call at once) so they do not retry together.
 */
export interface BackoffOptions {
  baseDelayMs: number;
  maxDelayMs: number;
  /** Uniform in [0, 1), injectable for tests. */
  random: () => number;
}

/** The window (the jitter's ceiling) for retry number `retry` (1-based). */
export function backoffCeiling(retry: number, options: Pick<BackoffOptions, 'baseDelayMs' | 'maxDelayMs'>): number {
  const exponent = Math.min(Math.max(retry - 1, 0), 30);
  return Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** exponent);
}

/** How long to wait before retry number `retry` (1-based), in whole ms. */
export function backoffDelay(retry: number, options: BackoffOptions): number {
  const r = Math.min(Math.max(options.random(), 0), 1);
  return Math.floor(r * backoffCeiling(retry, options));
}
