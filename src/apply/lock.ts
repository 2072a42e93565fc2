/**
 * One apply per domain at a time: a lock in rollcall's state directory (state-dir.ts), naming
 * its holder by host, pid and run id. The "domain" is the plan's target identity (a Google
 * domain, an Entra tenant): kept as the word, and the file name, that locks already in use have,
 * so a Google run and an Entra run on the same identity wait for each other (harmless: they
 * would be applying one district's changes).
 *
 * The lock is a numbered series of files, `apply-<domain>.lock.<n>`; the highest number is the
 * lock's state: a holder, or "released". A new state is made by writing it to a temporary
 * file and hard-linking that as the next number (link fails if the number exists), so:
 * - taking a free lock and taking over a stale one are the same single atomic step: of any
 *   number of processes that saw the same state, exactly one gets the next number;
 * - nobody ever sees a half-written lock (the content is complete before the link);
 * - a late taker that saw an old state gets a number someone already superseded and backs off,
 *   since a higher number exists.
 * Releasing links a "released" state above the holder's (numbers never restart), and older
 * numbers are removed by whoever takes the lock next.
 *
 * A holder on this host whose process is gone (or whose pid now belongs to a process started
 * later) is stale and taken over with a warning; a holder elsewhere, or a lock file whose
 * content is not rollcall's, is refused with LOCKED and what to do: `--break-lock` takes the
 * lock whoever holds it. Lock files are never followed as links and must be ours.
 */
import { randomUUID } from 'node:crypto';
import { constants, readFileSync } from 'node:fs';
import { link, open, readdir, unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ErrorCodes, RollcallError } from '../errors.js';
import { openNoFollow, PRIVATE_MODE } from '../io/private-file.js';

export interface LockHolder {
  pid: number;
  host: string;
  /** The apply run's id (also in its journal's run-started line). */
  runId: string;
  /** ISO time the holder took the lock. */
  started: string;
  plan: string;
  domain: string;
  /** The holder process's start time (Linux), so a reused pid is not taken for the holder. */
  pidStart?: string;
}

export interface ApplyLock {
  readonly file: string;
  readonly holder: LockHolder;
  release(): Promise<void>;
}

export interface LockOptions {
  domain: string;
  plan: string;
  /** The state directory (already checked by ensureStateDirectory). */
  dir: string;
  breakLock: boolean;
  onWarning: (message: string) => void;
  /** For tests; default a fresh id, this process and host. */
  runId?: string;
  pid?: number;
  host?: string;
  now?: () => Date;
  /** Whether a holder on this host is still running; default a signal-0 probe plus its start time. */
  isAlive?: (holder: LockHolder) => boolean;
}

type LockState = LockHolder | 'released' | 'unreadable' | 'gone';

const TAKE_ATTEMPTS = 20;

export function lockPrefix(domain: string): string {
  return `apply-${domain.toLowerCase().replace(/[^a-z0-9.-]/g, '_')}.lock.`;
}

/** The lock's current state file (the highest number), or undefined when no apply ever locked here. */
export async function currentLockFile(dir: string, domain: string): Promise<string | undefined> {
  const [top] = await lockNumbers(dir, domain);
  return top === undefined ? undefined : path.join(dir, `${lockPrefix(domain)}${top}`);
}

/** Who holds the lock now: a holder, or undefined when it is free. */
export async function currentLockHolder(dir: string, domain: string): Promise<LockHolder | 'unreadable' | undefined> {
  const file = await currentLockFile(dir, domain);
  if (file === undefined) return undefined;
  const state = await readState(file);
  return state === 'released' || state === 'gone' ? undefined : state;
}

export async function acquireApplyLock(options: LockOptions): Promise<ApplyLock> {
  const me: LockHolder = {
    pid: options.pid ?? process.pid,
    host: options.host ?? os.hostname(),
    runId: options.runId ?? randomUUID(),
    started: (options.now ?? (() => new Date()))().toISOString(),
    plan: options.plan,
    domain: options.domain,
  };
  if (options.pid === undefined) {
    const start = processStart(me.pid);
    if (start !== undefined) me.pidStart = start;
  }
  const isAlive = options.isAlive ?? holderIsRunning;
  const prefix = lockPrefix(options.domain);
  const fileOf = (n: number) => path.join(options.dir, `${prefix}${n}`);
  /** --break-lock breaks the holder seen first, not whoever took the lock meanwhile. */
  let breakable: string | undefined;

  for (let attempt = 1; attempt <= TAKE_ATTEMPTS; attempt++) {
    const [top] = await lockNumbers(options.dir, options.domain);
    let next = 1;
    let takeover: string | undefined;
    if (top !== undefined) {
      const file = fileOf(top);
      const state = await readState(file);
      if (state === 'gone') continue;
      next = top + 1;
      if (state !== 'released') {
        const stale = state !== 'unreadable' && state.host === me.host && !isAlive(state);
        const id = state === 'unreadable' ? `unreadable:${top}` : state.runId;
        if (options.breakLock && breakable === undefined) breakable = id;
        if (!stale && breakable !== id) throw held(options.domain, file, state);
        takeover = stale
          ? `took over a stale lock ${file} held by ${describeHolder(state as LockHolder)} (that process is no longer running)`
          : `broke the lock ${file}${state === 'unreadable' ? ' (its content was not a rollcall lock)' : ` held by ${describeHolder(state)}`}`;
      }
    }
    if (!(await linkState(options.dir, fileOf(next), me))) continue;
    // A higher number means this take came late (it saw a state already superseded): back off.
    const [highest] = await lockNumbers(options.dir, options.domain);
    if (highest !== next) {
      await unlink(fileOf(next)).catch(() => undefined);
      continue;
    }
    if (takeover !== undefined) options.onWarning(takeover);
    await removeBelow(options.dir, options.domain, next);
    return { file: fileOf(next), holder: me, release: () => release(options.dir, options.domain, next, me) };
  }
  throw new RollcallError(ErrorCodes.LOCKED, `the apply lock for ${options.domain} in ${options.dir} keeps changing hands; try again`, { details: { dir: options.dir } });
}

