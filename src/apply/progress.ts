/**
 * Progress of a run as engine events: each change's outcome (debug, or warn/error when it needs
 * attention), a running count at most every few seconds, and the totals at the end with what to
 * do about anything that did not settle.
 */
import type { EventSink } from '../model/events.js';
import { describeChange, emptyCounts, type ChangeResult, type OutcomeCounts } from './outcome.js';

const PROGRESS_EVERY_MS = 2000;

export class ApplyProgress {
  readonly counts: OutcomeCounts = emptyCounts();
  private settled = 0;
  private lastReport: number;

  constructor(
    private readonly total: number,
    private readonly events: EventSink,
    private readonly now: () => number = Date.now,
  ) {
    this.lastReport = now();
  }

  record(result: ChangeResult): void {
    this.counts[result.outcome]++;
    this.settled++;
    const what = describeChange(result.change);
    const data = { id: result.change.id, address: result.change.address, kind: result.change.kind, outcome: result.outcome, attempts: result.attempts };
    switch (result.outcome) {
      case 'drifted': {
        const diffs = (result.differences ?? []).map((d) => `${d.path}: now ${show(d.live)}, plan expected ${show(d.expected)}`);
        this.events.emit({
          level: 'warn',
          code: 'CHANGE_DRIFTED',
          message: `refused ${what}: ${result.error ?? 'the account changed since the plan was made'}${diffs.length > 0 ? ` (${diffs.join('; ')})` : ''}`,
          data: { ...data, differences: result.differences ?? [] },
        });
        break;
      }
      case 'failed':
        this.events.emit({ level: 'error', code: 'CHANGE_FAILED', message: `failed ${what}: ${result.error ?? 'unknown error'}`, data });
        break;
      case 'skipped':
        this.events.emit({ level: 'warn', code: 'CHANGE_SKIPPED', message: `skipped ${what}: ${result.error ?? ''}`, data });
        break;
      default:
        this.events.emit({ level: 'debug', code: 'CHANGE_APPLIED', message: `${result.outcome} ${what}${result.attempts > 1 ? ` (${result.attempts} attempts)` : ''}`, data });
    }
    if (this.settled < this.total && this.now() - this.lastReport >= PROGRESS_EVERY_MS) {
      this.lastReport = this.now();
      this.events.emit({
        level: 'info',
        code: 'APPLY_PROGRESS',
        message: `${this.settled}/${this.total} changes: ${describeCounts(this.counts)}`,
        data: { settled: this.settled, total: this.total, counts: { ...this.counts } },
      });
    }
  }
}

function describeCounts(counts: OutcomeCounts): string {
  return `${counts.done} done, ${counts['already-done']} already done, ${counts.drifted} drifted, ${counts.failed} failed, ${counts.skipped} skipped`;
}

function show(value: unknown): string {
  return value === null || value === undefined ? '(absent)' : JSON.stringify(value);
}

/** The totals, and what to do about anything that did not settle. */
export function reportFinished(events: EventSink, counts: OutcomeCounts, journalFile: string, passwordsFile: string | undefined, stopped: string | undefined): void {
  events.emit({ level: 'info', code: 'APPLY_FINISHED', message: `applied: ${describeCounts(counts)}; journal ${journalFile}`, data: { counts: { ...counts } } });
  if (stopped !== undefined) {
    events.emit({
      level: 'error',
      code: 'APPLY_STOPPED',
      message: `the run stopped early: ${stopped}. Changes it had not started are recorded as skipped: run apply again to do them (what is done is recognised and not sent again)`,
    });
  }
  if (counts.drifted > 0) {
    events.emit({
      level: 'warn',
      code: 'APPLY_DRIFTED',
      message: `${counts.drifted} changes were refused because their accounts changed since the plan was made: make a new plan (rollcall plan), review it, and apply that`,
    });
  }
  if (counts.failed > 0) {
    events.emit({
      level: 'error',
      code: 'APPLY_FAILED',
      message: `${counts.failed} changes failed (see above and the journal): fix the cause, then run apply again; changes already made are recognised and not sent again`,
    });
  }
  if (passwordsFile !== undefined && counts.done > 0) {
    events.emit({ level: 'info', code: 'PASSWORDS_WRITTEN', message: `initial passwords of new accounts are in ${passwordsFile} (mode 0600): hand them over, then delete the file` });
  }
}
