/** What a command may touch: the streams and environment, given in so tests can run commands in-process. */
export interface CliContext {
  stdout: { write(s: string): unknown; isTTY?: boolean };
  stderr: { write(s: string): unknown; isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  /** Set by a command to report its outcome (0 ok, 1 error, 2 changes with --detailed-exitcode). */
  exitCode: number;
}
