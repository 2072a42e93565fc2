/**
 * The apply journal: `<plan>.journal.jsonl`, one JSON object per line, appended as each change
 * settles, so a run killed half way leaves a record of everything it finished. It is a record
 * for people and tools; a rerun decides from the directory's live state. Two things are read
 * back: which creates this plan's runs sent (`create-sent` lines): a create that meets "already
 * exists" counts as done only if it could have been ours (account-changes.ts); and which
 * offboarding steps they took (`step` lines): a step is taken once, even one the directory cannot
 * show was taken (a sign-out), however often the plan is run (offboarding.ts). `change` lines are
 * never read back: a deletion journaled `waiting` (its file transfer still running) is decided again
 * by the next run from the account and the transfer as they are then.
 * Lines hold change ids, addresses, outcomes and managed-field values: never a password.
 *
 * Written in whole lines only: a line cut off by a crash or a full disk is cut back off before
 * the next line is written (at once when the write fails, else when the journal is next opened).
 * The file is private (mode 0600, never a link), and only the holder of the target's lock opens it.
 */
import { LineFile } from '../io/line-file.js';
import type { FileWriter } from '../io/private-file.js';
import type { OffboardingStep } from '../model/lifecycle.js';
import { groupOf, subjectAddress } from '../plan/change-subject.js';
import type { ChangeKind } from '../plan/types.js';
import type { ChangeResult, Difference, Outcome, OutcomeCounts } from './outcome.js';

export interface RunStartedLine {
  type: 'run-started';
  ts: string;
  planDigest: string;
  plan: string;
  /** The target's kind (google) and identity (the Google domain, an Entra tenant). */
  target: string;
  domain: string;
  pid: number;
  host: string;
  /** This run's id, as the lock names its holder. */
  runId?: string;
  /** Changes this run will try (after --only / --exclude). */
  changes: number;
  flags: Record<string, unknown>;
  /** The holds a person chose to override with --override-holds (or by an approval). */
  holdsOverridden?: string[];
  /** The approvals apply checked, when the plan has any. */
  approvals?: Array<{ by: string; at: string; key: string }>;
}

/** Written just before a create is sent: the evidence that an account found later could be this plan's. */
export interface CreateSentLine {
  type: 'create-sent';
  ts: string;
  planDigest: string;
  id: string;
  address: string;
}

export interface ChangeLine {
  type: 'change';
  ts: string;
  planDigest: string;
  id: string;
  /** The account's address, or for a group change the member's (the group's own for create-group and delete-group). */
  address: string;
  kind: ChangeKind;
  /** For group removals and group changes: the group. */
  group?: string;
  /** For licence changes. */
  licence?: string;
  outcome: Outcome;
  attempts: number;
  error?: string;
  differences?: Difference[];
}

/** One offboarding step of a suspending change, as it went. */
export interface StepLine {
  type: 'step';
  ts: string;
  planDigest: string;
  /** The change the step is part of. */
  id: string;
  address: string;
  step: OffboardingStep;
  outcome: Outcome;
  attempts: number;
  error?: string;
}

export interface RunFinishedLine {
  type: 'run-finished';
  ts: string;
  planDigest: string;
  counts: OutcomeCounts;
  /** Why the run stopped early, when it did. */
  stopped?: string;
}

export type JournalLine = RunStartedLine | CreateSentLine | ChangeLine | StepLine | RunFinishedLine;

export interface JournalOptions {
  now?: () => Date;
  onWarning?: (message: string) => void;
  /** For tests: a writer that fails part way, as a full disk does. */
  write?: FileWriter;
}

export class Journal {
  private constructor(
    private readonly lines: LineFile,
    private readonly planDigest: string,
    /** Addresses this plan's earlier runs sent a create for. */
    private readonly createsSent: Set<string>,
    /** `<change id> <step>` of the offboarding steps this plan's runs took. */
    private readonly stepsTaken: Set<string>,
    private readonly now: () => Date,
  ) {}

  get file(): string {
    return this.lines.file;
  }

  static async open(file: string, planDigest: string, options: JournalOptions = {}): Promise<Journal> {
    const lines = await LineFile.open(file, {
      what: 'apply journal',
      ...(options.onWarning ? { onWarning: options.onWarning } : {}),
      ...(options.write ? { write: options.write } : {}),
    });
    const createsSent = new Set<string>();
    const stepsTaken = new Set<string>();
    for (const line of lines.initialText.split('\n')) {
      if (!line.includes('"create-sent"') && !line.includes('"step"')) continue;
      try {
        const parsed = JSON.parse(line) as Partial<CreateSentLine> | Partial<StepLine>;
        if (parsed.planDigest !== planDigest) continue;
        if (parsed.type === 'create-sent' && typeof parsed.address === 'string') createsSent.add(parsed.address.toLowerCase());
        if (parsed.type === 'step' && (parsed.outcome === 'done' || parsed.outcome === 'already-done')) stepsTaken.add(stepKey(String(parsed.id), String(parsed.step)));
      } catch {
        // not a line of ours: nothing to learn from it
      }
    }
    return new Journal(lines, planDigest, createsSent, stepsTaken, options.now ?? (() => new Date()));
  }

  /** Whether a run of this plan (this one included) took this offboarding step of this change. */
  stepTaken(changeId: string, step: OffboardingStep): boolean {
    return this.stepsTaken.has(stepKey(changeId, step));
  }

  async step(line: Omit<StepLine, 'type' | 'ts' | 'planDigest'>): Promise<void> {
    await this.write({ type: 'step', ts: this.ts(), planDigest: this.planDigest, ...line });
    if (line.outcome === 'done' || line.outcome === 'already-done') this.stepsTaken.add(stepKey(line.id, line.step));
  }

  /** Whether an earlier run of this plan sent a create for `address` (its outcome unknown to this run). */
  sentCreateBefore(address: string): boolean {
    return this.createsSent.has(address.toLowerCase());
  }

  async started(fields: Omit<RunStartedLine, 'type' | 'ts' | 'planDigest'>): Promise<void> {
    await this.write({ type: 'run-started', ts: this.ts(), planDigest: this.planDigest, ...fields });
  }

  async createSent(id: string, address: string): Promise<void> {
    await this.write({ type: 'create-sent', ts: this.ts(), planDigest: this.planDigest, id, address });
  }

  async change(result: ChangeResult): Promise<void> {
    const { change } = result;
    const line: ChangeLine = {
      type: 'change',
      ts: this.ts(),
      planDigest: this.planDigest,
      id: change.id,
      address: subjectAddress(change),
      kind: change.kind,
      ...(groupOf(change) !== undefined ? { group: groupOf(change) } : {}),
      ...(change.kind === 'assign-licence' || change.kind === 'remove-licence' ? { licence: change.licence } : {}),
      outcome: result.outcome,
      attempts: result.attempts,
      ...(result.error !== undefined ? { error: result.error } : {}),
      ...(result.differences !== undefined && result.differences.length > 0 ? { differences: result.differences } : {}),
    };
    await this.write(line);
  }

  async finished(counts: OutcomeCounts, stopped?: string): Promise<void> {
    await this.write({ type: 'run-finished', ts: this.ts(), planDigest: this.planDigest, counts, ...(stopped !== undefined ? { stopped } : {}) });
  }

  close(): Promise<void> {
    return this.lines.close();
  }

  private ts(): string {
    return this.now().toISOString();
  }

  private write(line: JournalLine): Promise<void> {
    return this.lines.append(`${JSON.stringify(line)}\n`);
  }
}

function stepKey(changeId: string, step: string): string {
  return `${changeId} ${step}`;
}
