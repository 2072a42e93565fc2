/**
 * The apply journal: `<plan>.journal.jsonl`, one JSON object per line, appended as each change
 * settles, so a run killed half way leaves a record of everything it finished. It is a record
 * for people and tools, not state: a rerun decides from Google's live state, never from here.
 * Lines hold change ids, addresses, outcomes and managed-field values: never a password.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { ErrorCodes, RollcallError } from '../errors.js';
import type { ChangeKind } from '../plan/types.js';
import type { ChangeResult, Difference, Outcome, OutcomeCounts } from './outcome.js';

export interface RunStartedLine {
  type: 'run-started';
  ts: string;
  planDigest: string;
  plan: string;
  domain: string;
  pid: number;
  host: string;
  /** Changes this run will try (after --only / --exclude). */
  changes: number;
  flags: Record<string, unknown>;
  /** The holds a person chose to override with --override-holds. */
  holdsOverridden?: string[];
}

export interface ChangeLine {
  type: 'change';
  ts: string;
  planDigest: string;
  id: string;
  address: string;
  kind: ChangeKind;
  /** For group removals. */
  group?: string;
  outcome: Outcome;
  attempts: number;
  error?: string;
  differences?: Difference[];
}

export interface RunFinishedLine {
  type: 'run-finished';
  ts: string;
  planDigest: string;
  counts: OutcomeCounts;
  /** Why the run stopped early, when it did. */
  stopped?: string;
}

export type JournalLine = RunStartedLine | ChangeLine | RunFinishedLine;

export class Journal {
  private queue: Promise<void> = Promise.resolve();

  private constructor(
    readonly file: string,
    private readonly handle: FileHandle,
    private readonly planDigest: string,
    private readonly now: () => Date,
  ) {}

  static async open(file: string, planDigest: string, now: () => Date = () => new Date()): Promise<Journal> {
    try {
      return new Journal(file, await open(file, 'a', 0o644), planDigest, now);
    } catch (err) {
      throw writeError(file, err);
    }
  }

  async started(fields: Omit<RunStartedLine, 'type' | 'ts' | 'planDigest'>): Promise<void> {
    await this.write({ type: 'run-started', ts: this.ts(), planDigest: this.planDigest, ...fields });
  }

  async change(result: ChangeResult): Promise<void> {
    const { change } = result;
    const line: ChangeLine = {
      type: 'change',
      ts: this.ts(),
      planDigest: this.planDigest,
      id: change.id,
      address: change.address,
      kind: change.kind,
      ...(change.kind === 'remove-from-group' ? { group: change.group } : {}),
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

  async close(): Promise<void> {
    await this.handle.sync().catch(() => undefined);
    await this.handle.close();
  }

  private ts(): string {
    return this.now().toISOString();
  }

  /** Writes one line at a time, in order: concurrent writes to one handle are not safe. */
  private write(line: JournalLine): Promise<void> {
    const text = `${JSON.stringify(line)}\n`;
    const next = this.queue.then(() => this.handle.appendFile(text, 'utf8'));
    this.queue = next.catch(() => undefined);
    return next.catch((err: unknown) => {
      throw writeError(this.file, err);
    });
  }
}

function writeError(file: string, err: unknown): RollcallError {
  return new RollcallError(ErrorCodes.WRITE_FAILED, `${file}: cannot write the apply journal (${(err as NodeJS.ErrnoException).code ?? String(err)})`, {
    details: { file },
  });
}
