/**
 * One apply per domain at a time on this machine: a lock file `rollcall-apply-<domain>.lock`
 * in the lock directory (ROLLCALL_LOCK_DIR, default the OS temp dir, so applies of plans kept
 * in different folders still exclude each other), created with O_EXCL and holding who took it.
 * A lock whose holder ran on this host and whose pid is no longer alive (a run that was killed)
 * is stale and taken over automatically, with a warning; any other held lock is refused with
 * LOCKED naming the holder. `--break-lock` takes the lock whoever holds it.
 */
import { open, readFile, unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ErrorCodes, RollcallError } from '../errors.js';

export interface LockHolder {
  pid: number;
  host: string;
  /** ISO time the holder took the lock. */
  started: string;
  plan: string;
  domain: string;
}

export interface ApplyLock {
  readonly file: string;
  release(): Promise<void>;
}

export interface LockOptions {
  domain: string;
  plan: string;
  dir: string;
  breakLock: boolean;
  onWarning: (message: string) => void;
  /** For tests; default this process and host. */
  pid?: number;
  host?: string;
  now?: () => Date;
  /** Whether a pid is running on this host; default a signal-0 probe. */
  isAlive?: (pid: number) => boolean;
}

export function lockDirectory(env: Record<string, string | undefined>): string {
  const dir = env.ROLLCALL_LOCK_DIR?.trim();
  return dir ? path.resolve(dir) : os.tmpdir();
}

export function lockFileFor(dir: string, domain: string): string {
  return path.join(dir, `rollcall-apply-${domain.toLowerCase().replace(/[^a-z0-9.-]/g, '_')}.lock`);
}

export async function acquireApplyLock(options: LockOptions): Promise<ApplyLock> {
  const file = lockFileFor(options.dir, options.domain);
  const me: LockHolder = {
    pid: options.pid ?? process.pid,
    host: options.host ?? os.hostname(),
    started: (options.now ?? (() => new Date()))().toISOString(),
    plan: options.plan,
    domain: options.domain,
  };
  const isAlive = options.isAlive ?? pidIsAlive;

  // Another try follows removing a stale or broken lock, or a lock released as we looked at it.
  let broken = false;
  for (let attempt = 1; attempt <= 5; attempt++) {
    if (await tryCreate(file, me)) return { file, release: () => release(file, me) };
    const holder = await readHolder(file);
    if (holder === 'gone') continue;
    const stale = holder !== 'unreadable' && holder.host === me.host && holder.pid !== me.pid && !isAlive(holder.pid);
    if (!broken && (options.breakLock || stale)) {
      broken = true;
      options.onWarning(
        `${stale ? 'took over a stale lock' : 'broke the lock'} ${file}${holder === 'unreadable' ? '' : ` held by ${describeHolder(holder)}`}${stale ? ' (that process is no longer running)' : ''}`,
      );
      await unlink(file).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') throw lockError(file, err);
      });
      continue;
    }
    throw new RollcallError(
      ErrorCodes.LOCKED,
      `another apply for ${options.domain} holds the lock ${file}${holder === 'unreadable' ? ' (its content is unreadable)' : `: ${describeHolder(holder)}`}. Wait for it to finish; if it is no longer running, run apply again with --break-lock (or delete the lock file)`,
      { details: { file, ...(holder === 'unreadable' ? {} : { holder }) } },
    );
  }
  throw new RollcallError(ErrorCodes.LOCKED, `${file}: the apply lock keeps changing hands; try again`, { details: { file } });
}

function describeHolder(h: LockHolder): string {
  return `pid ${h.pid} on ${h.host}, started ${h.started}, applying ${h.plan}`;
}

async function tryCreate(file: string, me: LockHolder): Promise<boolean> {
  try {
    const handle = await open(file, 'wx', 0o644);
    try {
      await handle.writeFile(`${JSON.stringify(me)}\n`, 'utf8');
    } finally {
      await handle.close();
    }
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw lockError(file, err);
  }
}

async function readHolder(file: string): Promise<LockHolder | 'unreadable' | 'gone'> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    return 'unreadable';
  }
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    if (typeof value.pid === 'number' && typeof value.host === 'string') {
      return { pid: value.pid, host: value.host, started: String(value.started), plan: String(value.plan), domain: String(value.domain) };
    }
  } catch {
    // fall through: a lock someone truncated or wrote by hand
  }
  return 'unreadable';
}

/** Removes the lock only if it is still ours (someone may have broken it meanwhile). */
async function release(file: string, me: LockHolder): Promise<void> {
  const holder = await readHolder(file);
  if (holder === 'gone' || holder === 'unreadable' || holder.pid !== me.pid || holder.host !== me.host || holder.started !== me.started) return;
  await unlink(file).catch(() => undefined);
}

function pidIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function lockError(file: string, err: unknown): RollcallError {
  return new RollcallError(ErrorCodes.WRITE_FAILED, `${file}: cannot take the apply lock (${(err as NodeJS.ErrnoException).code ?? String(err)})`, {
    details: { file },
  });
}
