/**
 * The live reader against the Directory API emulator, through the real client and our
 * createDirectoryClient (static token, client retry off).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GoogleConfig } from '../../src/config/types.js';
import { createDirectoryClient } from '../../src/targets/google/client.js';
import type { DirectoryUser, GoogleState, SnapshotGroup } from '../../src/targets/google/directory-types.js';
import { startEmulator, type RunningEmulator } from '../../src/targets/google/emulator/server.js';
import { LiveReader, type ReadProgress } from '../../src/targets/google/live-reader.js';
import { googleScheduler } from '../../src/targets/google/scheduler.js';
import { googleConfig } from '../google-builders.js';

const N = 2345;
const ORG_UNITS = ['/Students', '/Students/HS', '/Students/MS', '/Students/MS/6', '/Staff', '/Staff/District', '/Suspended', '/Empty'];
/** Where users go, round robin; '/' (directly in the root) included. */
const PLACES = ['/', '/Students', '/Students/HS', '/Students/MS/6', '/Staff', '/Staff/District', '/Suspended'];

function seed(): GoogleState {
  const users: DirectoryUser[] = [];
  for (let i = 0; i < N; i++) {
    // Mixed first characters (digits, letters, punctuation) so no ordering shortcut can hide a user.
    const local = i % 3 === 0 ? `${100000 + i}` : i % 3 === 1 ? `user.${i}` : `_x${i}`;
    users.push({
      kind: 'admin#directory#user',
      primaryEmail: `${local}@d118.org`,
      name: { givenName: `Given${i}`, familyName: `Family${i}`, fullName: `Given${i} Family${i}` },
      suspended: i % 7 === 6,
      orgUnitPath: PLACES[i % PLACES.length] as string,
      customSchemas: { Rollcall: { DCID: String(i) }, Other: { secretish: `x${i}` } },
      ...(i % 50 === 0 ? { aliases: [`alias${i}@d118.org`] } : {}),
    });
  }
  const groups: SnapshotGroup[] = [
    { kind: 'admin#directory#group', email: 'hs-students@d118.org', name: 'HS', members: [m('user.1@d118.org'), m('100003@d118.org'), m('_x5@d118.org')] },
    { kind: 'admin#directory#group', email: 'staff@d118.org', name: 'Staff', members: [m('user.1@d118.org', 'OWNER'), m('user.4@d118.org')] },
    { kind: 'admin#directory#group', email: 'nobody-asked@d118.org', name: 'Other', members: [m('user.7@d118.org')] },
  ];
  return { users, groups, orgUnits: ORG_UNITS.map((orgUnitPath) => ({ kind: 'admin#directory#orgUnit', orgUnitPath })) };
}

function m(email: string, role: 'OWNER' | 'MANAGER' | 'MEMBER' = 'MEMBER') {
  return { email, role, type: 'USER' as const };
}

function config(rootUrl: string): GoogleConfig {
  return googleConfig({ rootUrl, auth: { mode: 'static-token' }, requestsPerMinute: 100_000, maxRetries: 3 });
}

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ seed: seed(), latencyMs: 2 });
});
afterAll(async () => {
  await emulator.close();
});

async function reader(customSchemas: readonly string[] | 'all', onProgress?: (p: ReadProgress) => void): Promise<LiveReader> {
  const { directory } = await createDirectoryClient(config(emulator.url), {});
  const scheduler = googleScheduler({ requestsPerMinute: 100_000, concurrency: 8, maxRetries: 3, baseDelayMs: 5 });
  return new LiveReader({ api: directory, scheduler, customer: 'my_customer', customSchemas, ...(onProgress ? { onProgress } : {}) });
}

