/**
 * Microsoft Graph v1.0 over HTTPS: one request at a time, with the app's token, JSON in and out.
 * It never retries (the shared scheduler does, see pacing/) and never lets the request out: a
 * failed answer becomes a GraphHttpError holding Graph's status, code, message and Retry-After
 * only, so no token or body (a password) reaches a message. A next-page link is followed only on
 * the root the client was made for: the token is never sent anywhere else.
 */
import { setMaxListeners } from 'node:events';
import { ErrorCodes, RollcallError } from '../../errors.js';
import { redactSecrets } from '../../secret-text.js';
import type { TokenSource } from './auth.js';

export type GraphMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface GraphCall {
  method: GraphMethod;
  /** Relative to `<root>v1.0/` (`users?$top=999`), or an absolute `@odata.nextLink` on the same root. */
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface GraphClientOptions {
  /** Per request; a timed-out request counts as a network failure (retried by the scheduler). Default 120 s. */
  timeoutMs?: number;
  /** Aborts requests in flight (a stopping run past its deadline). */
  abort?: AbortSignal;
  fetch?: typeof fetch;
}

/** Graph's own answer to a failed request: what a message and a decision may use, nothing of the request. */
export class GraphHttpError extends Error {
  constructor(
    readonly status: number,
    /** `error.code`: Request_ResourceNotFound, Request_BadRequest, TooManyRequests... */
    readonly code: string,
    /** Graph's message, one line, credential-shaped text removed. */
    readonly graphMessage: string,
    /** The Retry-After header as sent. */
    readonly retryAfter: string | undefined,
    /** `error.details[].code` and `.target` (ObjectConflict on userPrincipalName). */
    readonly details: ReadonlyArray<{ code?: string; target?: string }>,
  ) {
    super(`HTTP ${status} ${code}: ${graphMessage}`);
    this.name = 'GraphHttpError';
  }
}

const MAX_MESSAGE = 300;

export class GraphClient {
  private readonly base: string;
  private readonly origin: string;
  private readonly fetch: typeof fetch;
  private readonly timeoutMs: number;
  /** Aborted with `options.abort`: every request in flight listens to this one signal of ours. */
  private readonly inFlight: AbortSignal | undefined;

  /** `root`: https://graph.microsoft.com/ or an emulator's root URL. */
  constructor(
    root: string,
    private readonly tokens: TokenSource,
    options: GraphClientOptions = {},
  ) {
    const url = new URL(root);
    this.origin = url.origin;
    this.base = `${url.origin}${url.pathname.replace(/\/*$/, '/')}v1.0/`;
    this.fetch = options.fetch ?? globalThis.fetch;
    this.timeoutMs = options.timeoutMs ?? 120_000;
    if (options.abort) {
      const controller = new AbortController();
      // One listener per request in flight (as many as the scheduler's concurrency), not a leak.
      setMaxListeners(0, controller.signal);
      if (options.abort.aborted) controller.abort();
      else options.abort.addEventListener('abort', () => controller.abort(), { once: true });
      this.inFlight = controller.signal;
    }
  }

  /** Sends one request; the parsed JSON answer, or undefined for 204. Throws GraphHttpError for an error answer. */
  async send<T = unknown>(call: GraphCall): Promise<T | undefined> {
    const url = this.url(call.path);
    const token = await this.tokens.token();
    const headers: Record<string, string> = { Authorization: `Bearer ${token}`, Accept: 'application/json', ...call.headers };
    if (call.body !== undefined) headers['Content-Type'] = 'application/json';
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const response = await this.fetch(url, {
      method: call.method,
      headers,
      ...(call.body !== undefined ? { body: JSON.stringify(call.body) } : {}),
      signal: this.inFlight ? AbortSignal.any([timeout, this.inFlight]) : timeout,
    });
    const text = await response.text();
    if (!response.ok) throw errorOf(response, text, [token]);
    if (text === '') return undefined;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new GraphHttpError(response.status, 'InvalidResponse', `the answer to ${call.method} ${pathOf(url)} is not JSON`, undefined, []);
    }
  }

  private url(path: string): string {
    if (!/^https?:\/\//i.test(path)) return `${this.base}${path.replace(/^\/+/, '').replace(/^v1\.0\//, '')}`;
    if (new URL(path).origin !== this.origin) {
      throw new RollcallError(ErrorCodes.GRAPH_API, `Microsoft Graph sent a next-page link to another host (${new URL(path).host}); rollcall sends its token to ${new URL(this.origin).host} only`, {
        details: { host: new URL(path).host },
      });
    }
    return path;
  }
}

function errorOf(response: Response, text: string, secrets: string[]): GraphHttpError {
  let code = `HTTP${response.status}`;
  let message = response.statusText || 'no message';
  let details: Array<{ code?: string; target?: string }> = [];
  try {
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown; details?: unknown } };
    if (typeof body.error?.code === 'string') code = body.error.code;
    if (typeof body.error?.message === 'string') message = body.error.message;
    if (Array.isArray(body.error?.details)) {
      details = (body.error.details as Array<Record<string, unknown>>).map((d) => ({
        ...(typeof d?.code === 'string' ? { code: d.code } : {}),
        ...(typeof d?.target === 'string' ? { target: d.target } : {}),
      }));
    }
  } catch {
    if (text.trim() !== '') message = text;
  }
  const clean = redactSecrets(message, secrets).replace(/\s+/g, ' ').trim();
  return new GraphHttpError(response.status, code, clean.length > MAX_MESSAGE ? `${clean.slice(0, MAX_MESSAGE - 1)}…` : clean, response.headers.get('retry-after') ?? undefined, details);
}

/** A URL's path, for a message: never its query (which can hold a filter on a person). */
function pathOf(url: string): string {
  return new URL(url).pathname;
}
