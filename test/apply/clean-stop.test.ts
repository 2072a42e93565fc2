/**
 * SIGINT and SIGTERM stop an apply cleanly (the built CLI as its own process, against the
 * emulator with latency): requests in flight finish within a short deadline, the journal gets
 * its run-finished line, the summary is printed, the lock released, the notification written,
 * and the exit code is 130 / 143. A second signal stops at once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireApplyLock, currentLockHolder } from '../../src/apply/lock.js';
import type { ChangeLine, JournalLine, RunFinishedLine } from '../../src/apply/journal.js';
import { DOMAIN, ROOT, Scenario, TODAY } from './harness.js';

const CLI = path.join(ROOT, 'dist/cli/main.js');

let s: Scenario | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

interface Child {
  process: ChildProcess;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

function startApply(scenario: Scenario, file: string): Child {
  expect(existsSync(CLI), `${CLI} is missing: run npm run build (the test suite's global setup does)`).toBe(true);
  const child = spawn(process.execPath, [CLI, 'apply', file, '--config', scenario.config, '--today', TODAY], {
    env: { PATH: process.env.PATH, ...scenario.env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  return { process: child, stderr: () => stderr, exited };
}

async function journal(file: string): Promise<JournalLine[]> {
  const text = await readFile(`${file}.journal.jsonl`, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as JournalLine);
}

/** Waits until the child has settled `n` changes (its journal says so). */
async function whenChanges(child: Child, file: string, n: number): Promise<void> {
  const deadline = Date.now() + 15_000;
  while ((await journal(file)).filter((l) => l.type === 'change').length < n) {
    if (Date.now() > deadline || child.process.exitCode !== null) throw new Error(`the child never got going:\n${child.stderr()}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('stopping an apply', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('%s: in-flight requests finish, run-finished and summary written, lock released, notification sent, exit %i', async (signal, exitCode) => {
    s = await Scenario.start({ latencyMs: 120 }, { concurrency: 2 }, { notify: { markdownFile: 'summary.md' } });
    const { file, plan } = await s.plan();
    const child = startApply(s, file);
    await whenChanges(child, file, 3);
    child.process.kill(signal);
    const { code } = await child.exited;

    expect(code, child.stderr()).toBe(exitCode);
    expect(child.stderr()).toContain(`rollcall: warning: ${signal}: stopping. No new change starts; requests already sent get 10 s to finish. Send it again to stop at once`);
    expect(child.stderr()).toMatch(new RegExp(`rollcall: applied: \\d+ done, .* skipped; journal `));
    expect(child.stderr()).toContain(`the run stopped early: interrupted by ${signal}. Changes it had not started are recorded as skipped`);
    const lines = await journal(file);
    const finished = lines.at(-1) as RunFinishedLine;
    expect(finished).toMatchObject({ type: 'run-finished', stopped: `interrupted by ${signal}` });
    const changes = lines.filter((l): l is ChangeLine => l.type === 'change');
    // Every change has its outcome: none half-applied without a record.
    expect(changes).toHaveLength(plan.changes.length);
    expect(changes.filter((c) => c.outcome === 'skipped').length).toBeGreaterThan(0);
    expect(changes.every((c) => c.outcome !== 'failed')).toBe(true);
    expect(await currentLockHolder(s.stateDir, DOMAIN)).toBeUndefined();
    expect(await readFile(path.join(s.dir, 'summary.md'), 'utf8')).toMatch(/rollcall apply for maplewood\.example\.org .*: stopped/);

    if (signal === 'SIGINT') {
      // A rerun does the rest.
      const rerun = await s.apply(file);
      expect(rerun.code, rerun.stderr).toBe(0);
      expect((await s.plan()).plan.changes).toEqual([]);
    }
  });

  it('abandons requests still in flight after the deadline: a write among them is reported as unknown, for the next run to check', async () => {
    let writeArrived: () => void = () => undefined;
    const writing = new Promise<void>((resolve) => (writeArrived = resolve));
    let held = false;
    s = await Scenario.start(
      {
        // The first write takes 2 s to be answered (and is applied after that, as Google would).
        onRequest: async (r) => {
          if (r.route !== 'users.update' || held) return;
          held = true;
          writeArrived();
          await new Promise((resolve) => setTimeout(resolve, 2000));
        },
      },
      { concurrency: 2 },
      { apply: { stopDeadlineSeconds: 0.3 } },
    );
    const { file, plan } = await s.plan();
    const child = startApply(s, file);
    await writing;
    const sent = Date.now();
    child.process.kill('SIGINT');
    const { code, at } = await child.exited;
    expect(code, child.stderr()).toBe(130);
    expect(at - sent).toBeLessThan(1700);
    const lines = await journal(file);
    expect(lines.at(-1)).toMatchObject({ type: 'run-finished', stopped: 'interrupted by SIGINT' });
    const changes = lines.filter((l): l is ChangeLine => l.type === 'change');
    expect(changes.find((c) => c.outcome === 'failed')?.error).toBe(
      'the run was stopped while this change was being sent, so whether Google applied it is unknown: run apply again, it checks the account first',
    );
    expect(changes.filter((c) => c.outcome === 'failed')).toHaveLength(1);
    expect(changes).toHaveLength(plan.changes.length);
    expect(await currentLockHolder(s.stateDir, DOMAIN)).toBeUndefined();
  });

  it('a second signal stops at once; the next run takes the lock over and finishes', async () => {
    s = await Scenario.start({ latencyMs: 3000 }, { concurrency: 2 });
    const { file } = await s.plan();
    const child = startApply(s, file);
    await new Promise((r) => setTimeout(r, 1000));
    child.process.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 100));
    const second = Date.now();
    child.process.kill('SIGTERM');
    const { code, at } = await child.exited;
    expect(code, child.stderr()).toBe(143);
    // Well before the 3 s requests in flight could have finished.
    expect(at - second).toBeLessThan(1000);
    expect(child.stderr()).toContain('SIGTERM again: stopping at once');
    // The lock is left behind, as for a killed run: the next run takes it over.
    expect(await currentLockHolder(s.stateDir, DOMAIN)).toMatchObject({ pid: child.process.pid });
    const warnings: string[] = [];
    const lock = await acquireApplyLock({ domain: DOMAIN, plan: file, dir: s.stateDir, breakLock: false, onWarning: (w) => warnings.push(w) });
    expect(warnings).toEqual([expect.stringMatching(/took over a stale lock .* \(that process is no longer running\)/)]);
    await lock.release();
  });
});
