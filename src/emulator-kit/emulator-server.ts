/**
 * The loopback HTTP server every directory emulator runs on. Each request goes through the
 * same steps in order: latency, authentication, then the gate (rate limit, injected fault,
 * operation). The API's dialect finds the operation and words every error, so clients always
 * see the one body shape their API uses.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { ErrorCodes, RollcallError } from '../errors.js';
import { hasBearerToken, readBody, sendEmpty, sendJson, sendText } from './http-io.js';
import type { FaultRule } from './faults.js';
import { unknownOperation, type Answer, type Operation, type RequestGate } from './request-gate.js';
import type { EmulatorStats } from './stats.js';

export interface ApiDialect {
  /** The operation a request asks for (an unknown one throws the API's not-found answer when run). */
  operation(method: string, url: URL, headers: IncomingHttpHeaders): Operation;
  loginRequired(): Error;
  bodyTooLarge(): Error;
  /** The answer for any error thrown while handling a request; one that is not the API's own is a 500. */
  answer(error: unknown): Answer;
}

/** A request as the `onRequest` hook sees it. */
export interface EmulatorRequest {
  method: string;
  /** URL path, as sent (still encoded). */
  path: string;
  query: URLSearchParams;
  /** The API operation (`users.list`, `users.update`...), or `unknown`. */
  route: string;
}

export interface ServerSwitches {
  /** 0 = any free port (default 0). */
  port?: number | undefined;
  /** Waited before every request is handled (default 0). */
  latencyMs?: number | undefined;
  /**
   * Sees each request (after latency and authentication, before the rate limit and the
   * operation) and may hold it: a test stages an admin's change at an exact moment of a run.
   */
  onRequest?: ((request: EmulatorRequest) => void | Promise<void>) | undefined;
}

export interface RunningServer {
  /** `http://127.0.0.1:PORT/` */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** A started emulator, whatever API it speaks; `State` is what its snapshot file holds. */
export interface RunningEmulatorOf<State> {
  /** `http://127.0.0.1:PORT/`: the API's root. */
  url: string;
  port: number;
  /** Counts since start (or since resetStats). */
  stats(): EmulatorStats;
  resetStats(): void;
  /** A deep copy of what the emulated directory holds now. */
  state(): State;
  /** Replaces every fault rule; their counts start again. */
  setFaults(faults: FaultRule[]): void;
  close(): Promise<void>;
}

/** The handle an emulator returns, from its server, its gate and its state. */
export function runningEmulator<State>(server: RunningServer, gate: RequestGate, state: () => State): RunningEmulatorOf<State> {
  return {
    url: server.url,
    port: server.port,
    stats: () => gate.stats.snapshot(),
    resetStats: () => gate.stats.reset(),
    state,
    setFaults: (rules) => gate.setFaults(rules),
    close: () => server.close(),
  };
}

function usage(message: string): RollcallError {
  return new RollcallError(ErrorCodes.USAGE, `emulator: ${message}`);
}

export interface CheckedSwitches {
  port: number;
  latencyMs: number;
  onRequest?: ServerSwitches['onRequest'];
}

/** Checks the switches before an emulator builds anything (a bad one is a usage error). */
export function checkServerSwitches(switches: ServerSwitches): CheckedSwitches {
  const latencyMs = switches.latencyMs ?? 0;
  if (!Number.isFinite(latencyMs) || latencyMs < 0) throw usage(`latencyMs must be 0 or more, got ${latencyMs}`);
  const port = switches.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw usage(`port must be 0..65535, got ${port}`);
  return { port, latencyMs, ...(switches.onRequest !== undefined ? { onRequest: switches.onRequest } : {}) };
}

export async function startEmulatorServer(switches: CheckedSwitches, gate: RequestGate, dialect: ApiDialect): Promise<RunningServer> {
  const { port, latencyMs } = switches;

  async function respond(req: IncomingMessage): Promise<Answer> {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let operation: Operation;
    try {
      operation = dialect.operation(method, url, req.headers);
    } catch (err) {
      // A dialect that cannot even tell what was asked answers when the operation runs, like any unknown one.
      operation = unknownOperation(err as Error);
    }
    gate.stats.request(operation.name);
    try {
      const body = await readBody(req, dialect.bodyTooLarge);
      if (latencyMs > 0) await delay(latencyMs);
      if (!hasBearerToken(req)) throw dialect.loginRequired();
      await switches.onRequest?.({ method, path: url.pathname, query: url.searchParams, route: operation.name });
      return gate.pass(method, url.pathname, operation, body);
    } catch (err) {
      return dialect.answer(err);
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const answer = await respond(req);
    if (answer.body !== undefined) sendJson(res, answer.status, answer.body, answer.headers);
    else if (answer.text !== undefined) sendText(res, answer.status, answer.text, answer.headers);
    else sendEmpty(res, answer.status, answer.headers);
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
    // Loopback only: an emulator accepts any token and must never be reachable from the network.
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actualPort = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${actualPort}/`,
    port: actualPort,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // Keep-alive sockets would hold close() open until they time out.
        server.closeAllConnections();
      }),
  };
}
