/**
 * Progress of a run as engine events: each change's outcome (debug; info when it waits for a file
 * transfer; warn/error when it needs attention), a running count at most every few seconds, and
 * the totals at the end with what to do about anything that did not settle.
 */
import type { EventSink } from '../model/events.js';
import type { TargetVocabulary } from '../model/directory-port.js';
import { ADDRESS_PATH, attributeKeyOf, ENABLED_PATH, PLACEMENT_PATH } from '../model/field-path.js';
import { describeChange, subjectAddress } from '../plan/change-subject.js';
import { emptyCounts, type ChangeResult, type Difference, type OutcomeCounts } from './outcome.js';

const PROGRESS_EVERY_MS = 2000;

export class ApplyProgress {
  readonly counts: OutcomeCounts = emptyCounts();
  private settled = 0;
  private lastReport: number;

  constructor(
    private readonly total: number,
    private readonly events: EventSink,
    /** The plan's target's words, to name fields as the directory does. */
    private readonly words: TargetVocabulary,
    private readonly now: () => number = Date.now,
  ) {
    this.lastReport = now();
  }

  record(result: ChangeResult): void {
    this.counts[result.outcome]++;
    this.settled++;
    const what = describeChange(result.change);
    const data = { id: result.change.id, address: subjectAddress(result.change), kind: result.change.kind, outcome: result.outcome, attempts: result.attempts };
    switch (result.outcome) {
      case 'drifted': {
        const diffs = (result.differences ?? []).map((d) => describeDifference(d, this.words));
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
      case 'waiting':
        this.events.emit({ level: 'info', code: 'CHANGE_WAITING', message: `waiting ${what}: ${result.error ?? ''}`, data });
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

/** The outcomes counted, as apply's progress, totals and run summary say them; `waiting` only when some wait. */
export function describeCounts(counts: OutcomeCounts): string {
  const waiting = counts.waiting > 0 ? `, ${counts.waiting} waiting` : '';
  return `${counts.done} done, ${counts['already-done']} already done, ${counts.drifted} drifted, ${counts.failed} failed, ${counts.skipped} skipped${waiting}`;
}

/** "2 deletions wait for their file transfer": said at the end of a run and in its summary. */
export function describeWaiting(waiting: number): string {
  return waiting === 1 ? '1 deletion waits for its file transfer' : `${waiting} deletions wait for their file transfer`;
}

/**
 * `orgUnitPath: now "/a", plan expected "/b"`: one field that is not as the plan expected, named
 * and shown as the directory has it (a placement of one container as that container, Google's
 * `suspended` the other way round from `enabled`).
 */
export function describeDifference(d: Difference, words: TargetVocabulary): string {
  const shown = (value: unknown): string => {
    if (d.path === PLACEMENT_PATH && Array.isArray(value)) return value.length === 1 ? show(value[0]) : show(value);
    if (d.path === ENABLED_PATH && typeof value === 'boolean' && words.enabled.inverted) return show(!value);
    return show(value);
  };
  const attribute = attributeKeyOf(d.path);
  const field =
    d.path === ADDRESS_PATH ? words.address : d.path === PLACEMENT_PATH ? words.placement : d.path === ENABLED_PATH ? words.enabled.field : (attribute ?? d.path.slice(1).replace(/\//g, '.'));
  return `${field}: now ${shown(d.live)}, plan expected ${shown(d.expected)}`;
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
  if (counts.waiting > 0) {
    events.emit({
      level: 'info',
      code: 'APPLY_WAITING',
      message: `${describeWaiting(counts.waiting)} (see above): planned, not a failure; a later run (of this plan or the next) deletes each once the directory has completed its transfer`,
      data: { waiting: counts.waiting },
    });
  }
  if (passwordsFile !== undefined && counts.done > 0) {
    events.emit({ level: 'info', code: 'PASSWORDS_WRITTEN', message: `initial passwords of new accounts are in ${passwordsFile} (mode 0600): hand them over, then delete the file` });
  }
}
