/**
 * `rollcall apply` run as a child process and killed with SIGKILL (no cleanup, no journal footer,
 * the lock left behind) at the moment its journal shows what a test waits for: how the crash
 * tests put a run's death between two writes.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { JournalLine } from '../../src/apply/journal.js';
import { ROOT } from './harness.js';

const CLI = path.join(ROOT, 'dist/cli/main.js');

/** The journal's lines so far; the last one may be half written while the child runs, and is left out. */
export async function journalSoFar(journal: string): Promise<JournalLine[]> {
  const text = await readFile(journal, 'utf8').catch(() => '');
  return text.split('\n').flatMap((l) => {
    try {
      return [JSON.parse(l) as JournalLine];
    } catch {
      return [];
    }
  });
}

/**
 * Starts `rollcall apply ARGS`, kills it once `ready(journal lines)` holds, and gives the killed
 * process's pid. Throws, with the child's stderr, when it ends first or `ready` never holds.
 */
export async function applyKilledWhen(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  journal: string,
  ready: (lines: JournalLine[]) => boolean,
  timeoutMs = 20_000,
): Promise<number> {
  const child = spawn(process.execPath, [CLI, 'apply', ...args], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  const deadline = Date.now() + timeoutMs;
  while (!ready(await journalSoFar(journal))) {
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill('SIGKILL');
      throw new Error(`the apply never reached the moment to be killed at:\n${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  child.kill('SIGKILL');
  const signal = await exited;
  if (signal !== 'SIGKILL') throw new Error(`the apply ended by itself (${String(signal)}) before it was killed:\n${stderr}`);
  return child.pid!;
}
