/**
 * Google-shaped error answers. Every failure the emulator returns, real or injected, goes
 * through here so that clients always see the one body shape the Directory API uses:
 * `{"error":{"code":N,"message":"...","errors":[{"message":"...","domain":"global","reason":"..."}]}}`.
 */

export interface GoogleErrorBody {
  error: {
    code: number;
    message: string;
    errors: Array<{ message: string; domain: string; reason: string; location?: string; locationType?: string }>;
  };
}

/** Thrown by route handlers; the server turns it into a response. */
export class ApiError extends Error {
  readonly status: number;
  readonly reason: string;
  readonly headers: Record<string, string>;
  readonly location: { location: string; locationType: string } | undefined;

  constructor(
    status: number,
    message: string,
    reason: string,
    extra: { headers?: Record<string, string>; location?: { location: string; locationType: string } } = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.reason = reason;
    this.headers = extra.headers ?? {};
    this.location = extra.location;
  }

  body(): GoogleErrorBody {
    return {
      error: {
        code: this.status,
        message: this.message,
        errors: [{ message: this.message, domain: 'global', reason: this.reason, ...this.location }],
      },
    };
  }
}

export type ResourceKey = 'userKey' | 'groupKey' | 'memberKey' | 'clientId' | 'codeId' | 'userId' | 'dataTransferId' | 'applicationId';

export const notFound = (key: ResourceKey): ApiError => new ApiError(404, `Resource Not Found: ${key}`, 'notFound');

export const entityExists = (): ApiError => new ApiError(409, 'Entity already exists.', 'duplicate');

export const invalidInput = (what: string): ApiError => new ApiError(400, `Invalid Input: ${what}`, 'invalid');

export const invalidOrgUnit = (): ApiError => invalidInput('INVALID_OU_ID');

export const badRequest = (): ApiError => new ApiError(400, 'Bad Request', 'badRequest');

export const loginRequired = (): ApiError =>
  new ApiError(401, 'Login Required.', 'required', {
    headers: { 'WWW-Authenticate': 'Bearer realm="https://accounts.google.com/"' },
    location: { location: 'Authorization', locationType: 'header' },
  });

export const routeNotFound = (): ApiError => new ApiError(404, 'Not Found', 'notFound');

/** The message Google sends with each failure reason the emulator can inject. */
const MESSAGES: Record<string, string> = {
  userRateLimitExceeded:
    "Quota exceeded for quota metric 'Queries' and limit 'Queries per minute per user' of service 'admin.googleapis.com'.",
  rateLimitExceeded: 'Rate Limit Exceeded',
  quotaExceeded: 'Quota exceeded for quota group and limit: Queries per minute.',
  backendError: 'Backend Error',
  internalError: 'Internal error encountered.',
  notFound: 'Not Found',
  duplicate: 'Entity already exists.',
  invalid: 'Invalid Input',
  forbidden: 'Not Authorized to access this resource/api',
  badRequest: 'Bad Request',
};

/** The reason Google most often pairs with a status, for faults that name none. */
export function defaultReason(status: number): string {
  if (status === 400) return 'badRequest';
  if (status === 401) return 'required';
  if (status === 403) return 'userRateLimitExceeded';
  if (status === 404) return 'notFound';
  if (status === 409) return 'duplicate';
  if (status === 429) return 'rateLimitExceeded';
  if (status === 500) return 'internalError';
  return 'backendError';
}

/** An error the caller asked for (fault rule or rate limit), not one the data caused. */
export function injectedError(status: number, reason?: string, retryAfterSeconds?: number): ApiError {
  const why = reason ?? defaultReason(status);
  const headers: Record<string, string> = retryAfterSeconds === undefined ? {} : { 'Retry-After': String(retryAfterSeconds) };
  return new ApiError(status, MESSAGES[why] ?? why, why, { headers });
}
