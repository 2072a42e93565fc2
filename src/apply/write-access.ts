/**
 * Apply's hold on the target's writer: the freshness bound every write is sent under (a write
 * whose read has grown older than `apply.freshnessSeconds` is not sent: StaleRead is thrown for
 * the caller to read again and decide again), and what a failed call means, in the target's
 * words. Anything the writer does not recognise as its own failure is a bug, and is thrown on.
 */
import type { BeforeSend, DirectoryFailure, DirectoryWriter } from '../model/directory-port.js';

/** A write was not sent: the read it was decided on is older than the freshness bound. */
export class StaleRead extends Error {
  constructor(readonly ageMs: number) {
    super(`the account was read ${Math.round(ageMs / 1000)} s ago`);
    this.name = 'StaleRead';
  }
}

export class WriteAccess {
  constructor(
    readonly writer: DirectoryWriter,
    /** No write is sent on a read older than this (config apply.freshnessSeconds). */
    readonly freshnessMs: number,
    /** The directory, as a person names it: "Google". */
    readonly directory: string,
  ) {}

  /** The clock reads and writes are timed on. */
  now(): number {
    return this.writer.now();
  }

  /** Whether a read made at `readAt` may still be acted on. */
  isFresh(readAt: number): boolean {
    return this.now() - readAt <= this.freshnessMs;
  }

  /** The check before each attempt of a write decided on a read made at `readAt`; `sending` runs after it (the journal's create-sent line). */
  guard(readAt: number, sending?: () => Promise<void>): BeforeSend {
    return async () => {
      const age = this.now() - readAt;
      if (age > this.freshnessMs) throw new StaleRead(age);
      await sending?.();
    };
  }

  /** A failed call of the writer, classified; anything else (a bug) is thrown on, never recorded as a failed change. */
  failure(err: unknown): DirectoryFailure {
    const failure = this.writer.classify(err);
    if (failure === null) throw err;
    return failure;
  }
}
