/**
 * Reading and writing files that hold credentials (service-account keys, OAuth client secrets,
 * refresh tokens). Errors name the file and what was expected, never what it contains: even a
 * JSON parse error can quote the text it choked on.
 */
import { mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { ErrorCodes, RollcallError } from '../errors.js';
import { writeFileAtomic } from './private-file.js';

export interface SecretJson {
  json: Record<string, unknown>;
  /** Set when the file is open to group or others. */
  warning?: string;
}

/** Reads a JSON credential file; AUTH error (naming the file) if it is missing, unreadable or not a JSON object. */
export async function readSecretJson(file: string, what: string): Promise<SecretJson> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unreadable';
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code;
    throw new RollcallError(ErrorCodes.AUTH, `${file}: cannot read ${what} (${why})`, { details: { file } });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new RollcallError(ErrorCodes.AUTH, `${file}: not a ${what} (not valid JSON)`, { details: { file } });
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new RollcallError(ErrorCodes.AUTH, `${file}: not a ${what} (expected a JSON object)`, { details: { file } });
  }
  const warning = await permissionWarning(file, what);
  return warning === undefined ? { json: json as Record<string, unknown> } : { json: json as Record<string, unknown>, warning };
}

/** A warning when a credential file can be read or changed by group or others (POSIX only). */
export async function permissionWarning(file: string, what: string): Promise<string | undefined> {
  if (process.platform === 'win32') return undefined;
  try {
    const mode = (await stat(file)).mode & 0o777;
    if ((mode & 0o077) === 0) return undefined;
    return `${file}: ${what} is accessible to group/others (mode ${mode.toString(8).padStart(4, '0')}); run chmod 600 on it`;
  } catch {
    return undefined;
  }
}

/**
 * Writes a credential file with mode 0600, atomically (temp file + rename), so no reader sees half
 * a token, and never through a link (a token.json planted as a link would receive the token).
 */
export async function writeSecretJson(file: string, value: unknown): Promise<void> {
  try {
    await mkdir(path.dirname(file), { recursive: true });
  } catch (err) {
    throw new RollcallError(ErrorCodes.WRITE_FAILED, `${file}: cannot write the token file (${(err as NodeJS.ErrnoException).code ?? 'error'})`, {
      details: { file },
    });
  }
  await writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`, { what: 'token file' });
}