describe('LiveReader against the emulator', () => {
  it(`reads all ${N} users, each exactly once (users directly in '/' included), in at most ceil(N/500)+20 calls`, async () => {
    const progress: ReadProgress[] = [];
    const live = await reader(['Rollcall'], (p) => progress.push(p));
    emulator.resetStats();
    const state = await live.readState();

    const expected = emulator.state().users;
    expect(state.users).toHaveLength(N);
    expect(new Set(state.users.map((u) => u.id)).size).toBe(N);
    expect(state.users.map((u) => u.primaryEmail).sort()).toEqual(expected.map((u) => u.primaryEmail).sort());
    expect(state.users.filter((u) => u.orgUnitPath === '/').length).toBe(Math.ceil(N / PLACES.length));
    expect(state.groups).toEqual([]);
    expect(state.orgUnits.map((o) => o.orgUnitPath)).toEqual([...ORG_UNITS].sort());

    const stats = live.stats();
    const budget = Math.ceil(N / 500) + 20;
    expect(stats.calls).toBeLessThanOrEqual(budget);
    expect(emulator.stats().requests).toBe(stats.calls);
    expect(stats.byMethod['orgunits.list']).toBe(1);
    expect(stats.userListing?.mode).toMatch(/two-ended|ascending/);

    // Progress reports pages and users as they come, never more users than exist.
    const userPages = progress.filter((p) => p.phase === 'users');
    expect(userPages.length).toBeGreaterThanOrEqual(Math.ceil(N / 500));
    expect(Math.max(...userPages.map((p) => p.users))).toBe(N);
  });

  it('asks only for the configured custom schemas (projection custom), all of them with full, none with basic', async () => {
    const custom = await (await reader(['Rollcall'])).readUsers();
    expect(custom.every((u) => Object.keys(u.customSchemas ?? {}).join() === 'Rollcall')).toBe(true);
    const one = custom.find((u) => u.primaryEmail === 'user.1@d118.org');
    expect(one?.customSchemas).toEqual({ Rollcall: { DCID: '1' } });
    expect(one).toMatchObject({ name: { givenName: 'Given1', familyName: 'Family1' }, orgUnitPath: '/Students', suspended: false });

    const full = await (await reader('all')).readUsers();
    expect(full.find((u) => u.primaryEmail === 'user.1@d118.org')?.customSchemas).toEqual({ Rollcall: { DCID: '1' }, Other: { secretish: 'x1' } });

    const basic = await (await reader([])).readUsers();
    expect(basic.every((u) => u.customSchemas === undefined)).toBe(true);
  });

  it('reads memberships only for the given accounts, with their roles', async () => {
    const live = await reader(['Rollcall']);
    emulator.resetStats();
    const groups = await live.readMemberships(['USER.1@d118.org', '_x5@d118.org', 'user.10@d118.org', 'user.1@d118.org']);

    expect(groups.map((g) => g.email)).toEqual(['hs-students@d118.org', 'staff@d118.org']);
    expect(groups[0]?.members.map((x) => [x.email, x.role])).toEqual([
      ['_x5@d118.org', 'MEMBER'],
      ['user.1@d118.org', 'MEMBER'],
    ]);
    expect(groups[1]?.members.map((x) => [x.email, x.role])).toEqual([['user.1@d118.org', 'OWNER']]);
    // 3 distinct accounts -> 3 groups.list; 3 memberships -> 3 members.get. Nothing else.
    expect(live.stats().byMethod).toEqual({ 'groups.list': 3, 'members.get': 3 });
    expect(emulator.stats().requests).toBe(6);
  });

  it('an account without groups (or gone) adds nothing; with roles off, one call per account', async () => {
    const live = await reader([]);
    const groups = await live.readMemberships(['gone@d118.org', 'user.4@d118.org'], { roles: false });
    expect(groups.map((g) => [g.email, g.members.map((x) => x.email)])).toEqual([['staff@d118.org', ['user.4@d118.org']]]);
    expect(live.stats().byMethod).toEqual({ 'groups.list': 2 });
  });

  it('survives injected quota errors and 5xx through the scheduler, still each user once', async () => {
    emulator.setFaults([
      { method: 'GET', pathPattern: '/users', status: 403, reason: 'userRateLimitExceeded', when: 'before', times: 2 },
      { method: 'GET', pathPattern: '/users', status: 503, when: 'before', every: 4, times: 2 },
    ]);
    try {
      const live = await reader(['Rollcall']);
      const users = await live.readUsers();
      expect(users).toHaveLength(N);
      expect(new Set(users.map((u) => u.id)).size).toBe(N);
      expect(live.stats().calls).toBeGreaterThan(Math.ceil(N / 500));
    } finally {
      emulator.setFaults([]);
    }
  });
});
