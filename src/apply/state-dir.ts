/**
 * rollcall's state directory: where the apply lock lives. `apply.stateDir` in the config
 * (relative to the config file), else `.rollcall` in the plan's directory, so that every run of
 * the nightly job, whatever its TMPDIR or systemd's PrivateTmp, sees the same lock. It must be
 * a real directory (not a link), owned by the user rollcall runs as, and writable by nobody
 * else: anyone who could write there could plant a lock that blocks every apply. Created 0700
 * when missing.
 */
import { lstat, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { ErrorCodes, RollcallError } from '../errors.js';

export const DEFAULT_STATE_DIR = '.rollcall';

/** Where the state directory is for this config and plan. */
export function stateDirectory(configured: string | null, configDir: string, planFile: string): string {
  return configured !== null ? path.resolve(configDir, configured) : path.join(path.dirname(path.resolve(planFile)), DEFAULT_STATE_DIR);
}

/** Creates the directory (0700) if missing, and refuses one that others could write to or that is not ours. */
export async function ensureStateDirectory(dir: string): Promise<void> {
  const found = await lstat(dir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw stateError(dir, `cannot use it (${err.code ?? String(err)})`);
  });
  if (found === undefined) {
    try {
      await mkdir(dir, { mode: 0o700 });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw stateError(dir, `cannot create it (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
    return ensureStateDirectory(dir);
  }
  if (found.isSymbolicLink()) throw unsafe(dir, 'is a symbolic link; give apply.stateDir the real directory');
  if (!found.isDirectory()) throw unsafe(dir, 'is not a directory');
  const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
  if (uid === undefined) return;
  if (found.uid !== uid) throw unsafe(dir, `belongs to another user (uid ${found.uid}; rollcall runs as ${uid}): use a directory of rollcall's own user (apply.stateDir)`);
  if ((found.mode & 0o022) !== 0) {
    throw unsafe(dir, `can be written by group or others (mode ${(found.mode & 0o777).toString(8).padStart(4, '0')}), who could then block or break the apply lock: run chmod 700 on it`);
  }
}

function unsafe(dir: string, why: string): RollcallError {
  return new RollcallError(ErrorCodes.UNSAFE_FILE, `the state directory ${dir} ${why}`, { details: { file: dir } });
}

function stateError(dir: string, why: string): RollcallError {
  return new RollcallError(ErrorCodes.WRITE_FAILED, `the state directory ${dir}: ${why}`, { details: { file: dir } });
}
