/**
 * What a failed Graph call means, for the shared scheduler (pacing/scheduler.ts) and for the
 * messages a person reads. Graph throttles with 429 and a Retry-After in seconds, and answers
 * 503 or 504 (sometimes with Retry-After) when it is busy: those, other server errors and
 * network failures are worth another attempt; 429 slows every call down. Only Graph's status,
 * code, message and Retry-After are read: never the request.
 */
import { ErrorCodes, isRollcallError, RollcallError } from '../../errors.js';
import type { CallFailure, FailurePolicy } from '../../pacing/scheduler.js';
import { GraphHttpError } from './graph-client.js';

export interface GraphFailureInfo {
  status?: number;
  /** Graph's error code (Request_ResourceNotFound...), or an identity-platform error. */
  code?: string;
  /** A network failure's system code (ECONNRESET...), or TIMEOUT. */
  networkCode?: string;
  message: string;
  retryAfterMs?: number;
  transient: boolean;
  rateLimited: boolean;
  /** The properties an ObjectConflict names (userPrincipalName). */
  conflicts: string[];
}

const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'ECONNABORTED', 'EPIPE', 'EAI_AGAIN', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT']);

export function classifyGraphError(err: unknown): GraphFailureInfo {
  if (err instanceof GraphHttpError) {
    const status = err.status;
    const seconds = err.retryAfter === undefined ? NaN : Number(err.retryAfter.trim());
    const info: GraphFailureInfo = {
      status,
      code: err.code,
      message: err.graphMessage,
      transient: status === 429 || status >= 500,
      rateLimited: status === 429,
      conflicts: err.details.filter((d) => d.code === 'ObjectConflict').map((d) => d.target ?? ''),
    };
    if (Number.isFinite(seconds) && seconds >= 0) info.retryAfterMs = Math.round(seconds * 1000);
    return info;
  }
  if (isRollcallError(err)) {
    // A token that could not be had: transient when the identity platform was down or out of reach.
    return { message: err.message, transient: err.details.transient === true, rateLimited: false, conflicts: [], code: err.code };
  }
  const networkCode = findNetworkCode(err);
  if (networkCode !== undefined) return { networkCode, message: err instanceof Error ? err.message : String(err), transient: true, rateLimited: false, conflicts: [] };
  return { message: err instanceof Error ? err.message : String(err), transient: false, rateLimited: false, conflicts: [] };
}

/** `HTTP 404 Request_ResourceNotFound: ...`, `network ECONNRESET: ...`. */
export function describeGraphFailure(info: GraphFailureInfo): string {
  if (info.status !== undefined) return `HTTP ${info.status}${info.code ? ` ${info.code}` : ''}: ${info.message}`;
  if (info.networkCode !== undefined) return `network ${info.networkCode}: ${info.message}`;
  return info.message;
}

/** A Graph call that failed for good (not worth retrying, or out of retries), with the attempts it took. */
export class GraphCallError extends Error {
  constructor(
    readonly label: string,
    readonly attempts: number,
    readonly info: GraphFailureInfo,
    /** Attempts whose answer was lost (5xx, network): a later conflict may be this very call having landed. */
    readonly uncertainAttempts: number,
    original?: unknown,
  ) {
    // The original is kept only when it is not Graph's answer (a bug's stack is then not lost).
    super(`${label}: ${describeGraphFailure(info)}${attempts > 1 ? ` (after ${attempts} attempts)` : ''}`, original instanceof GraphHttpError || isRollcallError(original) ? undefined : { cause: original });
    this.name = 'GraphCallError';
  }
}

/** What a 403 means, said where one is reported. */
export const FORBIDDEN_HINT =
  ' (the app registration lacks a Graph permission or its admin consent, or the account holds an admin role the app may not change: see the README, Microsoft 365)';

/** Graph's failures as the scheduler reads them. */
export const GRAPH_FAILURES: FailurePolicy = {
  classify(err: unknown): CallFailure {
    const info = classifyGraphError(err);
    const failure: CallFailure = {
      transient: info.transient,
      rateLimited: info.rateLimited,
      reason: info.code ?? info.networkCode ?? (info.status !== undefined ? `HTTP ${info.status}` : 'error'),
      description: describeGraphFailure(info),
    };
    if (info.status !== undefined) failure.status = info.status;
    if (info.retryAfterMs !== undefined) failure.retryAfterMs = info.retryAfterMs;
    return failure;
  },
  failed(label: string, attempts: number, err: unknown, uncertainAttempts: number): Error {
    return new GraphCallError(label, attempts, classifyGraphError(err), uncertainAttempts, err);
  },
};

/**
 * Credentials refused: every further call would fail the same way. A 403 is not one: Graph
 * also answers it for one account an app may not change (one holding an admin role).
 */
export function isAuthFailure(info: GraphFailureInfo): boolean {
  return info.status === 401 || info.code === ErrorCodes.AUTH;
}

/**
 * The error the CLI shows for a failed Graph call: status, code and Graph's message, never the
 * request. 401, 403 and refused credentials are AUTH (fix the app registration); throttling,
 * server and network failures that outlived their retries are the tool's side.
 */
export function toRollcallError(err: unknown, what: string): RollcallError {
  if (isRollcallError(err) && !(err.details.transient === true)) return err;
  const failure = err instanceof GraphCallError ? err : undefined;
  const info = failure?.info ?? classifyGraphError(err);
  const attempts = failure?.attempts ?? 1;
  const details: Record<string, unknown> = { call: failure?.label ?? what, attempts };
  if (info.status !== undefined) details.status = info.status;
  if (info.code !== undefined) details.code = info.code;
  if (info.networkCode !== undefined) details.networkCode = info.networkCode;
  const hint = info.status === 403 ? FORBIDDEN_HINT : '';
  return new RollcallError(isAuthFailure(info) || info.status === 403 ? ErrorCodes.AUTH : ErrorCodes.GRAPH_API, `Microsoft Graph ${failure?.label ?? what} failed: ${describeGraphFailure(info)}${attempts > 1 ? ` (after ${attempts} attempts)` : ''}${hint}`, {
    fault: info.transient ? 'tool' : 'user',
    details,
  });
}

function findNetworkCode(err: unknown): string | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 6 && current !== null && typeof current === 'object'; depth++) {
    const e = current as { code?: unknown; name?: unknown; cause?: unknown };
    if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return e.code;
    if (e.name === 'TimeoutError' || e.name === 'AbortError') return 'TIMEOUT';
    if (e instanceof TypeError && /fetch failed/i.test(e.message) && e.cause === undefined) return 'ECONNRESET';
    current = e.cause;
  }
  return undefined;
}
