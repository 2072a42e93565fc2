/**
 * What a failed Google call means, read from whatever the client threw (a GaxiosError for HTTP
 * answers and network failures, a plain Error otherwise). Only status, reason, Google's message
 * and Retry-After are ever read: the client's error also holds the request (its Authorization
 * header, an OAuth assertion, a request body), and none of that may reach a message or a log.
 */
import { ErrorCodes, RollcallError } from '../../errors.js';
import { redactSecrets } from '../../secret-text.js';

export interface ApiErrorInfo {
  /** HTTP status, when Google (or the emulator) answered at all. */
  status?: number;
  /** `error.errors[0].reason` (e.g. `notFound`, `duplicate`), or an OAuth error code (`invalid_grant`). */
  reason?: string;
  /** System error code of a network failure (`ECONNRESET`...), or `TIMEOUT`. */
  networkCode?: string;
  /** Google's own message, with anything that looks like a credential removed. */
  message: string;
  /** How long the server asked us to wait (Retry-After), in ms from now. */
  retryAfterMs?: number;
  /** Worth retrying: quota and rate errors, 429, 5xx, network failures. */
  transient: boolean;
}

/** 403 reasons that mean "slow down", not "forbidden". */
const RATE_REASONS = new Set(['userRateLimitExceeded', 'quotaExceeded', 'rateLimitExceeded']);

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'ECONNABORTED',
  'EPIPE',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** OAuth token-endpoint error codes: the credentials, not the request, are at fault. */
const OAUTH_REASONS = new Set(['invalid_grant', 'unauthorized_client', 'invalid_client', 'access_denied', 'invalid_scope']);

const MAX_MESSAGE = 300;

export function classifyApiError(err: unknown, nowMs: number = Date.now()): ApiErrorInfo {
  const e = asRecord(err);
  const response = asRecord(e?.response);
  const status = numberOr(e?.status) ?? numberOr(response?.status) ?? numberOr(e?.code);
  const body = parseBody(response?.data);
  const apiError = asRecord(body?.error);
  const firstDetail = Array.isArray(apiError?.errors) ? asRecord(apiError.errors[0]) : undefined;

  let reason = stringOr(firstDetail?.reason);
  let message = stringOr(apiError?.message) ?? stringOr(firstDetail?.message);
  if (typeof body?.error === 'string') {
    // The OAuth token endpoint answers {error, error_description}.
    reason = body.error;
    message = stringOr(body.error_description) ?? body.error;
  }

  const info: ApiErrorInfo = {
    message: cleanMessage(message ?? (err instanceof Error ? err.message : String(err))),
    transient: false,
  };
  if (status !== undefined && status >= 100 && status < 600) info.status = status;
  if (reason !== undefined) info.reason = reason;

  if (info.status === undefined) {
    const networkCode = findNetworkCode(err);
    if (networkCode !== undefined) {
      info.networkCode = networkCode;
      info.transient = true;
    }
  } else {
    info.transient = info.status === 429 || info.status >= 500 || (info.status === 403 && RATE_REASONS.has(reason ?? ''));
    const retryAfter = parseRetryAfter(headerValue(response?.headers, 'retry-after'), nowMs);
    if (retryAfter !== undefined) info.retryAfterMs = retryAfter;
  }
  return info;
}

/** True for "slow down" answers: the whole client should back off, not just this call. */
export function isRateLimit(info: ApiErrorInfo): boolean {
  return info.status === 429 || (info.status === 403 && RATE_REASONS.has(info.reason ?? ''));
}

/** Retry-After as seconds or an HTTP date -> ms from `nowMs` (never negative); undefined if absent or unreadable. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/** A short human description: `HTTP 403 userRateLimitExceeded: Quota exceeded` or `network ECONNRESET: ...`. */
export function describeApiError(info: ApiErrorInfo): string {
  if (info.status !== undefined) {
    return `HTTP ${info.status}${info.reason ? ` ${info.reason}` : ''}: ${info.message}`;
  }
  if (info.networkCode !== undefined) return `network ${info.networkCode}: ${info.message}`;
  return info.message;
}

/**
 * A Google call that failed for good (not retryable, or out of retries). Carries the classified
 * answer and the number of attempts; deliberately not the client's error, which holds the
 * request's credentials (kept as `cause` only when the failure was not an HTTP exchange at all,
 * i.e. a bug, so its stack is not lost).
 */
