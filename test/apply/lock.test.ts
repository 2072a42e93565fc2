/**
 * The per-domain apply lock: exclusive, names its holder, takes over stale locks atomically
 * (exactly one of several takers wins), can be broken, lives in a state directory only its
 * owner can write, and is never followed through a link.
 */
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireApplyLock, currentLockFile, currentLockHolder, holderIsRunning, lockPrefix, type LockOptions } from '../../src/apply/lock.js';
import { ensureStateDirectory } from '../../src/apply/state-dir.js';
import { isRollcallError } from '../../src/errors.js';
import { DOMAIN, Scenario } from './harness.js';

let dir: string;
let warnings: string[];
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'rollcall-lock-'));
  warnings = [];
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

const options = (extra: Partial<LockOptions> = {}): LockOptions => ({
  domain: DOMAIN,
  plan: 'plans/tonight.json',
  dir,
  breakLock: false,
  onWarning: (m) => warnings.push(m),
  ...extra,
});

async function lockError(promise: Promise<unknown>) {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isRollcallError(err)) throw new Error(`expected a RollcallError, got ${String(err)}`);
  return err;
}

/** Leaves a lock as a killed holder would: its state file, as the highest number. */
async function plantHolder(holder: Record<string, unknown> | string, number = 7): Promise<string> {
  const file = path.join(dir, `${lockPrefix(DOMAIN)}${number}`);
  await writeFile(file, typeof holder === 'string' ? holder : JSON.stringify(holder), { mode: 0o600 });
  return file;
}

const deadHolder = { pid: 4_000_000, host: hostname(), runId: 'run-dead', started: '2026-11-23T02:00:00.000Z', plan: 'old.json', domain: DOMAIN };

