/**
 * Files that hold student data or secrets: plans (a redacted copy excepted), apply journals,
 * password handoffs, notification markdown. Every one of them is
 * - created owner-only (0600), and tightened to 0600 with a warning when found looser;
 * - opened without following a symbolic link at its own name (O_NOFOLLOW), and refused when it
 *   is a link, not a regular file, or owned by another user: a link planted at PLAN.passwords.csv
 *   must never receive passwords;
 * - replaced whole through a temporary file of its own and a rename, the temporary removed on
 *   any failure, so a full disk never leaves half a file or a stray temporary behind.
 * Appended files never grow onto a torn last line (see dropTornTail).
 */
import { randomBytes } from 'node:crypto';
import { constants, type Stats, type WriteStream } from 'node:fs';
import { lstat, open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { ErrorCodes, RollcallError } from '../errors.js';

/** 0 where the platform has no O_NOFOLLOW (Windows): there the ownership checks do not apply either. */
const NOFOLLOW = constants.O_NOFOLLOW ?? 0;

export const PRIVATE_MODE = 0o600;
/** A redacted plan is meant to be shared. */
export const SHARED_MODE = 0o644;

export interface PrivateFileOptions {
  /** What the file is, for messages: "apply journal", "passwords file". */
  what: string;
  /** Why it is kept private, for the warning when it was not: "it holds passwords". */
  why?: string;
  /** Hears when a file's permissions had to be tightened. */
  onWarning?: (message: string) => void;
}

/** Writes `data` through `handle`; tests inject a failing writer to play a full disk. */
export type FileWriter = (handle: FileHandle, data: string) => Promise<void>;

export const writeAll: FileWriter = async (handle, data) => {
  await handle.writeFile(data, 'utf8');
};

const myUid = (): number | undefined => (typeof process.getuid === 'function' ? process.getuid() : undefined);

/**
 * Opens a private file for reading and appending, creating it 0600 if missing. The handle reads
 * from any position and writes at the end.
 */
export async function openPrivateAppend(file: string, options: PrivateFileOptions): Promise<FileHandle> {
  const flags = constants.O_RDWR | constants.O_APPEND | constants.O_CREAT | NOFOLLOW;
  let handle: FileHandle;
  try {
    handle = await open(file, flags, PRIVATE_MODE);
  } catch (err) {
    throw openError(file, options.what, err);
  }
  try {
    await checkOpened(handle, file, options);
    return handle;
  } catch (err) {
    await handle.close().catch(() => undefined);
    throw err;
  }
}

/**
 * Opens an existing file for reading without following a link at its name; `ownerOnly` also
 * refuses another user's file. Other failures (ENOENT...) are thrown as they come, for the
 * caller to put in its own words.
 */
export async function openNoFollow(file: string, what: string, ownerOnly: boolean): Promise<FileHandle> {
  let handle: FileHandle;
  try {
    handle = await open(file, constants.O_RDONLY | NOFOLLOW);
  } catch (err) {
    if (isLinkRefusal(err)) throw linkRefusal(file, what);
    throw err;
  }
  try {
    const stats = await handle.stat();
    refuseUnlessOwnRegularFile(stats, file, what, ownerOnly);
    return handle;
  } catch (err) {
    await handle.close().catch(() => undefined);
    throw err;
  }
}

/**
 * A stream writing a private file from its start (an export, a snapshot): created 0600 or
 * truncated, never through a link at its name, never another user's file.
 */
export async function privateWriteStream(file: string, what: string): Promise<WriteStream> {
  let handle: FileHandle;
  try {
    handle = await open(file, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | NOFOLLOW, PRIVATE_MODE);
  } catch (err) {
    throw openError(file, what, err);
  }
  try {
    refuseUnlessOwnRegularFile(await handle.stat(), file, what, true);
    // The mode given to open applies only to a file it creates.
    if (NOFOLLOW !== 0) await handle.chmod(PRIVATE_MODE);
  } catch (err) {
    await handle.close().catch(() => undefined);
    throw err instanceof RollcallError ? err : writeError(file, what, err);
  }
  return handle.createWriteStream({ encoding: 'utf8' });
}

/** A file's text, read without following a link at its name. */
export async function readNoFollow(file: string, what: string, ownerOnly: boolean): Promise<string> {
  const handle = await openNoFollow(file, what, ownerOnly);
  try {
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}

export interface AtomicWriteOptions {
  what: string;
  /** PRIVATE_MODE unless the file is meant to be shared. */
  mode?: number;
  /** Refuse to replace another user's file (default true; false only for files anyone may sign into). */
  ownerOnly?: boolean;
  write?: FileWriter;
}

/**
 * Replaces `file` with `data`: written to a new temporary file beside it (O_EXCL, so nothing
 * already there is written through), flushed, then renamed over the old one. An existing `file`
 * that is a link, not a regular file, or another user's is refused before anything is written.
 * On failure the temporary file is removed and the old file is left as it was.
 */
export async function writeFileAtomic(file: string, data: string, options: AtomicWriteOptions): Promise<void> {
  const existing = await lstat(file).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw writeError(file, options.what, err);
  });
  if (existing !== undefined) refuseUnlessOwnRegularFile(existing, file, options.what, options.ownerOnly ?? true);
  const tmp = `${file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  let handle: FileHandle | undefined;
  try {
    handle = await open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | NOFOLLOW, options.mode ?? PRIVATE_MODE);
    await (options.write ?? writeAll)(handle, data);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(tmp, file);
  } catch (err) {
    await handle?.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    throw isLinkRefusal(err) ? linkRefusal(tmp, options.what) : writeError(file, options.what, err);
  }
}

/**
 * A file written in whole lines whose last line was cut off (a crash or a full disk in the
 * middle of a write) is cut back to its last complete line, so the next line never lands on the
 * torn one. Returns the file's length afterwards and how many bytes were dropped.
 */
export async function dropTornTail(handle: FileHandle): Promise<{ length: number; dropped: number }> {
  const size = (await handle.stat()).size;
  if (size === 0) return { length: 0, dropped: 0 };
  const last = Buffer.alloc(1);
  await handle.read(last, 0, 1, size - 1);
  if (last[0] === 0x0a) return { length: size, dropped: 0 };
  // Look back for the last line break, a block at a time.
  const block = Buffer.alloc(64 * 1024);
  let end = size;
  while (end > 0) {
    const start = Math.max(0, end - block.length);
    const { bytesRead } = await handle.read(block, 0, end - start, start);
    const at = block.subarray(0, bytesRead).lastIndexOf(0x0a);
    if (at >= 0) {
      const length = start + at + 1;
      await handle.truncate(length);
      return { length, dropped: size - length };
    }
    end = start;
  }
  await handle.truncate(0);
  return { length: 0, dropped: size };
}

async function checkOpened(handle: FileHandle, file: string, options: PrivateFileOptions): Promise<void> {
  const stats = await handle.stat();
  refuseUnlessOwnRegularFile(stats, file, options.what, true);
  const mode = stats.mode & 0o777;
  if (NOFOLLOW !== 0 && (mode & 0o077) !== 0) {
    await handle.chmod(PRIVATE_MODE);
    options.onWarning?.(`${file} was mode ${mode.toString(8).padStart(4, '0')}; set it to 0600 (${options.why ?? 'it holds student data'})`);
  }
}

function refuseUnlessOwnRegularFile(stats: Stats, file: string, what: string, ownerOnly: boolean): void {
  if (stats.isSymbolicLink()) throw linkRefusal(file, what);
  if (!stats.isFile()) throw unsafe(file, `${what} ${file} is not a regular file`);
  const uid = myUid();
  if (ownerOnly && uid !== undefined && stats.uid !== uid) {
    throw unsafe(file, `${what} ${file} belongs to another user (uid ${stats.uid}, rollcall runs as ${uid}): move it away or run rollcall as its owner`);
  }
}

/** O_NOFOLLOW on a link fails with ELOOP (EMLINK on some BSDs). */
function isLinkRefusal(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ELOOP' || code === 'EMLINK';
}

function linkRefusal(file: string, what: string): RollcallError {
  return unsafe(file, `${what} ${file} is a symbolic link; rollcall does not follow links to files it keeps private: remove it`);
}

function openError(file: string, what: string, err: unknown): RollcallError {
  return isLinkRefusal(err) ? linkRefusal(file, what) : writeError(file, what, err);
}

function writeError(file: string, what: string, err: unknown): RollcallError {
  if (err instanceof RollcallError) return err;
  return new RollcallError(ErrorCodes.WRITE_FAILED, `${file}: cannot write the ${what} (${(err as NodeJS.ErrnoException).code ?? String(err)})`, {
    details: { file },
  });
}

function unsafe(file: string, message: string): RollcallError {
  return new RollcallError(ErrorCodes.UNSAFE_FILE, message, { details: { file } });
}
