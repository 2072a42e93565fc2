/** Apply-side guardrails: held plans, stale plans, redacted copies, the drift stop, selection by address. */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readSnapshotFile, writeSnapshotFile } from '../../src/targets/google/snapshot-file.js';
import { cli, lastRunOutcomes, Scenario, SOURCE_DIR, TODAY } from './harness.js';

let s: Scenario | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

/** The scenario's config with `safety` overrides, as a new file. */
async function withSafety(scenario: Scenario, name: string, safety: Record<string, unknown>): Promise<string> {
  const config = JSON.parse(await readFile(scenario.config, 'utf8'));
  config.safety = { ...config.safety, ...safety };
  const file = path.join(scenario.dir, name);
  await writeFile(file, JSON.stringify(config));
  return file;
}

describe('held plans', () => {
  it('refuses a held plan without sending anything, and applies it with --override-holds, journaled', async () => {
    s = await Scenario.start();
    const strict = await withSafety(s, 'strict.json', { limits: { suspend: { count: 1 } } });
    const { file, plan } = await s.plan(strict);
    expect(plan.holds).toEqual([expect.objectContaining({ code: 'LIMIT_EXCEEDED', action: 'suspend' })]);
    s.emu.resetStats();
    const refused = await s.apply(file, [], {}, strict);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/\[PLAN_REFUSED\].*is held by a safety limit/);
    expect(refused.stderr).toContain('apply with --override-holds');
    expect(s.emu.stats().requests).toBe(0);

    const overridden = await s.apply(file, ['--override-holds'], {}, strict);
    expect(overridden.code).toBe(0);
    expect(overridden.stderr).toContain('applying a held plan on request (--override-holds)');
    const started = (await s.journal(file)).find((l) => l.type === 'run-started') as unknown as { flags: { overrideHolds: boolean }; holdsOverridden: string[] };
    expect(started.flags.overrideHolds).toBe(true);
    expect(started.holdsOverridden[0]).toMatch(/suspend changes .* exceed the term-time limit: at most 1/);
  });
});

describe('stale and unappliable plans', () => {
  it('refuses a plan evaluated more than maxPlanAgeDays ago, or for a day still to come', async () => {
    s = await Scenario.start();
    const { file } = await s.plan();
    const late = await cli(['apply', file, '--config', s.config, '--today', '2026-11-26'], s.env);
    expect(late.code).toBe(1);
    expect(late.stderr).toMatch(/was evaluated for 2026-11-23, 3 days ago \(safety\.maxPlanAgeDays is 1\).*Make the plan again/);
    const early = await cli(['apply', file, '--config', s.config, '--today', '2026-11-22'], s.env);
    expect(early.code).toBe(1);
    expect(early.stderr).toContain('which has not come yet');
    expect(s.emu.stats().mutations).toBe(0);
    expect((await s.apply(file)).code).toBe(0); // the next morning is within the default age
  });

  it('refuses a redacted copy', async () => {
    s = await Scenario.start();
    const { file } = await s.plan();
    const redacted = path.join(s.dir, 'copy.json');
    const run = await cli(['show', file, '--redact', '--format', 'json'], { ROLLCALL_REDACT_KEY: 'k'.repeat(32) });
    await writeFile(redacted, run.stdout);
    const refused = await s.apply(redacted);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('is a redacted copy');
  });
});

describe('selection by account', () => {
  it('--exclude takes an address and holds back every change of that account', async () => {
    s = await Scenario.start();
    const { file, plan } = await s.plan();
    const dkim = plan.changes.filter((c) => 'address' in c && c.address === 'dkim@maplewood.example.org');
    expect(dkim.length).toBe(4); // suspend+move and three group removals
    const run = await s.apply(file, ['--exclude', 'DKIM@maplewood.example.org']);
    expect(run.code).toBe(0);
    const outcomes = lastRunOutcomes(await s.journal(file));
    for (const c of dkim) expect(outcomes.has(c.id)).toBe(false);
    expect(outcomes.size).toBe(plan.changes.length - 4);
  });

  it('--only takes a group address and applies every change of that group, and nothing else', async () => {
    s = await Scenario.start();
    const { file, plan } = await s.plan();
    const group = 'mhs-alg1-3-26-27@maplewood.example.org';
    const changes = plan.changes.filter((c) => 'group' in c && c.group === group);
    expect(changes.map((c) => c.kind).sort()).toEqual(['add-member', 'add-member', 'change-role', 'remove-member']);
    const run = await s.apply(file, ['--only', group]);
    const outcomes = lastRunOutcomes(await s.journal(file));
    expect([...outcomes.keys()].sort()).toEqual(changes.map((c) => c.id).sort());
    // An addition whose account the run does not create is refused by Google (no such account in the domain): the rest is made.
    const lucas = changes.find((c) => c.kind === 'add-member' && c.member === '20312@maplewood.example.org');
    expect(outcomes.get(lucas!.id)).toBe('failed');
    expect(run.code).toBe(1);
    const alg = s.emu.state().groups.find((g) => g.email === group);
    expect(alg?.members.map((m) => `${m.email} ${m.role}`)).toEqual([
      '20311@maplewood.example.org MEMBER',
      '20313@maplewood.example.org MEMBER',
      '20314@maplewood.example.org MEMBER',
      'guardian.lee@gmail.com MEMBER',
      'kbrown@maplewood.example.org MANAGER',
      'rjones@maplewood.example.org OWNER',
    ]);
  });
});

describe('the drift stop', () => {
  it('stops once more than maxDriftedChanges changes have drifted, skipping the rest', async () => {
    s = await Scenario.start({ latencyMs: 5 });
    const config = await withSafety(s, 'drift.json', { maxDriftedChanges: 1 });
    // Plan from a snapshot that is wrong about several accounts: each of their changes is drifted live.
    const snap = await readSnapshotFile(path.join(path.dirname(SOURCE_DIR), 'google-snapshot.jsonl'));
    for (const u of snap.users) if (u.primaryEmail.startsWith('2030')) u.orgUnitPath = '/Students/CMS Students/6th';
    const snapFile = path.join(s.dir, 'wrong.jsonl');
    await writeSnapshotFile(snapFile, snap);
    const planFile = path.join(s.dir, 'wrong.json');
    expect((await cli(['plan', '--config', config, '--source-dir', SOURCE_DIR, '--google-snapshot', snapFile, '--today', TODAY, '--out', planFile])).code).toBe(0);
    const run = await cli(['apply', planFile, '--config', config, '--today', TODAY, '--override-holds'], { ...s.env });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/changes had drifted \(safety\.maxDriftedChanges is 1\)/);
    const outcomes = [...lastRunOutcomes(await s.journal(planFile)).values()];
    expect(outcomes.filter((o) => o === 'drifted').length).toBeGreaterThanOrEqual(2);
    expect(outcomes).toContain('skipped');
  });
});
