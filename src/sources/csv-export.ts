/**
 * Writes what a record source reads in the CSV fixture format (the file source's files and
 * headers: the four account tables, and the class tables when the source reads them), record by record and with backpressure, so a large district never sits in memory.
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
import { lookup } from './field-reader.js';
import {
  ACCOUNT_TABLES_ONLY,
  columnsRead,
  tableFileName,
  tablesRead,
  type PowerSchoolTable,
  type RecordSink,
  type TableSelection,
} from './records.js';
import type { SourceIssue } from './rows.js';

export class CsvExport implements RecordSink {
  /** Records written, per table. */
  readonly counts: Partial<Record<PowerSchoolTable, number>>;
  /** Problems with the read itself (not kept in the files). */
  readonly issues: SourceIssue[] = [];

  private constructor(
    private readonly dir: string,
    private readonly tables: PowerSchoolTable[],
    private readonly columns: Map<PowerSchoolTable, readonly string[]>,
    private readonly streams: Map<PowerSchoolTable, WriteStream>,
    private readonly failure: { error?: Error },
  ) {
    this.counts = Object.fromEntries(tables.map((t) => [t, 0]));
  }

  /** Creates `dir` if needed and opens a file for each table `selection` reads, each with its header. */
  static async open(dir: string, selection: TableSelection = ACCOUNT_TABLES_ONLY): Promise<CsvExport> {
    try {
      await mkdir(dir, { recursive: true });
    } catch (err) {
      throw writeFailed(dir, err);
    }
    const failure: { error?: Error } = {};
    const tables = tablesRead(selection);
    const columns = new Map(tables.map((t) => [t, columnsRead(t, selection)] as const));
    const streams = new Map<PowerSchoolTable, WriteStream>();
    for (const table of tables) {
      // Student records: private, like a plan.
      const stream = await privateWriteStream(partialPath(dir, table), 'PowerSchool export').catch((err: unknown) => {
        for (const opened of streams.values()) opened.destroy();
        throw err;
      });
      // Kept, not thrown from the event: the next write or commit reports it.
      stream.on('error', (err) => (failure.error ??= err));
      stream.write(formatCsvRow(columns.get(table)!));
      streams.set(table, stream);
    }
    return new CsvExport(dir, tables, columns, streams, failure);
  }

  async record(table: PowerSchoolTable, record: Record<string, unknown>): Promise<void> {
    this.checkWritable();
    const stream = this.streams.get(table);
    if (stream === undefined) throw new RollcallError(ErrorCodes.INTERNAL, `export-source got a ${table} record it has no file for`);
    this.counts[table] = (this.counts[table] ?? 0) + 1;
    if (!stream.write(formatCsvRow(this.columns.get(table)!.map((column) => asText(lookup(record, column)))))) {
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
      for (const table of this.tables) await rename(partialPath(this.dir, table), path.join(this.dir, tableFileName(table)));
    } catch (err) {
      throw writeFailed(this.dir, err);
    }
  }

  /** Drops the partial files; what an earlier export left in `dir` stays as it was. */
  async abort(): Promise<void> {
    for (const stream of this.streams.values()) stream.destroy();
    await Promise.all(this.tables.map((t) => rm(partialPath(this.dir, t), { force: true })));
  }

  private check(): void {
    if (this.failure.error !== undefined) throw this.failure.error;
  }

  private checkWritable(): void {
    if (this.failure.error !== undefined) throw writeFailed(this.dir, this.failure.error);
  }
}

function partialPath(dir: string, table: PowerSchoolTable): string {
  return path.join(dir, `${tableFileName(table)}.partial`);
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
