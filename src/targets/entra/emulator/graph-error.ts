/**
 * Graph-shaped error answers. Every failure the emulator returns, real or injected, goes
 * through here, so clients always see Graph's one body shape:
 * `{"error":{"code":"...","message":"...","innerError":{"date","request-id","client-request-id"}}}`
 * (plus `details` where Graph sends them, as on a userPrincipalName conflict).
 */

export interface GraphErrorBody {
  error: {
    code: string;
    message: string;
    details?: Array<{ code: string; target: string }>;
    innerError: { date: string; 'request-id': string; 'client-request-id': string };
  };
}

/** Thrown by route handlers; the server turns it into a response. */
export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: { headers?: Record<string, string>; details?: Array<{ code: string; target: string }> } = {},
  ) {
    super(message);
    this.name = 'GraphError';
  }

  get headers(): Record<string, string> {
    return this.extra.headers ?? {};
  }

  /** The body, with the request id the server gives each answer (dates are the wall clock's: they are not data). */
  body(requestId: string): GraphErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.extra.details ? { details: this.extra.details } : {}),
        innerError: { date: new Date().toISOString().slice(0, 19), 'request-id': requestId, 'client-request-id': requestId },
      },
    };
  }
}

/** Graph's answer for an object that is not there (a user, unit, group, member, deleted item). */
export const resourceNotFound = (id: string): GraphError =>
  new GraphError(404, 'Request_ResourceNotFound', `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`);

export const badRequest = (message: string): GraphError => new GraphError(400, 'Request_BadRequest', message);

/** What Graph says for a missing, mistyped or malformed property value. */
export const invalidValue = (property: string, resource: string): GraphError =>
  badRequest(`Invalid value specified for property '${property}' of resource '${resource}'.`);

export const unsupportedQuery = (message: string): GraphError => new GraphError(400, 'Request_UnsupportedQuery', message);

export const unsupportedFilter = (property: string, resource: string): GraphError =>
  unsupportedQuery(`Unsupported or invalid query filter clause specified for property '${property}' of resource '${resource}'.`);

/** The OData layer's answer for a query or path it cannot parse. */
export const odataBadRequest = (message: string): GraphError => new GraphError(400, 'BadRequest', message);

/** A value another object already holds (userPrincipalName). */
export const objectConflict = (property: string): GraphError =>
  new GraphError(400, 'Request_BadRequest', `Another object with the same value for property ${property} already exists.`, {
    details: [{ code: 'ObjectConflict', target: property }],
  });

export const accessTokenEmpty = (): GraphError =>
  new GraphError(401, 'InvalidAuthenticationToken', 'Access token is empty.', {
    headers: { 'WWW-Authenticate': 'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize"' },
  });

/** The code Graph most often pairs with a status, for faults that name none. */
export function defaultCode(status: number): string {
  const codes: Record<number, string> = {
    400: 'BadRequest',
    401: 'InvalidAuthenticationToken',
    403: 'Authorization_RequestDenied',
    404: 'Request_ResourceNotFound',
    409: 'Conflict',
    429: 'TooManyRequests',
    500: 'InternalServerError',
    502: 'BadGateway',
    503: 'ServiceUnavailable',
    504: 'GatewayTimeout',
  };
  return codes[status] ?? 'UnknownError';
}

/** The message sent with each code the emulator can inject. */
const MESSAGES: Record<string, string> = {
  TooManyRequests: 'Too many requests from Identifier:rollcall-emulator under category:throttle.aad.ags.appId.large. Please try again later.',
  ServiceUnavailable: 'The service is temporarily unavailable. Please try again later.',
  GatewayTimeout: 'The gateway did not receive a response from the service in time.',
  InternalServerError: 'An internal server error occurred.',
  BadGateway: 'Bad gateway.',
  Authorization_RequestDenied: 'Insufficient privileges to complete the operation.',
};

/** An error the caller asked for (fault rule or rate limit), not one the data caused. */
export function injectedGraphError(status: number, code?: string, retryAfterSeconds?: number): GraphError {
  const chosen = code ?? defaultCode(status);
  const headers: Record<string, string> = retryAfterSeconds === undefined ? {} : { 'Retry-After': String(retryAfterSeconds) };
  return new GraphError(status, chosen, MESSAGES[chosen] ?? chosen, { headers });
}
