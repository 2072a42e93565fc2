/** plan -> apply -> plan again against the emulator: convergence, idempotence, passwords. */
import { readFile, stat } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChangeLine } from '../../src/apply/journal.js';
import type { Plan } from '../../src/plan/types.js';
import { DOMAIN, lastRunOutcomes, Scenario, type CliRun } from './harness.js';

describe('apply on the fixture district', () => {
  let s: Scenario;
  let planFile: string;
  let plan: Plan;
  let first: CliRun;

  beforeAll(async () => {
    s = await Scenario.start();
    ({ file: planFile, plan } = await s.plan());
    s.emu.resetStats();
    first = await s.apply(planFile);
  });
  afterAll(async () => s.close());

  it('applies every change and exits 0', async () => {
    expect(first.stderr).not.toMatch(/error|warning/);
    expect(first.code).toBe(0);
    expect(plan.changes.length).toBeGreaterThan(20);
    const outcomes = lastRunOutcomes(await s.journal(planFile));
    expect(outcomes.size).toBe(plan.changes.length);
    expect(new Set(outcomes.values())).toEqual(new Set(['done']));
    expect(first.stderr).toMatch(new RegExp(`applied: ${plan.changes.length} done, 0 already done, 0 drifted, 0 failed, 0 skipped`));
  });

  it('sends one users.update per updated account, one insert per create, one call per group change', () => {
    const { byRoute, mutations } = s.emu.stats();
    const count = (kind: string) => plan.changes.filter((c) => c.kind === kind).length;
    expect(count('add-member')).toBeGreaterThan(10);
    expect(byRoute['users.update'] ?? 0).toBe(count('update'));
    expect(byRoute['users.insert'] ?? 0).toBe(count('create'));
    expect(byRoute['members.delete'] ?? 0).toBe(count('remove-from-group') + count('remove-member'));
    expect(byRoute['groups.insert'] ?? 0).toBe(count('create-group'));
    expect(byRoute['members.insert'] ?? 0).toBe(count('add-member'));
    expect(byRoute['members.patch'] ?? 0).toBe(count('change-role'));
    expect(mutations).toBe(plan.changes.length);
  });

  it('leaves nothing to do: a new plan against the result is empty', async () => {
    const again = await s.plan();
    expect(again.plan.changes).toEqual([]);
  });

  it('sends no mutation when the same plan is applied a second time', async () => {
    s.emu.resetStats();
    const second = await s.apply(planFile);
    expect(second.code).toBe(0);
    expect(s.emu.stats().mutations).toBe(0);
    expect(second.stderr).toMatch(new RegExp(`0 done, ${plan.changes.length} already done`));
    const lines = await s.journal(planFile);
    expect(lines.filter((l) => l.type === 'run-started')).toHaveLength(2);
    expect(new Set(lastRunOutcomes(lines).values())).toEqual(new Set(['already-done']));
  });

  it('journals a header, one line per change and a footer, all tied to the plan', async () => {
    const lines = await s.journal(planFile);
    const [head] = lines;
    expect(head).toMatchObject({ type: 'run-started', domain: DOMAIN, changes: plan.changes.length, pid: process.pid });
    const digests = new Set(lines.map((l) => l.planDigest));
    expect(digests.size).toBe(1);
    expect([...digests][0]).toMatch(/^sha256:[0-9a-f]{64}$/);
    const change = lines.find((l): l is ChangeLine => l.type === 'change' && l.kind === 'remove-from-group');
    expect(change).toMatchObject({ outcome: 'done', attempts: 1, group: expect.stringContaining('@') });
    expect(lines.at(-1)).toMatchObject({ type: 'run-finished', counts: { 'already-done': plan.changes.length } });
  });

  it('creates accounts with the planned fields and a random password kept only in the 0600 CSV', async () => {
    const creates = plan.changes.filter((c) => c.kind === 'create');
    const csvFile = `${planFile}.passwords.csv`;
    expect((await stat(csvFile)).mode & 0o777).toBe(0o600);
    const rows = (await readFile(csvFile, 'utf8')).trim().split('\n');
    expect(rows[0]).toBe('address,password');
    const passwords = new Map(rows.slice(1).map((r) => r.split(',') as [string, string]));
    expect([...passwords.keys()].sort()).toEqual(creates.map((c) => c.address).sort());
    const planText = await readFile(planFile, 'utf8');
    const journalText = await readFile(`${planFile}.journal.jsonl`, 'utf8');
    for (const password of passwords.values()) {
      expect(password).toMatch(/^[!-~]{20}$/);
      expect(planText).not.toContain(password);
      expect(journalText).not.toContain(password);
      expect(first.stderr).not.toContain(password);
    }
    const users = new Map(s.emu.state().users.map((u) => [u.primaryEmail, u]));
    for (const c of creates) {
      const user = users.get(c.address);
      expect(user).toMatchObject({ orgUnitPath: c.after.placement[0], suspended: false, name: { givenName: c.after.name.given } });
      expect(user?.changePasswordAtNextLogin).toBe(true);
    }
  });
});

describe('apply refuses a plan that does not fit the config', () => {
  let s: Scenario;
  beforeAll(async () => (s = await Scenario.start()));
  afterAll(async () => s.close());

  it('refuses a plan made with another config, and says to plan again', async () => {
    const { file } = await s.plan();
    const { writeConfig } = await import('./harness.js');
    const other = await writeConfig(s.dir, 'other.config.json', { concurrency: 3 });
    const run = await s.apply(file, [], {}, other);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/error \[PLAN_REFUSED\]: .*plan-1\.json was made with another config/);
    expect(run.stderr).toMatch(/Make the plan again with this config \(rollcall plan --config .*other\.config\.json/);
    expect(s.emu.stats().requests).toBe(0);
  });

  it('refuses a plan for another domain', async () => {
    const { file } = await s.plan();
    const { writeConfig } = await import('./harness.js');
    const other = await writeConfig(s.dir, 'elsewhere.config.json', { domain: 'elsewhere.example.org' });
    const run = await s.apply(file, [], {}, other);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/\[PLAN_REFUSED\]: .* is a plan for maplewood\.example\.org, but .* manages elsewhere\.example\.org; make the plan again/);
  });

  it('refuses an edited or truncated plan before contacting Google', async () => {
    const { file } = await s.plan();
    const { writeFile } = await import('node:fs/promises');
    const text = await readFile(file, 'utf8');
    s.emu.resetStats();
    await writeFile(file, text.replace(/"create": \d+/, '"create": 99'));
    const edited = await s.apply(file);
    expect(edited.code).toBe(1);
    expect(edited.stderr).toMatch(/\[PLAN_INVALID\]: .*its summary does not match its changes/);
    await writeFile(file, text.slice(0, text.length / 2));
    const truncated = await s.apply(file);
    expect(truncated.code).toBe(1);
    expect(truncated.stderr).toMatch(/\[PLAN_INVALID\]: .*not valid JSON/);
    expect(s.emu.stats().requests).toBe(0);
  });
});
