/** Request counters, so tests and the benchmark can assert how many calls a run made and of which kind. */

export interface EmulatorStats {
  /** HTTP requests received. */
  requests: number;
  /** Operations by name (`users.list`...; `unknown` for unmatched paths), including those inside a batch. */
  byRoute: Record<string, number>;
  /** Changes applied (including those whose answer an `after` fault replaced). */
  mutations: number;
  /** Failures the emulator was asked for: fault rules and rate-limit refusals. */
  failuresInjected: number;
}

export class StatsCounter {
  private current: EmulatorStats = StatsCounter.empty();

  private static empty(): EmulatorStats {
    return { requests: 0, byRoute: {}, mutations: 0, failuresInjected: 0 };
  }

  /** One HTTP request, and the operation it asks for. */
  request(route: string): void {
    this.current.requests++;
    this.operation(route);
  }

  /** An operation without a request of its own (one request of a batch). */
  operation(route: string): void {
    this.current.byRoute[route] = (this.current.byRoute[route] ?? 0) + 1;
  }

  mutation(): void {
    this.current.mutations++;
  }

  failureInjected(): void {
    this.current.failuresInjected++;
  }

  snapshot(): EmulatorStats {
    return { ...this.current, byRoute: { ...this.current.byRoute } };
  }

  reset(): void {
    this.current = StatsCounter.empty();
  }
}