export class GoogleApiError extends Error {
  readonly label: string;
  readonly attempts: number;
  readonly info: ApiErrorInfo;
  /** Attempts that failed in a way that may have taken effect anyway (5xx, network): a later 409 may then be our own create. */
  readonly uncertainAttempts: number;

  constructor(label: string, attempts: number, info: ApiErrorInfo, original?: unknown, uncertainAttempts = 0) {
    const tries = attempts > 1 ? ` (after ${attempts} attempts)` : '';
    super(`${label}: ${describeApiError(info)}${tries}`, isExchangeError(original) ? undefined : { cause: original });
    this.name = 'GoogleApiError';
    this.label = label;
    this.attempts = attempts;
    this.info = info;
    this.uncertainAttempts = uncertainAttempts;
  }

  get status(): number | undefined {
    return this.info.status;
  }

  get reason(): string | undefined {
    return this.info.reason;
  }
}

/**
 * The error the CLI shows for a failed Google call: status, reason and Google's message, never
 * the request. 401 and OAuth refusals are AUTH (fix the credentials); quota, 5xx and network
 * failures that outlived their retries are the tool's side (an outage); other 4xx the user's.
 */
export function toRollcallError(err: unknown, label?: string): RollcallError {
  const failure = err instanceof GoogleApiError ? err : undefined;
  const info = failure?.info ?? classifyApiError(err);
  const what = label ?? failure?.label ?? 'Google API call';
  const attempts = failure?.attempts ?? 1;
  const auth = info.status === 401 || OAUTH_REASONS.has(info.reason ?? '');
  const tries = attempts > 1 ? ` (after ${attempts} attempts)` : '';
  const details: Record<string, unknown> = { call: what, attempts };
  if (info.status !== undefined) details.status = info.status;
  if (info.reason !== undefined) details.reason = info.reason;
  if (info.networkCode !== undefined) details.networkCode = info.networkCode;
  return new RollcallError(auth ? ErrorCodes.AUTH : ErrorCodes.GOOGLE_API, `Google ${what} failed: ${describeApiError(info)}${tries}`, {
    fault: info.transient ? 'tool' : 'user',
    details,
  });
}

function isExchangeError(err: unknown): boolean {
  const e = asRecord(err);
  return e !== undefined && ('config' in e || 'response' in e);
}

function findNetworkCode(err: unknown): string | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 6 && current !== undefined && current !== null; depth++) {
    const e = asRecord(current);
    if (!e) return undefined;
    const code = stringOr(e.code);
    if (code !== undefined && NETWORK_CODES.has(code)) return code;
    // Our own request timeout: gaxios aborts the fetch (TimeoutError / AbortError).
    if (code === 'TimeoutError' || e.name === 'TimeoutError' || e.name === 'AbortError' || e.type === 'aborted') return 'TIMEOUT';
    const message = stringOr(e.message);
    if (message !== undefined && /socket hang up/i.test(message)) return 'ECONNRESET';
    current = e.cause ?? e.error;
  }
  return undefined;
}

function parseBody(data: unknown): Record<string, unknown> | undefined {
  if (typeof data === 'string') {
    try {
      return asRecord(JSON.parse(data));
    } catch {
      return undefined;
    }
  }
  return asRecord(data);
}

/** Response headers are a fetch `Headers` in gaxios 7, a plain object in older clients and fakes. */
function headerValue(headers: unknown, name: string): string | undefined {
  if (headers === null || typeof headers !== 'object') return undefined;
  const getter = (headers as { get?: unknown }).get;
  if (typeof getter === 'function') {
    const v: unknown = getter.call(headers, name);
    return typeof v === 'string' ? v : undefined;
  }
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return Array.isArray(value) ? String(value[0]) : String(value);
  }
  return undefined;
}

/** Keeps a message to one short line and strips anything credential-shaped, whatever its source. */
function cleanMessage(message: string): string {
  const redacted = redactSecrets(message).replace(/\s+/g, ' ').trim();
  return redacted.length > MAX_MESSAGE ? `${redacted.slice(0, MAX_MESSAGE - 1)}…` : redacted;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
}

function numberOr(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function stringOr(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
