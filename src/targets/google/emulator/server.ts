/**
 * A Google Workspace emulator on loopback HTTP: the Directory API, and for an account's lifecycle
 * the Enterprise License Manager and the Data Transfer API. rollcall's real Google client talks
 * to it in tests and in `rollcall emulator`. Each request goes through the same steps in order:
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
import { ErrorCodes, RollcallError } from '../../../errors.js';
import { ApiError, injectedError, loginRequired, routeNotFound } from './api-error.js';
import type { TransferSwitches } from './data-transfers.js';
import { dataTransferRoutes } from './routes-data-transfers.js';
import { DEFAULT_SKUS, type LicenceSku } from './licence-store.js';
import { DATA_TRANSFER_PREFIX, DIRECTORY_PREFIX, LICENSING_PREFIX, matchRoute, type Api, type RouteMatch } from './router.js';
import { groupRoutes } from './routes-groups.js';
import { licenceRoutes } from './routes-licences.js';
import { memberRoutes } from './routes-members.js';
import { orgUnitRoutes } from './routes-org-units.js';
import { userLifecycleRoutes } from './routes-user-lifecycle.js';
import { userRoutes } from './routes-users.js';
import { DirectoryStore, type GoogleEmulatorSeed, type GoogleEmulatorState } from './store.js';

export type { EmulatorRequest, EmulatorStats, FaultRule, GoogleEmulatorSeed, GoogleEmulatorState, LicenceSku, TransferSwitches };

export interface EmulatorOptions {
  /** 0 = any free port (default 0). */
  port?: number;
  /**
   * Starting directory (use readSnapshotFile(file) to load a snapshot file), and optionally
   * licence assignments, each account's tokens, app passwords and backup codes, and deleted accounts.
   */
  seed?: GoogleEmulatorSeed;
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
  /**
   * The emulator's time: creationTime of inserted users, deletionTime, sign-out and transfer
   * stamps, and the 20-day restore window (default: a counter clock from 2024-01-01, +1 s per call).
   */
  clock?: Clock;
  /** The product SKUs the customer holds (default: the Google Workspace for Education editions, no seat limit). */
  licensing?: { skus?: LicenceSku[] };
  /** When a data transfer finishes (default: after one poll), and which fail. */
  dataTransfers?: TransferSwitches;
}

/**
 * `url` is the client's rootUrl; `state()` holds users (without passwords), groups with members
 * and org units, and the licences, sign-in security, deleted accounts and data transfers.
 */
export type RunningEmulator = RunningEmulatorOf<GoogleEmulatorState>;

const APIS: readonly Api[] = [
  { prefix: DIRECTORY_PREFIX, routes: [...userRoutes, ...userLifecycleRoutes, ...groupRoutes, ...memberRoutes, ...orgUnitRoutes] },
  { prefix: LICENSING_PREFIX, routes: licenceRoutes },
  { prefix: DATA_TRANSFER_PREFIX, routes: dataTransferRoutes },
];
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

const invalidJson = (why: string): ApiError => new ApiError(400, `Invalid JSON payload received. ${why}`, 'parseError');

/** How the Directory API finds operations and words errors. */
function directoryDialect(store: DirectoryStore): ApiDialect {
  return {
    operation(method: string, url: URL): Operation {
      let match: RouteMatch | undefined;
      try {
        match = matchRoute(APIS, method, url.pathname);
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

function usage(message: string): RollcallError {
  return new RollcallError(ErrorCodes.USAGE, `emulator: ${message}`);
}

/** Checks the lifecycle switches: a bad one is a usage error, before anything starts. */
function checkLifecycleSwitches(options: EmulatorOptions): { skus: readonly LicenceSku[]; transfers: TransferSwitches } {
  const skus = options.licensing?.skus ?? DEFAULT_SKUS;
  const seen = new Set<string>();
  for (const sku of skus) {
    if (typeof sku.productId !== 'string' || sku.productId === '' || typeof sku.skuId !== 'string' || sku.skuId === '') throw usage('licensing.skus: each needs productId and skuId');
    if (seen.has(`${sku.productId}/${sku.skuId}`)) throw usage(`licensing.skus: ${sku.productId}/${sku.skuId} is listed twice`);
    seen.add(`${sku.productId}/${sku.skuId}`);
    if (sku.seats !== undefined && !(Number.isInteger(sku.seats) && sku.seats >= 0)) throw usage(`licensing.skus: seats of ${sku.skuId} must be a whole number, got ${sku.seats}`);
  }
  const transfers = options.dataTransfers ?? {};
  const { completeAfterPolls, completeAfterMs } = transfers;
  if (completeAfterPolls !== undefined && !(Number.isInteger(completeAfterPolls) && completeAfterPolls >= 0)) throw usage(`dataTransfers.completeAfterPolls must be 0 or more, got ${completeAfterPolls}`);
  if (completeAfterMs !== undefined && !(Number.isFinite(completeAfterMs) && completeAfterMs >= 0)) throw usage(`dataTransfers.completeAfterMs must be 0 or more, got ${completeAfterMs}`);
  return { skus, transfers };
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const switches = checkServerSwitches(options);
  const store = new DirectoryStore(options.seed ?? { users: [], groups: [], orgUnits: [] }, {
    customerId: options.customerId ?? 'C0emul8r',
    clock: options.clock ?? counterClock(),
    ...checkLifecycleSwitches(options),
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
