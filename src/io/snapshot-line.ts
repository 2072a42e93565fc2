import { ErrorCodes, RollcallError } from '../errors.js';

/** Fails naming the snapshot file and line, and why. */
export type LineFailure = (why: string) => never;

/**
 * One line of a snapshot file (JSON Lines) as a JSON object, with the way to refuse it; a line
 * that is not a JSON object is refused at once. Every error names the file and line.
 */
export function snapshotLine(line: string, file: string, lineNo: number): { value: Record<string, unknown>; fail: LineFailure } {
  const fail: LineFailure = (why) => {
    throw new RollcallError(ErrorCodes.SNAPSHOT_INVALID, `${file} line ${lineNo}: ${why}`, { details: { file, line: lineNo } });
  };
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    return fail(`not valid JSON (${(err as Error).message})`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return fail('expected a JSON object');
  return { value: value as Record<string, unknown>, fail };
}
