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

/** The fixture district behind 1,200 unmanaged accounts that sort first: its own accounts are on the third page of the listing. */
async function seedWithFillers() {
  const seed = await fixtureGoogle();
  const fillers: DirectoryUser[] = Array.from({ length: 1200 }, (_, i) => ({
    kind: 'admin#directory#user',
    primaryEmail: at(`0filler-${String(i).padStart(4, '0')}`),
    name: { givenName: 'Filler', familyName: String(i) },
    orgUnitPath: '/Service Accounts',
    suspended: false,
  }));
  seed.users.push(...fillers);
  return seed;
}

let s: Scenario | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

describe('freshness of the reads apply acts on', () => {
  it('list mode: an admin moves an account after the run started, before its page is read: refused as drifted, not overwritten', async () => {
    let admin: (() => Promise<unknown>) | undefined;
    const listings: string[] = [];
    s = await Scenario.start({
      seed: await seedWithFillers(),
      onRequest: async (request: EmulatorRequest) => {
        if (request.route !== 'users.list') return;
        listings.push(request.query.get('pageToken') ?? 'first');
        // The second page is asked for: the run is under way, the fixture's page not yet read.
        if (listings.length === 2 && admin) await admin();
      },
    });
    const { file, plan } = await s.plan();
    const google = directoryClient(s.emu);
    admin = () => google.users.update({ userKey: at('20304'), requestBody: { orgUnitPath: '/Students/MES Students/5th' } });
    const run = await s.apply(file, ['--read', 'list']);

    expect(listings.length).toBe(3);
    expect(run.code).toBe(1);
    const lines = (await s.journal(file)).filter((l): l is ChangeLine => l.type === 'change');
    const moved = lines.find((l) => l.address === at('20304') && l.kind === 'update');
    expect(moved).toMatchObject({ outcome: 'drifted', attempts: 0, differences: [{ path: '/orgUnitPath', live: '/Students/MES Students/5th', expected: '/Students/ORE Students/2nd' }] });
    expect(s.emu.state().users.find((u) => u.primaryEmail === at('20304'))?.orgUnitPath).toBe('/Students/MES Students/5th');
    // Everything else was applied from the pages, with no get per account.
    expect(lines.filter((l) => l.outcome === 'done')).toHaveLength(plan.changes.length - 1);
    expect(s.emu.stats().byRoute['users.get'] ?? 0).toBe(0);
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
    const target = plan.changes.find((c) => c.address === at('pwhite') && c.kind === 'update');
    expect(target).toBeDefined();
    admin = () => google.users.update({ userKey: at('pwhite'), requestBody: { orgUnitPath: '/Staff/District Office Staff' } });
    const run = await s.apply(file, ['--read', 'list']);

    expect(run.code).toBe(1);
    const journal = await s.journal(file);
    expect(journal.find((l): l is RunStartedLine => l.type === 'run-started')?.flags).toMatchObject({ read: 'list', freshnessSeconds: 0.3 });
    const line = journal.find((l): l is ChangeLine => l.type === 'change' && l.id === target!.id);
    expect(line).toMatchObject({ outcome: 'drifted', attempts: 0, differences: [expect.objectContaining({ path: '/orgUnitPath', live: '/Staff/District Office Staff' })] });
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
    expect(lines.find((l) => l.address === at('20316'))).toMatchObject({ outcome: 'drifted', differences: [expect.objectContaining({ path: '/orgUnitPath', live: '/Students/MES Students/5th' })] });
  });
});
