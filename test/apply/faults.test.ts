/**
 * Google failing under apply: quota and server errors before a request takes effect, answers
 * lost after it took effect, and calls that run out of retries. Every run must converge with no
 * duplicate account, and a rerun must find nothing left to do.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ChangeLine } from '../../src/apply/journal.js';
import type { FaultRule } from '../../src/targets/google/emulator/server.js';
import { lastRunOutcomes, Scenario } from './harness.js';

let s: Scenario | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

async function expectConverged(scenario: Scenario, seedUsers: number, creates: number): Promise<void> {
  const accounts = scenario.accountsByEmail();
  expect([...accounts.values()].every((n) => n === 1)).toBe(true);
  expect(scenario.emu.state().users).toHaveLength(seedUsers + creates);
  expect((await scenario.plan()).plan.changes).toEqual([]);
}

describe('apply against a failing Google', () => {
  it('retries 403 quota, 429 and 503 answers and converges', async () => {
    s = await Scenario.start();
    const { file, plan } = await s.plan();
    const seedUsers = s.emu.state().users.length;
    const faults: FaultRule[] = [
      { method: 'PUT', pathPattern: '/users/', status: 403, reason: 'userRateLimitExceeded', when: 'before', times: 2 },
      { method: 'PUT', pathPattern: '/users/', status: 403, reason: 'quotaExceeded', when: 'before', times: 1 },
      { method: 'GET', pathPattern: '/users/', status: 429, when: 'before', times: 2 },
      { method: 'POST', pathPattern: '/users', status: 503, when: 'before', times: 1 },
      { method: 'DELETE', pathPattern: '/members/', status: 500, reason: 'backendError', when: 'before', times: 1 },
    ];
    s.emu.setFaults(faults);
    const run = await s.apply(file, ['--verbose']);
    expect(run.code).toBe(0);
    expect(s.emu.stats().failuresInjected).toBe(7);
    expect(run.stderr).toMatch(/users\.update .*userRateLimitExceeded; retry 1 in \d+ ms/);
    const outcomes = lastRunOutcomes(await s.journal(file));
    expect(new Set(outcomes.values())).toEqual(new Set(['done']));
    const retried = (await s.journal(file)).filter((l): l is ChangeLine => l.type === 'change' && l.attempts > 1);
    expect(retried.length).toBeGreaterThanOrEqual(3);
    s.emu.setFaults([]);
    await expectConverged(s, seedUsers, plan.summary.create);
  });

  it('converges when answers are lost after the change took effect (create meets 409, delete meets 404)', async () => {
    s = await Scenario.start();
    const { file, plan } = await s.plan();
    const seedUsers = s.emu.state().users.length;
    s.emu.setFaults([
      { method: 'POST', pathPattern: '/users', status: 503, when: 'after', times: 2 },
      { method: 'PUT', pathPattern: '/users/', status: 502, when: 'after', times: 2 },
      { method: 'DELETE', pathPattern: '/members/', status: 503, when: 'after', times: 1 },
    ]);
    const run = await s.apply(file);
    expect(run.stderr).not.toMatch(/error/);
    expect(run.code).toBe(0);
    const lines = (await s.journal(file)).filter((l): l is ChangeLine => l.type === 'change');
    expect(lines.every((l) => l.outcome === 'done')).toBe(true);
    // Each lost answer cost one more attempt (a retried insert met 409 and was read back; a retried delete met 404).
    const attempts = (kind: string) => lines.filter((l) => l.kind === kind).reduce((n, l) => n + l.attempts, 0);
    expect(attempts('create')).toBe(plan.summary.create + 2);
    expect(attempts('update')).toBe(plan.summary.update + 2);
    expect(attempts('remove-from-group') + attempts('remove-member')).toBe(plan.summary.removeFromGroup + plan.summary.groups!.removeMember + 1);
    s.emu.setFaults([]);
    await expectConverged(s, seedUsers, plan.summary.create);
  });

  it('with no retries left, reads the account again: done if the change landed, failed if not; a rerun finishes', async () => {
    s = await Scenario.start({}, { maxRetries: 0 });
    const { file, plan } = await s.plan();
    const seedUsers = s.emu.state().users.length;
    s.emu.setFaults([
      // The first update lands but its answer is lost; the second never lands.
      { method: 'PUT', pathPattern: '/users/', status: 503, when: 'after', times: 1 },
      { method: 'PUT', pathPattern: '/users/', status: 503, when: 'before', times: 1 },
    ]);
    const run = await s.apply(file);
    expect(run.code).toBe(1);
    const lines = (await s.journal(file)).filter((l): l is ChangeLine => l.type === 'change');
    const failed = lines.filter((l) => l.outcome === 'failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]?.error).toMatch(/HTTP 503 .*the account was read again and is not in the planned state: run apply again/);
    expect(lines.filter((l) => l.outcome === 'done')).toHaveLength(plan.changes.length - 1);
    expect(run.stderr).toMatch(/1 changes failed .*run apply again/);

    s.emu.setFaults([]);
    s.emu.resetStats();
    const rerun = await s.apply(file);
    expect(rerun.code).toBe(0);
    expect(s.emu.stats().mutations).toBe(1);
    expect(lastRunOutcomes(await s.journal(file)).get(failed[0]!.id)).toBe('done');
    await expectConverged(s, seedUsers, plan.summary.create);
  });

  it('stops when Google refuses the credentials: changes not started are skipped, the run says so', async () => {
    s = await Scenario.start({}, { concurrency: 1 });
    const { file, plan } = await s.plan();
    s.emu.setFaults([{ status: 401, reason: 'authError', when: 'before', times: 1 }]);
    const run = await s.apply(file);
    expect(run.code).toBe(1);
    // The first call of the run (a managed group's create, checked first) meets the refusal.
    expect(run.stderr).toMatch(/failed create group \S+: could not read the group: Google groups\.get \S+ failed: HTTP 401/);
    expect(run.stderr).toMatch(/the run stopped early: Google refused the credentials/);
    const lines = await s.journal(file);
    const outcomes = [...lastRunOutcomes(lines).values()];
    expect(outcomes.filter((o) => o === 'failed')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'skipped')).toHaveLength(plan.changes.length - 1);
    expect(lines.at(-1)).toMatchObject({ type: 'run-finished', stopped: expect.stringMatching(/^Google refused the credentials/) });
    expect(s.emu.stats().mutations).toBe(0);
  });
});