describe('acquireApplyLock', () => {
  it('lets one apply per domain in; a second is LOCKED and told who holds it (host, pid, run id) and what to do', async () => {
    const first = await acquireApplyLock(options({ runId: 'run-1' }));
    const holder = JSON.parse(await readFile(first.file, 'utf8'));
    expect(holder).toMatchObject({ pid: process.pid, host: hostname(), runId: 'run-1', plan: 'plans/tonight.json', domain: DOMAIN });
    expect((await stat(first.file)).mode & 0o777).toBe(0o600);
    const err = await lockError(acquireApplyLock(options({ plan: 'plans/other.json' })));
    expect(err.code).toBe('LOCKED');
    expect(err.message).toContain(`another apply for ${DOMAIN} holds the lock ${first.file}: pid ${process.pid} on ${hostname()}, run run-1`);
    expect(err.message).toContain('applying plans/tonight.json');
    expect(err.message).toContain('run apply again with --break-lock');
    // Another domain is not held up.
    const other = await acquireApplyLock(options({ domain: 'elsewhere.example.org' }));
    await other.release();
    await first.release();
    expect(await currentLockHolder(dir, DOMAIN)).toBeUndefined();
    const again = await acquireApplyLock(options());
    await again.release();
  });

  it('takes over a lock left by a process on this host that is no longer running, with a warning', async () => {
    await plantHolder(deadHolder);
    const lock = await acquireApplyLock(options({ isAlive: () => false }));
    expect(warnings).toEqual([expect.stringMatching(/took over a stale lock .* held by pid 4000000 on .*, run run-dead, .* \(that process is no longer running\)/)]);
    expect(await currentLockHolder(dir, DOMAIN)).toMatchObject({ pid: process.pid, runId: lock.holder.runId });
    await lock.release();
  });

  it('counts a holder whose pid now belongs to a later process as gone', () => {
    const me = { ...deadHolder, pid: process.pid };
    expect(holderIsRunning(me)).toBe(true);
    expect(holderIsRunning({ ...me, pidStart: '1' })).toBe(process.platform !== 'linux');
  });

  it('does not guess about a holder on another host: LOCKED, unless --break-lock', async () => {
    await plantHolder({ ...deadHolder, pid: 42, host: 'other-host' });
    expect((await lockError(acquireApplyLock(options({ isAlive: () => false })))).code).toBe('LOCKED');
    const lock = await acquireApplyLock(options({ breakLock: true }));
    expect(warnings).toEqual([expect.stringMatching(/broke the lock .* held by pid 42 on other-host/)]);
    await lock.release();
  });

  it('refuses a lock whose content is not rollcall\'s, says what to do, and --break-lock clears it', async () => {
    const file = await plantHolder('garbage, not a lock');
    const err = await lockError(acquireApplyLock(options()));
    expect(err.code).toBe('LOCKED');
    expect(err.message).toBe(
      `the apply lock ${file} for ${DOMAIN} does not name a holder (its content is not a rollcall lock). If no apply for ${DOMAIN} is running, run apply again with --break-lock`,
    );
    const lock = await acquireApplyLock(options({ breakLock: true }));
    expect(warnings[0]).toMatch(/broke the lock .* \(its content was not a rollcall lock\)/);
    await lock.release();
  });

  it('releases only its own lock', async () => {
    const lock = await acquireApplyLock(options());
    const broken = await acquireApplyLock(options({ breakLock: true, pid: 999_999, host: 'someone-else' }));
    await lock.release();
    expect(await currentLockHolder(dir, DOMAIN)).toMatchObject({ host: 'someone-else' });
    await broken.release();
    expect(await currentLockHolder(dir, DOMAIN)).toBeUndefined();
  });

  it('keeps only the current state file: older numbers are removed by the next taker', async () => {
    for (let i = 0; i < 5; i++) await (await acquireApplyLock(options())).release();
    const files = (await readdir(dir)).filter((f) => f.startsWith(lockPrefix(DOMAIN)));
    expect(files.length).toBeLessThanOrEqual(2);
    expect(await currentLockHolder(dir, DOMAIN)).toBeUndefined();
  });

  it('two (or three) takeovers of one stale lock at the same moment: exactly one wins, every time', async () => {
    for (let round = 0; round < 150; round++) {
      await rm(dir, { recursive: true, force: true });
      await mkdir(dir, { mode: 0o700 });
      await plantHolder(deadHolder, round + 1);
      const takers = round % 3 === 0 ? [101, 102, 103] : [101, 102];
      const outcomes = await Promise.allSettled(
        takers.map((pid) => acquireApplyLock(options({ pid, runId: `run-${pid}`, isAlive: (h) => takers.includes(h.pid) }))),
      );
      const won = outcomes.filter((o) => o.status === 'fulfilled');
      expect(won, `round ${round}`).toHaveLength(1);
      for (const lost of outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected')) {
        expect((lost.reason as { code?: string }).code).toBe('LOCKED');
      }
      const winner = (won[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof acquireApplyLock>>>).value;
      expect(await currentLockHolder(dir, DOMAIN)).toMatchObject({ runId: winner.holder.runId });
    }
  });

  it('never reads a lock file through a link: refused as unsafe', async () => {
    const elsewhere = path.join(dir, 'elsewhere.json');
    await writeFile(elsewhere, JSON.stringify({ ...deadHolder, pid: 42, host: 'other-host' }));
    await symlink(elsewhere, path.join(dir, `${lockPrefix(DOMAIN)}3`));
    const err = await lockError(acquireApplyLock(options()));
    expect(err.code).toBe('UNSAFE_FILE');
    expect(err.message).toMatch(/is a symbolic link/);
  });
});

describe('the state directory', () => {
  it('is created owner-only when missing', async () => {
    const state = path.join(dir, '.rollcall');
    await ensureStateDirectory(state);
    expect((await stat(state)).mode & 0o777).toBe(0o700);
  });

  it('is refused when others could write to it (they could plant or break the lock)', async () => {
    const state = path.join(dir, 'shared');
    await mkdir(state);
    await chmod(state, 0o777);
    const err = await lockError(ensureStateDirectory(state));
    expect(err.code).toBe('UNSAFE_FILE');
    expect(err.message).toMatch(/can be written by group or others \(mode 0777\).*chmod 700/);
  });

  it('is refused when it is a link', async () => {
    const real = path.join(dir, 'real');
    await mkdir(real, { mode: 0o700 });
    await symlink(real, path.join(dir, 'link'));
    expect((await lockError(ensureStateDirectory(path.join(dir, 'link')))).message).toMatch(/is a symbolic link/);
  });
});

describe('rollcall apply and the lock', () => {
  it('keeps the lock in .rollcall beside the plan; exits 1 with LOCKED while another apply holds the domain, and proceeds with --break-lock', async () => {
    const s = await Scenario.start();
    try {
      const { file } = await s.plan();
      const state = path.join(s.dir, '.rollcall');
      await mkdir(state, { mode: 0o700 });
      await writeFile(path.join(state, `${lockPrefix(DOMAIN)}1`), JSON.stringify({ ...deadHolder, pid: 42, host: 'ops-server-2', plan: 'nightly.json' }));
      const refused = await s.apply(file);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/error \[LOCKED\]: another apply for maplewood\.example\.org holds the lock .*\.rollcall\/apply-maplewood\.example\.org\.lock\.1: pid 42 on ops-server-2/);
      expect(s.emu.stats().requests).toBe(0);
      const broken = await s.apply(file, ['--break-lock']);
      expect(broken.code).toBe(0);
      expect(broken.stderr).toMatch(/warning: broke the lock/);
      expect(await currentLockHolder(state, DOMAIN)).toBeUndefined();
    } finally {
      await s.close();
    }
  });

  it('uses apply.stateDir from the config: plans kept in two folders still exclude each other', async () => {
    const s = await Scenario.start({}, {}, { apply: { stateDir: 'state' } });
    try {
      const { file } = await s.plan();
      const state = path.join(s.dir, 'state');
      await mkdir(state, { mode: 0o700 });
      await writeFile(path.join(state, `${lockPrefix(DOMAIN)}1`), JSON.stringify({ ...deadHolder, pid: 42, host: 'ops-server-2' }));
      const refused = await s.apply(file);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`${state}/apply-maplewood.example.org.lock.1`);
      expect(await currentLockFile(path.join(s.dir, '.rollcall'), DOMAIN).catch(() => undefined)).toBeUndefined();
    } finally {
      await s.close();
    }
  });

  it('holds the lock for the run: a second apply at the same time is refused', async () => {
    const s = await Scenario.start({ latencyMs: 20 });
    try {
      const { file } = await s.plan();
      const whenLocked = async () => {
        // The journal is opened once the lock is held.
        while (!(await stat(`${file}.journal.jsonl`).then(() => true, () => false))) await new Promise((r) => setTimeout(r, 5));
        return s.apply(file);
      };
      const [a, b] = await Promise.all([s.apply(file), whenLocked()]);
      expect(a.code).toBe(0);
      expect(b.code).toBe(1);
      expect(b.stderr).toMatch(/\[LOCKED\]/);
    } finally {
      await s.close();
    }
  });
});
