/**
 * Apply never acts on a read older than the freshness bound. With the listing (--read list) it
 * reads a page and acts on that page's accounts at once, so an admin's change made while the
 * run works through earlier pages is seen, not overwritten; and a change that lands after an
 * account's page was read is still seen when acting comes later than the bound allows (the
 * account is read again first).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ChangeLine, RunStartedLine } from '../../src/apply/journal.js';
import type { EmulatorRequest } from '../../src/targets/google/emulator/server.js';
import type { DirectoryUser } from '../../src/targets/google/directory-types.js';
import { directoryClient } from '../emulator/client.js';
import { fixtureGoogle, Scenario } from './harness.js';

const at = (local: string) => `${local}@maplewood.example.org`;

const filler = (local: string, i: number): DirectoryUser => ({
  kind: 'admin#directory#user',
  primaryEmail: at(local),
  name: { givenName: 'Filler', familyName: String(i) },
  orgUnitPath: '/Service Accounts',
  suspended: false,
});

/** The fixture district behind 1,200 unmanaged accounts that sort first: all its accounts are on the listing's last page. */
async function seedWithFillers() {
  const seed = await fixtureGoogle();
  seed.users.push(...Array.from({ length: 1200 }, (_, i) => filler(`0filler-${String(i).padStart(4, '0')}`, i)));
  return seed;
}

/**
 * The students (20304...) on the listing's first page, then 1,500 unmanaged accounts, the
 * staff (bmoore...), then 1,500 more: whichever end the listing is read from, the staff's page is
 * the fourth, read well after the students' changes have been made.
 */
async function seedWithStaffInTheMiddle() {
  const seed = await fixtureGoogle();
  seed.users.push(...Array.from({ length: 1500 }, (_, i) => filler(`a-filler-${String(i).padStart(4, '0')}`, i)));
  seed.users.push(...Array.from({ length: 1500 }, (_, i) => filler(`z-filler-${String(i).padStart(4, '0')}`, i)));
  return seed;
}

let s: Scenario | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

