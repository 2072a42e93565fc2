/**
 * Writes what a record source reads in the CSV fixture format (the file source's four files and
 * headers), record by record and with backpressure, so a large district never sits in memory.
 * Values are written as PowerSchool gave them, faults included: the export replays the same
 * rows and the same issues through the file source. Files are written under temporary names
 * and renamed only when the whole read succeeded, so a failed run never leaves a half export
 * that a later offline plan could mistake for PowerSchool's data.
 */
import type { WriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { privateWriteStream } from '../io/private-file.js';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import path from 'node:path';
import { ErrorCodes, RollcallError } from '../errors.js';
import { formatCsvRow } from './csv.js';
import { POWERSCHOOL_TABLES, TABLE_COLUMNS, type PowerSchoolTable, type RecordSink } from './records.js';
import { lookup } from './row-mapping.js';
import type { SourceIssue } from './rows.js';

/** The files an export holds: the names the file source reads. */
export const exportFileName = (table: PowerSchoolTable): string => `${table}.csv`;

export class CsvExport implements RecordSink {
  readonly counts: Record<PowerSchoolTable, number> = { schools: 0, students: 0, users: 0, schoolstaff: 0 };
  /** Problems with the read itself (not kept in the files). */
  readonly issues: SourceIssue[] = [];

  private constructor(
    private readonly dir: string,
    private readonly streams: Map<PowerSchoolTable, WriteStream>,
    private readonly failure: { error?: Error },
  ) {}

  /** Creates `dir` if needed and opens the four files, each with its header. */
  static async open(dir: string): Promise<CsvExport> {
    try {
      await mkdir(dir, { recursive: true });
    } catch (err) {
      throw writeFailed(dir, err);
    }
    const failure: { error?: Error } = {};
    const streams = new Map<PowerSchoolTable, WriteStream>();
    for (const table of POWERSCHOOL_TABLES) {
      // Student records: private, like a plan.
      const stream = await privateWriteStream(partialPath(dir, table), 'PowerSchool export').catch((err: unknown) => {
        for (const opened of streams.values()) opened.destroy();
        throw err;
      });
      // Kept, not thrown from the event: the next write or commit reports it.
      stream.on('error', (err) => (failure.error ??= err));
      stream.write(formatCsvRow(TABLE_COLUMNS[table]));
      streams.set(table, stream);
    }
    return new CsvExport(dir, streams, failure);
  }

  async record(table: PowerSchoolTable, record: Record<string, unknown>): Promise<void> {
    this.checkWritable();
    const stream = this.streams.get(table)!;
    this.counts[table]++;
    if (!stream.write(formatCsvRow(TABLE_COLUMNS[table].map((column) => asText(lookup(record, column)))))) {
      await Promise.race([once(stream, 'drain'), once(stream, 'error')]).catch(() => undefined);
      this.checkWritable();
    }
  }

  issue(issue: SourceIssue): void {
    this.issues.push(issue);
  }

  /** Finishes every file and gives each its final name. */
  async commit(): Promise<void> {
    try {
      await Promise.all(
        [...this.streams.values()].map((stream) => {
          stream.end();
          return finished(stream);
        }),
      );
      this.check();
      for (const table of POWERSCHOOL_TABLES) await rename(partialPath(this.dir, table), path.join(this.dir, exportFileName(table)));
    } catch (err) {
      throw writeFailed(this.dir, err);
    }
  }

  /** Drops the partial files; what an earlier export left in `dir` stays as it was. */
  async abort(): Promise<void> {
    for (const stream of this.streams.values()) stream.destroy();
    await Promise.all(POWERSCHOOL_TABLES.map((t) => rm(partialPath(this.dir, t), { force: true })));
  }

  private check(): void {
    if (this.failure.error !== undefined) throw this.failure.error;
  }

  private checkWritable(): void {
    if (this.failure.error !== undefined) throw writeFailed(this.dir, this.failure.error);
  }
}

function partialPath(dir: string, table: PowerSchoolTable): string {
  return path.join(dir, `${exportFileName(table)}.partial`);
}

/** A value as the export's text: null as empty, numbers as JavaScript writes them (12, 12.5). */
function asText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function writeFailed(dir: string, err: unknown): RollcallError {
  const code = (err as NodeJS.ErrnoException).code;
  return new RollcallError(ErrorCodes.WRITE_FAILED, `cannot write the export in ${dir} (${code ?? (err as Error).message})`, {
    details: { dir },
    cause: err,
  });
}
