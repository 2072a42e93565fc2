/**
 * A private file written in whole lines (the apply journal, the passwords handoff): appended
 * one write at a time in order, and never grown onto a torn line. A line cut off by a crash or
 * a full disk is cut back off: at once when the write fails, or when the file is next opened.
 * If even that fails, nothing more is appended.
 */
import type { FileHandle } from 'node:fs/promises';
import { ErrorCodes, RollcallError } from '../errors.js';
import { dropTornTail, openPrivateAppend, writeAll, writeFileAtomic, type FileWriter } from './private-file.js';

export interface LineFileOptions {
  /** What the file is, for messages: "apply journal". */
  what: string;
  /** Why it is private, for the warning when it was not. */
  why?: string;
  onWarning?: (message: string) => void;
  /** For tests: a writer that fails part way, as a full disk does. */
  write?: FileWriter;
}

export class LineFile {
  private queue: Promise<void> = Promise.resolve();
  /** Set when a torn line could not be cut back off. */
  private broken: RollcallError | undefined;

  private constructor(
    readonly file: string,
    private handle: FileHandle,
    /** Bytes of whole lines in the file. */
    private length: number,
    /** The file's whole lines when it was opened. */
    readonly initialText: string,
    private readonly options: LineFileOptions,
  ) {}

  static async open(file: string, options: LineFileOptions): Promise<LineFile> {
    const handle = await openPrivateAppend(file, {
      what: options.what,
      ...(options.why !== undefined ? { why: options.why } : {}),
      ...(options.onWarning ? { onWarning: options.onWarning } : {}),
    });
    try {
      const { length, dropped } = await dropTornTail(handle);
      if (dropped > 0) {
        options.onWarning?.(`${file}: its last line was cut off (${dropped} bytes, from a crash or a full disk during a write) and has been dropped; the lines before it are kept`);
      }
      return new LineFile(file, handle, length, await handle.readFile('utf8'), options);
    } catch (err) {
      await handle.close().catch(() => undefined);
      throw writeError(file, options.what, err);
    }
  }

  /** Appends whole lines (`text` ends with a newline); `sync` flushes them to disk before resolving. */
  append(text: string, sync = false): Promise<void> {
    return this.inTurn(async () => {
      if (this.broken) throw this.broken;
      try {
        await (this.options.write ?? writeAll)(this.handle, text);
        this.length += Buffer.byteLength(text);
        if (sync) await this.handle.sync();
      } catch (err) {
        const failure = writeError(this.file, this.options.what, err);
        // A part of the line may have reached the file: cut it back off before anything else is written.
        await this.handle.truncate(this.length).catch(() => {
          this.broken = failure;
        });
        throw failure;
      }
    });
  }

  /** Replaces the whole file (a temporary file and a rename), then appends after the new content. */
  replace(text: string): Promise<void> {
    return this.inTurn(async () => {
      await writeFileAtomic(this.file, text, { what: this.options.what });
      await this.handle.close().catch(() => undefined);
      this.handle = await openPrivateAppend(this.file, { what: this.options.what });
      this.length = Buffer.byteLength(text);
      this.broken = undefined;
    });
  }

  async close(): Promise<void> {
    await this.queue;
    await this.handle.sync().catch(() => undefined);
    await this.handle.close();
  }

  private inTurn(work: () => Promise<void>): Promise<void> {
    const next = this.queue.then(work);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

function writeError(file: string, what: string, err: unknown): RollcallError {
  if (err instanceof RollcallError) return err;
  return new RollcallError(ErrorCodes.WRITE_FAILED, `${file}: cannot write the ${what} (${(err as NodeJS.ErrnoException).code ?? String(err)})`, {
    details: { file },
  });
}
