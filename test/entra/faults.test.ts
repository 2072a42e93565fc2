/**
 * Graph failing under apply: throttling (429 with Retry-After) and a busy service (503, 504)
 * before a request takes effect, answers lost after it took effect (a create then meets its own
 * userPrincipalName, a membership add its own reference, a removal a member already gone), and
 * a call that runs out of retries. Every run must converge with no duplicate user.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ChangeLine } from '../../src/apply/journal.js';
import type { FaultRule } from '../../src/targets/entra/emulator/server.js';
import { isAccountChange } from '../../src/plan/types.js';
import { lastRunOutcomes } from '../apply/harness.js';
import { EntraScenario } from './harness.js';

let s: EntraScenario | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

async function expectConverged(scenario: EntraScenario, seedUsers: number, creates: number): Promise<void> {
  expect([...scenario.usersByUpn().values()].every((n) => n === 1)).toBe(true);
  expect(scenario.emu.state().users).toHaveLength(seedUsers + creates);
  expect((await scenario.plan()).plan.changes).toEqual([]);
}

describe('apply against a failing Microsoft Graph', () => {
  it('waits out 429 with Retry-After, retries 503 and 504, and converges', async () => {
    s = await EntraScenario.start();
    const { file, plan } = await s.plan();
    const seedUsers = s.emu.state().users.length;
    const faults: FaultRule[] = [
      { method: 'PATCH', pathPattern: '/users/', status: 429, when: 'before', times: 2, retryAfterSeconds: 1 },
      { method: 'POST', pathPattern: '^/v1\\.0/users$', status: 503, when: 'before', times: 1 },
      { method: 'GET', pathPattern: '/memberOf', status: 504, when: 'before', times: 2 },
      { method: 'POST', pathPattern: '/members/$ref', status: 503, when: 'before', times: 1, retryAfterSeconds: 1 },
      { method: 'DELETE', pathPattern: '/members/', status: 429, when: 'before', times: 1, retryAfterSeconds: 1 },
    ];
    s.emu.setFaults(faults);
    const run = await s.apply(file, ['--verbose']);
    expect(run.code).toBe(0);
    expect(s.emu.stats().failuresInjected).toBe(7);
    expect(run.stderr).toMatch(/users\.update .*TooManyRequests; retry 1 in \d+ ms/);
    expect(run.stderr).toMatch(/Microsoft Graph asked rollcall to slow down \(HTTP 429 TooManyRequests: .*\): pausing all calls for 1 s/);
    const lines = await s.journal(file);
    expect(new Set(lastRunOutcomes(lines).values())).toEqual(new Set(['done']));
    expect(lines.filter((l): l is ChangeLine => l.type === 'change' && l.attempts > 1).length).toBeGreaterThanOrEqual(3);
    s.emu.setFaults([]);
    await expectConverged(s, seedUsers, plan.summary.create);
  });

  it('converges when answers are lost after the change took effect: a retried create finds its own user and finishes it, no duplicate', async () => {
    s = await EntraScenario.start();
    const { file, plan } = await s.plan();
    const seedUsers = s.emu.state().users.length;
    s.emu.setFaults([
      { method: 'POST', pathPattern: '^/v1\\.0/users$', status: 503, when: 'after', times: 2 },
      { method: 'PATCH', pathPattern: '/users/', status: 502, when: 'after', times: 2 },
      { method: 'POST', pathPattern: '/members/$ref', status: 504, when: 'after', times: 2 },
      { method: 'DELETE', pathPattern: '/members/', status: 503, when: 'after', times: 2 },
      { method: 'POST', pathPattern: '/assignLicense', status: 503, when: 'after', times: 1 },
    ]);
    const run = await s.apply(file);
    expect(run.stderr).not.toMatch(/error/);
    expect(run.code).toBe(0);
    expect(s.emu.stats().failuresInjected).toBe(9);
    expect(new Set(lastRunOutcomes(await s.journal(file)).values())).toEqual(new Set(['done']));
    for (const c of plan.changes.filter((c) => c.kind === 'create')) {
      const user = s.user(c.address);
      expect(user.assignedLicenses).toHaveLength(1);
      // Its placement, and the managed groups the plan adds it to (each found by its mailNickname).
      const groups = s.emu.state().groups;
      const classGroups = plan.changes
        .filter((g) => g.kind === 'add-member' && g.member === c.address)
        .map((g) => `groups/${groups.find((x) => g.kind === 'add-member' && `${x.mailNickname}@maplewood.example.org` === g.group)?.displayName}`);
      expect(s.containersOf(c.address)).toEqual([...(c.kind === 'create' ? c.after.placement : []), ...classGroups].sort());
    }
    s.emu.setFaults([]);
    await expectConverged(s, seedUsers, plan.summary.create);
  });

  it('reports a call that runs out of retries as unknown, and the next plan and apply finish the work', async () => {
    s = await EntraScenario.start({}, { maxRetries: 1 });
    const { file, plan } = await s.plan();
    const seedUsers = s.emu.state().users.length;
    // The writer names a user by its object id (it survives a rename).
    s.emu.setFaults([{ method: 'PATCH', pathPattern: s.user('20340@students.maplewood.example.org').id, status: 503, when: 'before', every: 1 }]);
    const run = await s.apply(file);
    expect(run.code).toBe(1);
    const outcomes = lastRunOutcomes(await s.journal(file));
    expect([...outcomes.values()].filter((o) => o === 'failed')).toHaveLength(1);
    expect(run.stderr).toMatch(/20340@students\.maplewood\.example\.org.*HTTP 503 ServiceUnavailable.*\(after 2 attempts\)/);
    s.emu.setFaults([]);
    const again = await s.plan();
    // The disabling, and the licence it takes back, which waited for it (skipped).
    expect(again.plan.changes.filter(isAccountChange).map((c) => `${c.kind} ${c.address}`)).toEqual(['update 20340@students.maplewood.example.org', 'remove-licence 20340@students.maplewood.example.org']);
    expect((await s.apply(again.file)).code).toBe(0);
    await expectConverged(s, seedUsers, plan.summary.create);
  });
});
