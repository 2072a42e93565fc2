/**
 * A Directory API emulator on loopback HTTP: rollcall's real Google client talks to it in
 * tests and in `rollcall emulator`. Each request goes through the same steps in order:
 * latency, auth, rate limit, injected fault, route. See SPEC.md for what is served and where
 * it differs from Google.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { ErrorCodes, RollcallError } from '../../../errors.js';
import type { GoogleState } from '../directory-types.js';
import { ApiError, injectedError, loginRequired, routeNotFound } from './api-error.js';
import { counterClock, type Clock } from './clock.js';
import { FaultInjector } from './faults.js';
import { parseJsonBody, readBody, sendEmpty, sendJson } from './http-io.js';
import { RateLimiter } from './rate-limit.js';
import { matchRoute, type Route, type RouteMatch, type RouteResult } from './router.js';
import { groupRoutes } from './routes-groups.js';
import { memberRoutes } from './routes-members.js';
import { orgUnitRoutes } from './routes-org-units.js';
import { userRoutes } from './routes-users.js';
import { StatsCounter } from './stats.js';
import { DirectoryStore } from './store.js';

export interface EmulatorOptions {
  /** 0 = any free port (default 0). */
  port?: number;
  /** Starting directory; use readSnapshotFile(file) to load a snapshot file. */
  seed?: GoogleState;
  /** Added to every request (default 0). */
  latencyMs?: number;
  /**
   * Beyond it: 403 userRateLimitExceeded (default) or 429 rateLimitExceeded, with Retry-After
   * unless `retryAfter` is false (Google often sends none). `windowMs` (default 60000) shortens
   * the sliding window, keeping the rate per minute: a test sees minutes of pacing in seconds.
   */
  rateLimit?: { perMinute: number; status?: 403 | 429; windowMs?: number; retryAfter?: boolean };
  /**
   * Sees each request (after latency and authentication, before the rate limit and the route)
   * and may hold it: a test stages an admin's change at an exact moment of a run.
   */
  onRequest?: (request: EmulatorRequest) => void | Promise<void>;
  /** Injected failures. */
  faults?: FaultRule[];
  /** Default 'C0emul8r'; `my_customer` always works too. */
  customerId?: string;
  /** Source of creationTime for inserted users (default: a counter clock from 2024-01-01, +1 s per call). */
  clock?: Clock;
}

export interface EmulatorRequest {
  method: string;
  /** URL path, as sent (still encoded). */
  path: string;
  query: URLSearchParams;
  /** The API method (`users.list`, `users.update`...), or `unknown`. */
  route: string;
}

export interface FaultRule {
  /** 'POST' | 'PUT' | 'DELETE' | 'GET' ...; undefined = any. */
  method?: string;
  /** Substring or regex source matched against the URL path (raw or decoded). */
  pathPattern?: string;
  /** 403 | 429 | 500 | 503 ... */
  status: number;
  /** e.g. 'userRateLimitExceeded', 'quotaExceeded', 'backendError'; default by status. */
  reason?: string;
  /** 'before': fail without applying; 'after': apply the request, then answer the error. */
  when: 'before' | 'after';
  /** How many matching requests fail (default 1); then the rule is spent. */
  times?: number;
  /** Alternatively fail every Nth matching request. */
  every?: number;
  /** Adds a Retry-After header. */
  retryAfterSeconds?: number;
}

export interface EmulatorStats {
  requests: number;
  byRoute: Record<string, number>;
  mutations: number;
  failuresInjected: number;
}

export interface RunningEmulator {
  /** 'http://127.0.0.1:PORT/' (use as the client's rootUrl). */
  url: string;
  port: number;
  /** Counts since start (or since resetStats). */
  stats(): EmulatorStats;
  resetStats(): void;
  /** A deep copy of current users, groups (with members) and org units. */
  state(): GoogleState;
  setFaults(faults: FaultRule[]): void;
  close(): Promise<void>;
}

const ROUTES: readonly Route[] = [...userRoutes, ...groupRoutes, ...memberRoutes, ...orgUnitRoutes];
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

