/**
 * A Directory API emulator on loopback HTTP: rollcall's real Google client talks to it in
 * tests and in `rollcall emulator`. Each request goes through the same steps in order:
 * latency, auth, rate limit, injected fault, route (emulator-kit/). See SPEC.md for what is
 * served and where it differs from Google.
 */
import { counterClock, type Clock } from '../../../emulator-kit/clock.js';
import { checkServerSwitches, runningEmulator, startEmulatorServer, type ApiDialect, type RunningEmulatorOf } from '../../../emulator-kit/emulator-server.js';
import type { FaultRule } from '../../../emulator-kit/faults.js';
import { parseJsonBody } from '../../../emulator-kit/http-io.js';
import { RequestGate, unknownOperation, type Operation } from '../../../emulator-kit/request-gate.js';
import type { EmulatorStats } from '../../../emulator-kit/stats.js';
import type { EmulatorRequest } from '../../../emulator-kit/emulator-server.js';
import type { GoogleState } from '../directory-types.js';
import { ApiError, injectedError, loginRequired, routeNotFound } from './api-error.js';
import { matchRoute, type Route, type RouteMatch } from './router.js';
import { groupRoutes } from './routes-groups.js';
import { memberRoutes } from './routes-members.js';
import { orgUnitRoutes } from './routes-org-units.js';
import { userRoutes } from './routes-users.js';
import { DirectoryStore } from './store.js';

export type { EmulatorRequest, EmulatorStats, FaultRule };

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

/** `url` is the client's rootUrl; `state()` holds users (without passwords), groups with members and org units. */
export type RunningEmulator = RunningEmulatorOf<GoogleState>;

const ROUTES: readonly Route[] = [...userRoutes, ...groupRoutes, ...memberRoutes, ...orgUnitRoutes];
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

const invalidJson = (why: string): ApiError => new ApiError(400, `Invalid JSON payload received. ${why}`, 'parseError');

/** How the Directory API finds operations and words errors. */
function directoryDialect(store: DirectoryStore): ApiDialect {
  return {
    operation(method: string, url: URL): Operation {
      let match: RouteMatch | undefined;
      try {
        match = matchRoute(ROUTES, method, url.pathname);
      } catch (err) {
        return unknownOperation(err as Error);
      }
      if (!match) return unknownOperation(routeNotFound());
      const { route, params } = match;
      return {
        name: route.name,
        mutates: route.mutates,
        run: (text) => route.handle({ params, query: url.searchParams, body: BODY_METHODS.has(method) ? parseJsonBody(text, invalidJson) : {}, store }),
      };
    },
    loginRequired,
    bodyTooLarge: () => new ApiError(413, 'Request Entity Too Large', 'badRequest'),
    answer(error: unknown) {
      const e = error instanceof ApiError ? error : new ApiError(500, `Internal error encountered. (emulator: ${(error as Error).message})`, 'internalError');
      return { status: e.status, body: e.body(), headers: e.headers };
    },
  };
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const switches = checkServerSwitches(options);
  const store = new DirectoryStore(options.seed ?? { users: [], groups: [], orgUnits: [] }, {
    customerId: options.customerId ?? 'C0emul8r',
    clock: options.clock ?? counterClock(),
  });
  const rateStatus = options.rateLimit?.status ?? 403;
  const sendRetryAfter = options.rateLimit?.retryAfter ?? true;
  const gate = new RequestGate(options, {
    rateLimited: (seconds) => injectedError(rateStatus, rateStatus === 429 ? 'rateLimitExceeded' : 'userRateLimitExceeded', sendRetryAfter ? seconds : undefined),
    injected: (rule) => injectedError(rule.status, rule.reason, rule.retryAfterSeconds),
  });
  const server = await startEmulatorServer(switches, gate, directoryDialect(store));
  return runningEmulator(server, gate, () => store.snapshot());
}
