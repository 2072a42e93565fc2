/**
 * A Microsoft Graph (v1.0) emulator for Entra ID on loopback HTTP: users, administrative
 * units, groups and their members, licences, JSON batching. Each request goes through the same
 * steps as the Google emulator's (emulator-kit/): latency, auth, rate limit, injected fault,
 * route. See SPEC.md for what is served and where it differs from Graph.
 */
import { counterClock, type Clock } from '../../../emulator-kit/clock.js';
import { checkServerSwitches, runningEmulator, startEmulatorServer, type ApiDialect, type RunningEmulatorOf } from '../../../emulator-kit/emulator-server.js';
import type { FaultRule } from '../../../emulator-kit/faults.js';
import { RequestGate } from '../../../emulator-kit/request-gate.js';
import type { EmulatorStats } from '../../../emulator-kit/stats.js';
import { emptyEntraState, type EntraState } from '../graph-types.js';
import { graphOperation } from './dispatch.js';
import { accessTokenEmpty, GraphError, injectedGraphError } from './graph-error.js';
import { graphId } from './ids.js';
import { GRAPH_PREFIX, type GraphEnv } from './router.js';
import { loadTenant } from './seed.js';

export type { EmulatorStats, FaultRule };

export interface EntraEmulatorOptions {
  /** 0 = any free port (default 0). */
  port?: number;
  /** Starting tenant; use readEntraSnapshotFile(file) to load a snapshot file. */
  seed?: EntraState;
  /** Added to every HTTP request (a batch waits once) (default 0). */
  latencyMs?: number;
  /** Beyond it: 429 TooManyRequests with Retry-After. Each request of a batch counts. */
  rateLimit?: { perMinute: number };
  /** Injected failures (`reason` is the Graph error code). */
  faults?: FaultRule[];
  /** The tenant's id, as SKU ids carry it (default: derived from the word `emulator`). */
  tenantId?: string;
  /** Source of createdDateTime and other stamps (default: a counter clock from 2024-01-01, +1 s per call). */
  clock?: Clock;
  /** The directory extension properties the tenant declares; default: any well-formed `extension_<appId>_<name>`. */
  extensionProperties?: string[];
  /** The domains userPrincipalName may use; default: any. */
  verifiedDomains?: string[];
}

/** `url` stands for `https://graph.microsoft.com/` (requests go to `${url}v1.0/...`); `state()` is the live tenant, ready for writeEntraSnapshotFile. */
export type RunningEntraEmulator = RunningEmulatorOf<EntraState>;

export async function startEntraEmulator(options: EntraEmulatorOptions = {}): Promise<RunningEntraEmulator> {
  const switches = checkServerSwitches(options);
  const tenant = loadTenant(options.seed ?? emptyEntraState(), {
    tenantId: options.tenantId ?? graphId('tenant:emulator'),
    clock: options.clock ?? counterClock(),
    extensionProperties: options.extensionProperties,
    verifiedDomains: options.verifiedDomains,
  });
  const gate = new RequestGate(options, {
    rateLimited: (seconds) => injectedGraphError(429, 'TooManyRequests', seconds),
    injected: (rule) => injectedGraphError(rule.status, rule.reason, rule.retryAfterSeconds),
  });
  let root = '';
  let requests = 0;
  const env: GraphEnv = {
    tenant,
    gate,
    base: () => `${root}${GRAPH_PREFIX.slice(1)}`,
    answer(error: unknown) {
      const e = error instanceof GraphError ? error : new GraphError(500, 'InternalServerError', `An internal server error occurred. (emulator: ${(error as Error).message})`);
      return { status: e.status, body: e.body(graphId(`request:${++requests}`)), headers: e.headers };
    },
  };
  const dialect: ApiDialect = {
    operation: (method, url, headers) => {
      const plain = Object.fromEntries(Object.entries(headers).filter((e): e is [string, string] => typeof e[1] === 'string'));
      // The URL as the client reached it (with the port), for @odata.nextLink.
      const absolute = new URL(root);
      absolute.pathname = url.pathname;
      absolute.search = url.search;
      return graphOperation({ method, url: absolute, headers: plain }, env);
    },
    loginRequired: accessTokenEmpty,
    bodyTooLarge: () => new GraphError(413, 'RequestEntityTooLarge', 'The request body is too large.'),
    answer: (error) => env.answer(error),
  };
  const server = await startEmulatorServer(switches, gate, dialect);
  root = server.url;
  return runningEmulator(server, gate, () => tenant.snapshot());
}
