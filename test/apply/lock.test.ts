/** The per-domain apply lock: exclusive, names its holder, takes over stale locks, can be broken. */
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireApplyLock, lockFileFor, type LockOptions } from '../../src/apply/lock.js';
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

describe('acquireApplyLock', () => {
  it('lets one apply per domain in; a second is LOCKED and told who holds it and what to do', async () => {
    const first = await acquireApplyLock(options());
    const holder = JSON.parse(await readFile(first.file, 'utf8'));
    expect(holder).toMatchObject({ pid: process.pid, host: hostname(), plan: 'plans/tonight.json', domain: DOMAIN });
    const err = await lockError(acquireApplyLock(options({ plan: 'plans/other.json' })));
    expect(err.code).toBe('LOCKED');
    expect(err.message).toContain(`another apply for ${DOMAIN} holds the lock ${first.file}: pid ${process.pid} on ${hostname()}`);
    expect(err.message).toContain('applying plans/tonight.json');
    expect(err.message).toContain('run apply again with --break-lock (or delete the lock file)');
    // Another domain is not held up.
    const other = await acquireApplyLock(options({ domain: 'elsewhere.example.org' }));
    await other.release();
    await first.release();
    const again = await acquireApplyLock(options());
    await again.release();
  });

  it('takes over a lock left by a process on this host that is no longer running, with a warning', async () => {
    const file = lockFileFor(dir, DOMAIN);
    await writeFile(file, JSON.stringify({ pid: 4_000_000, host: hostname(), started: '2026-11-23T02:00:00.000Z', plan: 'old.json', domain: DOMAIN }));
    const lock = await acquireApplyLock(options({ isAlive: () => false }));
    expect(warnings).toEqual([expect.stringMatching(/took over a stale lock .* held by pid 4000000 .* \(that process is no longer running\)/)]);
    expect(JSON.parse(await readFile(file, 'utf8')).pid).toBe(process.pid);
    await lock.release();
  });

  it('does not guess about a holder on another host: LOCKED, unless --break-lock', async () => {
    const file = lockFileFor(dir, DOMAIN);
    await writeFile(file, JSON.stringify({ pid: 42, host: 'other-host', started: '2026-11-23T02:00:00.000Z', plan: 'old.json', domain: DOMAIN }));
    expect((await lockError(acquireApplyLock(options({ isAlive: () => false })))).code).toBe('LOCKED');
    const lock = await acquireApplyLock(options({ breakLock: true }));
    expect(warnings).toEqual([expect.stringMatching(/broke the lock .* held by pid 42 on other-host/)]);
    await lock.release();
  });

  it('refuses an unreadable lock file rather than guessing', async () => {
    await writeFile(lockFileFor(dir, DOMAIN), '');
    const err = await lockError(acquireApplyLock(options()));
    expect(err.message).toContain('(its content is unreadable)');
  });

  it('releases only its own lock', async () => {
    const lock = await acquireApplyLock(options());
    const broken = await acquireApplyLock(options({ breakLock: true, pid: 999_999, host: 'someone-else' }));
    await lock.release();
    expect(JSON.parse(await readFile(lock.file, 'utf8')).host).toBe('someone-else');
    await broken.release();
  });
});

describe('rollcall apply and the lock', () => {
  it('exits 1 with LOCKED while another apply holds the domain, and proceeds with --break-lock', async () => {
    const s = await Scenario.start();
    try {
      const { file } = await s.plan();
      const lockFile = lockFileFor(s.dir, DOMAIN);
      await writeFile(lockFile, JSON.stringify({ pid: 42, host: 'ops-server-2', started: '2026-11-23T02:00:00.000Z', plan: 'nightly.json', domain: DOMAIN }));
      const refused = await s.apply(file);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/error \[LOCKED\]: another apply for maplewood\.example\.org holds the lock .*: pid 42 on ops-server-2/);
      expect(s.emu.stats().requests).toBe(0);
      const broken = await s.apply(file, ['--break-lock']);
      expect(broken.code).toBe(0);
      expect(broken.stderr).toMatch(/warning: broke the lock/);
      await expect(readFile(lockFile)).rejects.toThrow(/ENOENT/);
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
