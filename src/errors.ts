/**
 * The one error type rollcall throws on purpose. Every error carries a stable code (for tests,
 * logs and docs), a message that names the file, row or field at fault, and whether the user
 * (bad input) or the tool (a bug, an outage) is at fault: the CLI prints user errors without a
 * stack trace.
 */

/** Who has to act: `user` errors are fixed by changing input; `tool` errors are bugs or outages. */
export type Fault = 'user' | 'tool';

export const ErrorCodes = {
  /** Config file missing, unreadable, not JSON/YAML, or failing its schema. */
  CONFIG_INVALID: 'CONFIG_INVALID',
  /** A source file (CSV export) missing, unreadable or malformed as a whole. */
  SOURCE_INVALID: 'SOURCE_INVALID',
  /** A Google snapshot file missing or malformed. */
  SNAPSHOT_INVALID: 'SNAPSHOT_INVALID',
  /** A plan file missing, malformed, of another format version, or hand-edited. */
  PLAN_INVALID: 'PLAN_INVALID',
  /** A plan that cannot be applied here (other config, other domain, held, stale). */
  PLAN_REFUSED: 'PLAN_REFUSED',
  /** Another apply holds the lock for this domain. */
  LOCKED: 'LOCKED',
  /** Command-line usage error (bad flag value). */
  USAGE: 'USAGE',
  /** Google credentials missing or unusable. */
  AUTH: 'AUTH',
  /** The Google Directory API answered with an error we could not recover from. */
  GOOGLE_API: 'GOOGLE_API',
  /** Microsoft Graph (Entra ID) answered with an error we could not recover from. */
  GRAPH_API: 'GRAPH_API',
  /** PowerSchool (Oracle or REST) could not be read. */
  POWERSCHOOL: 'POWERSCHOOL',
  /** A file could not be written. */
  WRITE_FAILED: 'WRITE_FAILED',
  /**
   * A file or directory rollcall keeps private (plan, journal, passwords, lock, state directory)
   * is a symbolic link, belongs to another user, or is open to others: refused, never followed.
   */
  UNSAFE_FILE: 'UNSAFE_FILE',
  /** A bug: an invariant the code relies on did not hold. */
  INTERNAL: 'INTERNAL',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

export interface RollcallErrorOptions {
  fault?: Fault;
  /** Structured detail for JSON output and tests (file, row, field, path...). Never secrets. */
  details?: Record<string, unknown>;
  cause?: unknown;
}

export class RollcallError extends Error {
  readonly code: ErrorCode;
  readonly fault: Fault;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options: RollcallErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'RollcallError';
    this.code = code;
    this.fault = options.fault ?? (code === ErrorCodes.INTERNAL ? 'tool' : 'user');
    this.details = options.details ?? {};
  }
}

export function isRollcallError(err: unknown): err is RollcallError {
  return err instanceof RollcallError;
}