function usage(message: string): RollcallError {
  return new RollcallError(ErrorCodes.USAGE, `emulator: ${message}`);
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const latencyMs = options.latencyMs ?? 0;
  if (!Number.isFinite(latencyMs) || latencyMs < 0) throw usage(`latencyMs must be 0 or more, got ${latencyMs}`);
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw usage(`port must be 0..65535, got ${port}`);
  const store = new DirectoryStore(options.seed ?? { users: [], groups: [], orgUnits: [] }, {
    customerId: options.customerId ?? 'C0emul8r',
    clock: options.clock ?? counterClock(),
  });
  const faults = new FaultInjector(options.faults ?? []);
  const limiter = options.rateLimit ? new RateLimiter(options.rateLimit.perMinute, undefined, options.rateLimit.windowMs) : undefined;
  const rateStatus = options.rateLimit?.status ?? 403;
  const sendRetryAfter = options.rateLimit?.retryAfter ?? true;
  const stats = new StatsCounter();

  async function respond(req: IncomingMessage): Promise<{ result: RouteResult } | { error: ApiError }> {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let match: RouteMatch | undefined;
    let badPath: unknown;
    try {
      match = matchRoute(ROUTES, method, url.pathname);
    } catch (err) {
      badPath = err;
    }
    stats.request(match?.route.name ?? 'unknown');
    try {
      const text = await readBody(req);
      if (latencyMs > 0) await delay(latencyMs);
      if (!/^Bearer\s+\S/i.test(req.headers.authorization ?? '')) throw loginRequired();
      await options.onRequest?.({ method, path: url.pathname, query: url.searchParams, route: match?.route.name ?? 'unknown' });
      if (limiter) {
        const decision = limiter.tryAcquire();
        if (!decision.ok) {
          stats.failureInjected();
          throw injectedError(rateStatus, rateStatus === 429 ? 'rateLimitExceeded' : 'userRateLimitExceeded', sendRetryAfter ? decision.retryAfterSeconds : undefined);
        }
      }
      const fault = faults.decide(method, url.pathname);
      if (fault) stats.failureInjected();
      if (fault?.when === 'before') throw fault.error;
      let outcome: { result: RouteResult } | { error: unknown };
      try {
        if (badPath !== undefined) throw badPath;
        if (!match) throw routeNotFound();
        const body = BODY_METHODS.has(method) ? parseJsonBody(text) : {};
        const result = match.route.handle({ params: match.params, query: url.searchParams, body, store });
        if (match.route.mutates && result.status < 300) stats.mutation();
        outcome = { result };
      } catch (err) {
        outcome = { error: err };
      }
      // 'after': whatever the request did stays done; the client only sees the failure.
      if (fault) throw fault.error;
      if ('error' in outcome) throw outcome.error;
      return outcome;
    } catch (err) {
      if (err instanceof ApiError) return { error: err };
      return { error: new ApiError(500, `Internal error encountered. (emulator: ${(err as Error).message})`, 'internalError') };
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const outcome = await respond(req);
    if ('error' in outcome) sendJson(res, outcome.error.status, outcome.error.body(), outcome.error.headers);
    else if (outcome.result.body === undefined) sendEmpty(res, outcome.result.status);
    else sendJson(res, outcome.result.status, outcome.result.body);
  }

  const server = createServer((req, res) => {
    void handle(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(
        err.code === 'EADDRINUSE'
          ? usage(`port ${port} is already in use`)
          : new RollcallError(ErrorCodes.INTERNAL, `emulator: cannot listen (${err.code ?? err.message})`, { cause: err }),
      );
    });
    // Loopback only: the emulator accepts any token and must never be reachable from the network.
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actualPort = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${actualPort}/`,
    port: actualPort,
    stats: () => stats.snapshot(),
    resetStats: () => stats.reset(),
    state: () => store.snapshot(),
    setFaults: (rules) => faults.set(rules),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // Keep-alive sockets would hold close() open until they time out.
        server.closeAllConnections();
      }),
  };
}
