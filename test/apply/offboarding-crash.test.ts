/**
 * A run killed (SIGKILL: no cleanup) in the middle of a suspension's offboarding steps, then run
 * again: the rerun takes each step the killed run had not finished, and none twice (Google's
 * emulator counts the sign-outs and the invalidations; tokens and app passwords each deleted once).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { JournalLine, StepLine } from '../../src/apply/journal.js';
import type { Plan } from '../../src/plan/types.js';
import { cli, lastRunOutcomes, Scenario, SOURCE_DIR, TODAY } from './harness.js';
import { applyKilledWhen, journalSoFar as lines } from './killed-apply.js';
import { LEAVER, LIFECYCLE_SECTIONS, lifecycleSeed, OPEN_LIMITS } from './lifecycle-fixtures.js';


let s: Scenario;
// Slow answers, so the kill lands between two steps.
beforeAll(async () => (s = await Scenario.start({ seed: await lifecycleSeed(), latencyMs: 150 }, {}, { ...LIFECYCLE_SECTIONS, safety: OPEN_LIMITS })));
afterAll(async () => s.close());

const stepsOf = (journal: readonly JournalLine[]) => journal.filter((l): l is StepLine => l.type === 'step' && l.address === LEAVER);

it('takes each offboarding step once when a run killed between steps is run again', async () => {
  const file = path.join(s.dir, 'plan.json');
  const planned = await cli(['plan', '--config', s.config, '--source-dir', SOURCE_DIR, '--today', TODAY, '--out', file], s.env);
  expect(planned.code).toBe(0);
  const journal = `${file}.journal.jsonl`;
  // Killed once the sign-out (after the backup codes and the suspension) is journaled.
  await applyKilledWhen([file, '--config', s.config, '--today', TODAY, '--only', LEAVER], s.env, journal, (all) => stepsOf(all).some((l) => l.step === 'sign-out'));
  const killed = stepsOf(await lines(journal));
  expect(killed.map((l) => l.step).slice(0, 2)).toEqual(['invalidate-backup-codes', 'sign-out']);
  expect(killed.some((l) => l.step === 'reset-password')).toBe(false);
  expect(s.emu.state().users.find((u) => u.primaryEmail === LEAVER)?.suspended).toBe(true);

  const rerun = await cli(['apply', file, '--config', s.config, '--today', TODAY, '--only', LEAVER], s.env);
  expect(rerun.stderr).toMatch(/took over a stale lock/);
  expect(rerun.code).toBe(0);
  const all = await lines(journal);
  const outcomes = lastRunOutcomes(all);
  const plan = JSON.parse(await readFile(file, 'utf8')) as Plan;
  const suspension = plan.changes.find((c) => c.kind === 'update' && c.address === LEAVER)!;
  // The suspension itself was made by the killed run; what follows it (licence, groups) by the rerun.
  expect(outcomes.get(suspension.id)).toBe('already-done');
  expect(new Set([...outcomes].filter(([id]) => id !== suspension.id).map(([, o]) => o))).toEqual(new Set(['done']));

  // Every step settled exactly once over both runs, and the rerun took only those left.
  const taken = stepsOf(all).filter((l) => l.outcome === 'done' || l.outcome === 'already-done');
  expect(taken.map((l) => l.step).sort()).toEqual(['invalidate-backup-codes', 'reset-password', 'revoke-app-passwords', 'revoke-tokens', 'sign-out']);
  const rerunSteps = stepsOf(all.slice(all.findLastIndex((l) => l.type === 'run-started')));
  expect(rerunSteps.map((l) => l.step)).not.toContain('sign-out');
  expect(rerunSteps.map((l) => l.step)).not.toContain('invalidate-backup-codes');
  expect(rerunSteps.map((l) => l.step)).toContain('reset-password');

  const routes = s.emu.stats().byRoute;
  expect(routes['users.signOut']).toBe(1);
  expect(routes['verificationCodes.invalidate']).toBe(1);
  expect(routes['tokens.delete']).toBe(2);
  expect(routes['asps.delete']).toBe(1);
  expect(s.emu.state().security[LEAVER]).toMatchObject({ tokens: [], asps: [], verificationCodes: [], signOuts: 1 });
});
