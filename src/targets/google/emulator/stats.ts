/** Request counters, so tests can assert how many calls a run made and of which kind. */
import type { EmulatorStats } from './server.js';

export class StatsCounter {
  private current: EmulatorStats = StatsCounter.empty();

  private static empty(): EmulatorStats {
    return { requests: 0, byRoute: {}, mutations: 0, failuresInjected: 0 };
  }

  request(route: string): void {
    this.current.requests++;
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