describe('freshness of the reads apply acts on', () => {
  it('list mode: an admin moves an account after the run started making changes, before its page is read: refused as drifted, not overwritten', async () => {
    let admin: (() => Promise<unknown>) | undefined;
    let adminDone: Promise<unknown> | undefined;
    s = await Scenario.start({
      seed: await seedWithStaffInTheMiddle(),
      latencyMs: 60,
      onRequest: async (request: EmulatorRequest) => {
        // The admin's own request (by address; apply writes by Google id) goes straight through.
        if (decodeURIComponent(request.path).includes(at('pwhite'))) return;
        // The run's first change (a student, on the first page): the admin moves a staff member then.
        if (request.route === 'users.update' && adminDone === undefined && admin) adminDone = admin();
        if (request.route === 'users.update' || request.route === 'users.list') await adminDone;
      },
    });
    const { file, plan } = await s.plan();
    const google = directoryClient(s.emu);
    const target = plan.changes.find((c) => 'address' in c && c.address === at('pwhite') && c.kind === 'update');
    expect(target?.kind === 'update' && target.actions).toEqual(['move']);
    admin = () => google.users.update({ userKey: at('pwhite'), requestBody: { orgUnitPath: '/Staff/District Office Staff' } });
    const run = await s.apply(file, ['--read', 'list']);

    expect(run.code).toBe(1);
    const lines = (await s.journal(file)).filter((l): l is ChangeLine => l.type === 'change');
    const moved = lines.find((l) => l.id === target!.id);
    expect(moved).toMatchObject({ outcome: 'drifted', attempts: 0, differences: [{ path: '/placement', live: ['/Staff/District Office Staff'], expected: ['/Staff/Maplewood Elementary Staff'] }] });
    expect(s.emu.state().users.find((u) => u.primaryEmail === at('pwhite'))?.orgUnitPath).toBe('/Staff/District Office Staff');
    // Everything else was applied from the pages, with no get per account, and without reading all 7 pages from both ends.
    expect(lines.filter((l) => l.outcome === 'done')).toHaveLength(plan.changes.length - 1);
    expect(s.emu.stats().byRoute['users.get'] ?? 0).toBe(0);
    expect(s.emu.stats().byRoute['users.list']).toBeLessThanOrEqual(10);
  });

  it('list mode: a change that lands after the page was read is seen, once acting comes later than the bound (the account is read again)', async () => {
    const updates: string[] = [];
    let admin: (() => Promise<unknown>) | undefined;
    s = await Scenario.start(
      {
        seed: await seedWithFillers(),
        latencyMs: 40,
        onRequest: async (request: EmulatorRequest) => {
          if (request.route !== 'users.update' || !admin) return;
          updates.push(request.path);
          // The first write of the fixture's page: its page was read a moment ago, pwhite not yet acted on.
          if (updates.length === 1) await admin();
        },
      },
      { concurrency: 1 },
      { apply: { freshnessSeconds: 0.3 } },
    );
    const { file, plan } = await s.plan();
    const google = directoryClient(s.emu);
    const target = plan.changes.find((c) => 'address' in c && c.address === at('pwhite') && c.kind === 'update');
    expect(target).toBeDefined();
    admin = () => google.users.update({ userKey: at('pwhite'), requestBody: { orgUnitPath: '/Staff/District Office Staff' } });
    const run = await s.apply(file, ['--read', 'list']);

    expect(run.code).toBe(1);
    const journal = await s.journal(file);
    expect(journal.find((l): l is RunStartedLine => l.type === 'run-started')?.flags).toMatchObject({ read: 'list', freshnessSeconds: 0.3 });
    const line = journal.find((l): l is ChangeLine => l.type === 'change' && l.id === target!.id);
    expect(line).toMatchObject({ outcome: 'drifted', attempts: 0, differences: [expect.objectContaining({ path: '/placement', live: ['/Staff/District Office Staff'] })] });
    expect(s.emu.state().users.find((u) => u.primaryEmail === at('pwhite'))?.orgUnitPath).toBe('/Staff/District Office Staff');
    // Accounts whose turn came too late were read again before their change went out.
    expect(s.emu.stats().byRoute['users.get'] ?? 0).toBeGreaterThan(0);
  });

  it('each mode: an account changed by an admin after the run started is read as it is then, and refused', async () => {
    let admin: (() => Promise<unknown>) | undefined;
    let gets = 0;
    s = await Scenario.start(
      {
        onRequest: async (request: EmulatorRequest) => {
          if (request.route === 'users.get' && ++gets === 1 && admin) await admin();
        },
      },
      // One account at a time, so every other account is read after the admin's change.
      { concurrency: 1 },
    );
    const { file } = await s.plan();
    const google = directoryClient(s.emu);
    admin = () => google.users.update({ userKey: at('20316'), requestBody: { orgUnitPath: '/Students/MES Students/5th' } });
    const run = await s.apply(file, ['--read', 'each']);
    expect(run.code).toBe(1);
    const lines = (await s.journal(file)).filter((l): l is ChangeLine => l.type === 'change');
    expect(lines.find((l) => l.address === at('20316'))).toMatchObject({ outcome: 'drifted', differences: [expect.objectContaining({ path: '/placement', live: ['/Students/MES Students/5th'] })] });
  });
});

describe('list mode finds what moved in the listing', () => {
  it('an account renamed since the plan is not on its page: it is read by itself (by Google id) and its change made', async () => {
    s = await Scenario.start({ seed: await seedWithFillers() });
    const { file, plan } = await s.plan();
    const target = plan.changes.find((c) => 'address' in c && c.address === at('20306') && c.kind === 'update');
    expect(target?.kind === 'update' && target.actions).toEqual(['move']);
    // Renamed by hand: now listed among the fillers, far from where the plan expects it.
    await directoryClient(s.emu).users.update({ userKey: at('20306'), requestBody: { primaryEmail: at('00-renamed-20306') } });
    s.emu.resetStats();
    const run = await s.apply(file, ['--read', 'list']);
    expect(run.code, run.stderr).toBe(0);
    const line = (await s.journal(file)).find((l): l is ChangeLine => l.type === 'change' && l.id === target!.id);
    expect(line).toMatchObject({ outcome: 'done' });
    expect(s.emu.stats().byRoute['users.get']).toBe(1);
    expect(s.emu.state().users.find((u) => u.primaryEmail === at('00-renamed-20306'))?.orgUnitPath).toBe(target!.kind === 'update' ? target!.after.placement[0] : '');
  });
});