function held(domain: string, file: string, state: LockHolder | 'unreadable'): RollcallError {
  if (state === 'unreadable') {
    return new RollcallError(
      ErrorCodes.LOCKED,
      `the apply lock ${file} for ${domain} does not name a holder (its content is not a rollcall lock). If no apply for ${domain} is running, run apply again with --break-lock`,
      { details: { file } },
    );
  }
  return new RollcallError(
    ErrorCodes.LOCKED,
    `another apply for ${domain} holds the lock ${file}: ${describeHolder(state)}. Wait for it to finish; if it is no longer running, run apply again with --break-lock`,
    { details: { file, holder: state } },
  );
}

function describeHolder(h: LockHolder): string {
  return `pid ${h.pid} on ${h.host}, run ${h.runId}, started ${h.started}, applying ${h.plan}`;
}

/** The lock's numbers in the directory, highest first. */
async function lockNumbers(dir: string, domain: string): Promise<number[]> {
  const prefix = lockPrefix(domain);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    throw lockError(dir, err);
  }
  return names
    .filter((n) => n.startsWith(prefix) && /^\d{1,15}$/.test(n.slice(prefix.length)))
    .map((n) => Number(n.slice(prefix.length)))
    .sort((a, b) => b - a);
}

async function readState(file: string): Promise<LockState> {
  let text: string;
  try {
    const handle = await openNoFollow(file, 'apply lock', true);
    try {
      text = await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    if (err instanceof RollcallError) throw err;
    return 'unreadable';
  }
  try {
    const value = JSON.parse(text) as Partial<LockHolder> & { released?: unknown };
    if (value.released === true) return 'released';
    if (typeof value.pid === 'number' && typeof value.host === 'string' && typeof value.runId === 'string') {
      return {
        pid: value.pid,
        host: value.host,
        runId: value.runId,
        started: String(value.started),
        plan: String(value.plan),
        domain: String(value.domain),
        ...(typeof value.pidStart === 'string' ? { pidStart: value.pidStart } : {}),
      };
    }
  } catch {
    // garbage: reported as a lock that names no holder
  }
  return 'unreadable';
}

/** Writes `content` in full to a temporary file, then links it as `file`; false when `file` exists already. */
async function linkState(dir: string, file: string, content: object): Promise<boolean> {
  const tmp = path.join(dir, `.${path.basename(file)}.${randomUUID()}.tmp`);
  try {
    const handle = await open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), PRIVATE_MODE);
    try {
      await handle.writeFile(`${JSON.stringify(content)}\n`, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await link(tmp, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw lockError(file, err);
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}

async function removeBelow(dir: string, domain: string, number: number): Promise<void> {
  for (const n of await lockNumbers(dir, domain)) {
    if (n < number) await unlink(path.join(dir, `${lockPrefix(domain)}${n}`)).catch(() => undefined);
  }
}

/** Marks the lock released, if it is still ours (someone may have broken it meanwhile). */
async function release(dir: string, domain: string, number: number, me: LockHolder): Promise<void> {
  const [top] = await lockNumbers(dir, domain);
  if (top !== number) return;
  const released = await linkState(dir, path.join(dir, `${lockPrefix(domain)}${number + 1}`), { released: true, by: me.runId, at: new Date().toISOString() });
  if (released) await unlink(path.join(dir, `${lockPrefix(domain)}${number}`)).catch(() => undefined);
}

/** A signal-0 probe, and where the kernel says when a process started, that it is the same process. */
export function holderIsRunning(holder: LockHolder): boolean {
  try {
    process.kill(holder.pid, 0);
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (holder.pidStart === undefined) return true;
  const start = processStart(holder.pid);
  return start === undefined || start === holder.pidStart;
}

/** The process's start time in clock ticks since boot (Linux /proc), or undefined where not known. */
function processStart(pid: number): string | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) may hold spaces and parentheses: count the fields after its closing one.
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
}

function lockError(file: string, err: unknown): RollcallError {
  if (err instanceof RollcallError) return err;
  return new RollcallError(ErrorCodes.WRITE_FAILED, `${file}: cannot take the apply lock (${(err as NodeJS.ErrnoException).code ?? String(err)})`, {
    details: { file },
  });
}
