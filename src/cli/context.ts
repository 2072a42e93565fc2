import type { LogSink } from './log-sink.js';

/** What a command may touch: the streams and environment, given in so tests can run commands in-process. */
export interface CliContext {
  stdout: { write(s: string): unknown; isTTY?: boolean; columns?: number };
  stderr: { write(s: string): unknown; isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  /** Set by a command to report its outcome (0 ok, 1 error, 2 changes and 3 held with --detailed-exitcode). */
  exitCode: number;
  /** The clock for log timestamps (tests fix it). */
  now?: () => Date;
}

/** What a command's handler gets: the context, and the log its global options (--quiet, --log-format) chose. */
export interface CommandContext extends CliContext {
  log: LogSink;
}
