/** --only / --exclude, and reading accounts from one listing instead of one get each. */
import { afterEach, describe, expect, it } from 'vitest';
import { chooseReadMode } from '../../src/apply/account-reader.js';
import { lastRunOutcomes, Scenario } from './harness.js';

let s: Scenario | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

describe('--only and --exclude', () => {
  it('applies only the named changes; the rest are held back, not failed', async () => {
    s = await Scenario.start();
    const { file, plan } = await s.plan();
    const [a, b] = plan.changes.filter((c) => c.kind === 'update');
    const run = await s.apply(file, ['--only', a!.id, b!.id]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/applying 2 changes \(2 accounts\) of .*, \d+ held back/);
    expect([...lastRunOutcomes(await s.journal(file)).keys()].sort()).toEqual([a!.id, b!.id].sort());

    const rest = await s.apply(file, ['--exclude', a!.id]);
    expect(rest.code).toBe(0);
    const outcomes = lastRunOutcomes(await s.journal(file));
    expect(outcomes.size).toBe(plan.changes.length - 1);
    expect(outcomes.get(b!.id)).toBe('already-done');
  });

  it('refuses an id the plan does not hold', async () => {
    s = await Scenario.start();
    const { file } = await s.plan();
    const run = await s.apply(file, ['--only', 'ch_0000000000000000']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/\[USAGE\]: --only: the plan has no change with id or address ch_0000000000000000/);
  });
});

describe('reading accounts', () => {
  it('chooses one listing only when it is clearly cheaper than a get per account', () => {
    expect(chooseReadMode('auto', 25, 47, 500)).toBe('each');
    expect(chooseReadMode('auto', 5_000, 20_000, 500)).toBe('list');
    expect(chooseReadMode('auto', 300, 100_000, 500)).toBe('each');
    expect(chooseReadMode('list', 1, 100_000, 500)).toBe('list');
  });

  it('reaches the same end state from a listing, with one users.list instead of a get per account', async () => {
    s = await Scenario.start();
    const { file, plan } = await s.plan();
    s.emu.resetStats();
    const run = await s.apply(file, ['--read', 'list']);
    expect(run.code).toBe(0);
    const { byRoute } = s.emu.stats();
    expect(byRoute['users.list']).toBeGreaterThanOrEqual(1);
    expect(byRoute['users.get'] ?? 0).toBe(0);
    expect(new Set(lastRunOutcomes(await s.journal(file)).values())).toEqual(new Set(['done']));
    expect((await s.plan()).plan.changes).toEqual([]);
    expect(plan.changes.length).toBeGreaterThan(0);
  });
});
