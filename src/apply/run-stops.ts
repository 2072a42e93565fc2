/**
 * Why a run stops before its end, decided the same way for every change it makes: a person
 * stopped it (SIGINT/SIGTERM), the directory refused the credentials (every further call would
 * fail the same way), or more changes than `safety.maxDriftedChanges` have drifted (the plan no
 * longer describes the directory).
 */
import type { ChangeResult } from './outcome.js';
import type { WriteAccess } from './write-access.js';

export class RunStops {
  private drifted = 0;

  constructor(
    private readonly access: WriteAccess,
    private readonly options: { maxDrifted?: number; interrupted?: () => string | undefined },
  ) {}

  /** Counts what settled (drifted changes add up across the run). */
  saw(result: ChangeResult): void {
    if (result.outcome === 'drifted') this.drifted++;
  }

  /** Why the run stops, once it must. */
  reason(): string | undefined {
    const interrupted = this.options.interrupted?.();
    if (interrupted !== undefined) return interrupted;
    const { directory, writer } = this.access;
    if (writer.authFailure !== undefined) return `${directory} refused the credentials (${writer.authFailure}): fix them, then run apply again`;
    const { maxDrifted } = this.options;
    if (maxDrifted !== undefined && this.drifted > maxDrifted) {
      return `${this.drifted} changes had drifted (safety.maxDriftedChanges is ${maxDrifted}): ${directory} no longer looks as the plan expected; make the plan again`;
    }
    return undefined;
  }
}
