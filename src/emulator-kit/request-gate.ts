/**
 * What every emulated operation goes through once its request is authenticated: the rate
 * limit, then any injected fault, then the operation itself, all counted. A batch request
 * sends each of its operations through here on its own, as Graph throttles them one by one.
 */
import { FaultInjector, type FaultRule } from './faults.js';
import { RateLimiter } from './rate-limit.js';
import { StatsCounter } from './stats.js';

/** An answer before it is written: JSON `body`, plain `text`, or neither (an empty body). */
export interface Answer {
  status: number;
  body?: unknown;
  text?: string;
  headers?: Record<string, string>;
}

/** What a request asks for, found before anything else so that the stats can name it. */
export interface Operation {
  /** For the stats: `users.list`; `unknown` for what no route serves. */
  name: string;
  mutates: boolean;
  /** A batch envelope: the rate limit counts the requests inside it, one by one, instead. */
  batch?: boolean;
  /** Does it, given the raw request body; throws the API's own errors. */
  run(body: string): Answer;
}

/** An operation no route serves: running it throws the API's answer for that (404, 400, 405...). */
export function unknownOperation(error: Error): Operation {
  return {
    name: 'unknown',
    mutates: false,
    run: () => {
      throw error;
    },
  };
}

/** How the API words the failures the gate injects. */
export interface InjectedErrors {
  rateLimited(retryAfterSeconds: number): Error;
  injected(rule: FaultRule): Error;
}

export interface GateSwitches {
  /**
   * A sliding window of accepted operations, one minute long unless `windowMs` shortens it (same
   * rate per minute: a test sees minutes of pacing in seconds).
   */
  rateLimit?: { perMinute: number; windowMs?: number | undefined } | undefined;
  faults?: FaultRule[] | undefined;
}

export class RequestGate {
  readonly stats = new StatsCounter();
  private readonly faults: FaultInjector;
  private readonly limiter: RateLimiter | undefined;

  constructor(
    switches: GateSwitches,
    private readonly errors: InjectedErrors,
  ) {
    this.faults = new FaultInjector(switches.faults ?? []);
    this.limiter = switches.rateLimit ? new RateLimiter(switches.rateLimit.perMinute, undefined, switches.rateLimit.windowMs) : undefined;
  }

  /** Replaces every fault rule; their counts start again. */
  setFaults(rules: readonly FaultRule[]): void {
    this.faults.set(rules);
  }

  /** Runs `operation` unless the rate limit or a `before` fault refuses it; throws the API's errors. */
  pass(method: string, path: string, operation: Operation, body: string): Answer {
    if (this.limiter && operation.batch !== true) {
      const decision = this.limiter.tryAcquire();
      if (!decision.ok) {
        this.stats.failureInjected();
        throw this.errors.rateLimited(decision.retryAfterSeconds);
      }
    }
    const fault = this.faults.decide(method, path);
    if (fault) this.stats.failureInjected();
    if (fault?.when === 'before') throw this.errors.injected(fault.rule);
    let outcome: { answer: Answer } | { error: unknown };
    try {
      const answer = operation.run(body);
      if (operation.mutates && answer.status < 300) this.stats.mutation();
      outcome = { answer };
    } catch (err) {
      outcome = { error: err };
    }
    // 'after': whatever the operation did stays done; the client only sees the failure.
    if (fault) throw this.errors.injected(fault.rule);
    if ('error' in outcome) throw outcome.error;
    return outcome.answer;
  }
}
