/**
 * A run killed half way (SIGKILL: no cleanup, no journal footer, the lock left behind) and run
 * again converges: the rerun takes over the stale lock, recognises what the killed run did, and
 * does the rest, with no duplicate account and no second password for an account.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { currentLockHolder } from '../../src/apply/lock.js';
import { DOMAIN, lastRunOutcomes, ROOT, Scenario, TODAY } from './harness.js';
import { applyKilledWhen } from './killed-apply.js';

const CLI = path.join(ROOT, 'dist/cli/main.js');

let s: Scenario;
beforeAll(async () => (s = await Scenario.start({ latencyMs: 80 })));
afterAll(async () => s.close());

async function changeLines(journal: string): Promise<number> {
  const text = await readFile(journal, 'utf8').catch(() => '');
  return text.split('\n').filter((l) => l.includes('"type":"change"')).length;
}

it('converges when a killed apply is run again', async () => {
  expect(existsSync(CLI), `${CLI} is missing: run npm run build (the test suite's global setup does)`).toBe(true);
  const { file, plan } = await s.plan();
  const journal = `${file}.journal.jsonl`;
  const changes = (lines: { type: string }[]) => lines.filter((l) => l.type === 'change').length;
  const pid = await applyKilledWhen([file, '--config', s.config, '--today', TODAY], s.env, journal, (lines) => changes(lines) >= 3, 15_000);

  const killed = await changeLines(journal);
  expect(killed).toBeGreaterThanOrEqual(3);
  expect(killed).toBeLessThan(plan.changes.length);
  expect(await readFile(journal, 'utf8')).not.toContain('run-finished');
  expect(await currentLockHolder(s.stateDir, DOMAIN)).toMatchObject({ pid });

  const rerun = await s.apply(file);
  expect(rerun.stderr).toMatch(/warning: took over a stale lock .* \(that process is no longer running\)/);
  expect(rerun.code).toBe(0);
  const outcomes = lastRunOutcomes(await s.journal(file));
  expect(outcomes.size).toBe(plan.changes.length);
  expect([...outcomes.values()].filter((o) => o === 'already-done').length).toBeGreaterThanOrEqual(killed);

  expect([...s.accountsByEmail().values()].every((n) => n === 1)).toBe(true);
  const csv = (await readFile(`${file}.passwords.csv`, 'utf8')).trim().split('\n').slice(1);
  const addresses = csv.map((l) => l.split(',')[0]);
  expect(new Set(addresses).size).toBe(addresses.length);
  expect(addresses.sort()).toEqual(plan.changes.filter((c) => c.kind === 'create').map((c) => c.address).sort());
  expect((await s.plan()).plan.changes).toEqual([]);
});
