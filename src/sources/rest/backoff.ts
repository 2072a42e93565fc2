/**
 * When to try a PowerSchool request again and how long to wait first. Small on purpose: a
 * nightly read makes a few hundred requests, so a handful of attempts with doubling waits rides
 * out a restart or a proxy hiccup without hammering a server that is down.
 */
import { backoffCeiling } from '../../pacing/backoff.js';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /** The wait before the second attempt; doubled for each one after. */
  baseDelayMs: number;
  /** No single wait is longer than this, Retry-After included. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 500, maxDelayMs: 8_000 };

/** 429 and every 5xx: the server, or something in front of it, may answer next time. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/**
 * The wait after failed attempt number `attempt` (1-based), honouring Retry-After in seconds:
 * the same doubling as the directories' scheduler (pacing/backoff.ts), without its jitter (one
 * client, a few hundred requests: nothing to spread out).
 */
export function retryDelayMs(policy: RetryPolicy, attempt: number, retryAfter: string | null): number {
  const seconds = retryAfter === null ? NaN : Number(retryAfter);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, policy.maxDelayMs);
  return backoffCeiling(attempt, policy);
}

export const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
