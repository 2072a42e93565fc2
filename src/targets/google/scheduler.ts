/**
 * Google's calls through the shared request scheduler (pacing/scheduler.ts): what a Directory
 * API failure means for pacing (429 and the 403 quota reasons are rate limits; 5xx and network
 * failures are worth another attempt; Retry-After is honoured), and the error a call that failed
 * for good is thrown as (GoogleApiError, carrying its attempts).
 */
import { RequestScheduler, type FailurePolicy, type SchedulerOptions } from '../../pacing/scheduler.js';
import { classifyApiError, describeApiError, GoogleApiError, isRateLimit } from './api-error.js';

export const GOOGLE_FAILURES: FailurePolicy = {
  classify(err, nowMs) {
    const info = classifyApiError(err, nowMs);
    return {
      transient: info.transient,
      rateLimited: isRateLimit(info),
      ...(info.retryAfterMs !== undefined ? { retryAfterMs: info.retryAfterMs } : {}),
      reason: info.reason ?? info.networkCode ?? (info.status !== undefined ? `HTTP ${info.status}` : 'error'),
      ...(info.status !== undefined ? { status: info.status } : {}),
      description: describeApiError(info),
    };
  },
  failed(label, attempts, err, uncertainAttempts, nowMs) {
    return new GoogleApiError(label, attempts, classifyApiError(err, nowMs), err, uncertainAttempts);
  },
};

/** A scheduler for Google's calls. */
export function googleScheduler(options: Omit<SchedulerOptions, 'failures'>): RequestScheduler {
  return new RequestScheduler({ ...options, failures: GOOGLE_FAILURES });
}

/** The scheduler a run uses, paced by the `google` section of the config. */
export function createScheduler(
  config: { requestsPerMinute: number; concurrency: number; maxRetries: number; rateLimitWaitSeconds?: number },
  extra: Omit<SchedulerOptions, 'failures' | 'requestsPerMinute' | 'concurrency' | 'maxRetries'> = {},
): RequestScheduler {
  return googleScheduler({
    ...(config.rateLimitWaitSeconds !== undefined ? { rateLimitWaitMs: config.rateLimitWaitSeconds * 1000 } : {}),
    ...extra,
    requestsPerMinute: config.requestsPerMinute,
    concurrency: config.concurrency,
    maxRetries: config.maxRetries,
  });
}
