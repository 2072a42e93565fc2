import { describe, it, expect } from 'vitest';
import { counterClock } from '../../src/emulator-kit/clock.js';
import { failure, seed, user, withEmulator } from './client.js';

const PASSWORD = 'Pa55-never-echo-Me';
const newStudent = (email: string, extra: Record<string, unknown> = {}) => ({
  primaryEmail: email,
  name: { givenName: 'Ada', familyName: 'Lovelace' },
  password: PASSWORD,
  ...extra,
});

describe('users.insert', () => {
  it('creates a user with server fields from the injected clock, and refuses a second one at the same address', async () => {
    const options = { seed: seed({ orgUnits: [{ orgUnitPath: '/Students' }] }), clock: counterClock('2026-07-15T08:00:00.000Z', 60_000) };
    await withEmulator(options, async (emu, directory) => {
      const created = await directory.users.insert({
        requestBody: newStudent('Ada@School.org', { orgUnitPath: '/students', customSchemas: { Rollcall: { studentNumber: 7, active: true } } }),
      });
      expect(created.data).toMatchObject({
        kind: 'admin#directory#user',
        primaryEmail: 'Ada@School.org',
        name: { givenName: 'Ada', familyName: 'Lovelace', fullName: 'Ada Lovelace' },
        orgUnitPath: '/Students',
        creationTime: '2026-07-15T08:00:00.000Z',
        suspended: false,
        // Google hands custom values back as strings whatever was sent.
        customSchemas: { Rollcall: { studentNumber: '7', active: 'true' } },
      });
      expect(created.data.id).toMatch(/^\d{21}$/);
      expect(created.data.etag).toBeTruthy();
      const second = await directory.users.insert({ requestBody: newStudent('grace@school.org') });
      expect(second.data.creationTime).toBe('2026-07-15T08:01:00.000Z');

      const dup = await failure(directory.users.insert({ requestBody: newStudent('ADA@school.org') }));
      expect(dup).toMatchObject({ status: 409, message: 'Entity already exists.', reason: 'duplicate' });
      expect(dup.body).toEqual({
        error: { code: 409, message: 'Entity already exists.', errors: [{ message: 'Entity already exists.', domain: 'global', reason: 'duplicate' }] },
      });
      expect(emu.state().users).toHaveLength(2);
    });
  });

  it('refuses an alias address, an unknown org unit and missing required fields', async () => {
    await withEmulator({ seed: seed({ users: [user('staff@school.org', { aliases: ['old@school.org'] })] }) }, async (emu, directory) => {
      expect((await failure(directory.users.insert({ requestBody: newStudent('old@school.org') }))).status).toBe(409);
      const badOu = await failure(directory.users.insert({ requestBody: newStudent('x@school.org', { orgUnitPath: '/Nope' }) }));
      expect(badOu).toMatchObject({ status: 400, message: 'Invalid Input: INVALID_OU_ID', reason: 'invalid' });
      const missing = [
        { name: { givenName: 'A', familyName: 'B' }, password: PASSWORD },
        { primaryEmail: 'y@school.org', name: { familyName: 'B' }, password: PASSWORD },
        { primaryEmail: 'y@school.org', name: { givenName: 'A' }, password: PASSWORD },
        { primaryEmail: 'y@school.org', name: { givenName: 'A', familyName: 'B' } },
      ];
      for (const requestBody of missing) {
        const f = await failure(directory.users.insert({ requestBody }));
        expect(f.status).toBe(400);
        expect(f.message).toMatch(/^Invalid Input: /);
      }
      expect(emu.state().users.map((u) => u.primaryEmail)).toEqual(['staff@school.org']);
    });
  });
});

describe('users.update', () => {
  const seeded = user('kid@school.org', {
    orgUnitPath: '/Students',
    customSchemas: { Rollcall: { studentNumber: '1', grade: '9', homeroom: '101' }, Other: { keep: 'me' } },
    externalIds: [{ value: '1', type: 'organization' }, { value: 'x', type: 'custom', customType: 'old' }],
    phones: [{ value: '555', type: 'work' }],
  });
  const orgUnits = [{ orgUnitPath: '/Students' }, { orgUnitPath: '/Alumni' }];

  it('has patch semantics: omitted kept, null clears, custom schemas merged per field, arrays replaced', async () => {
    await withEmulator({ seed: seed({ users: [seeded], orgUnits }) }, async (_emu, directory) => {
      const before = await directory.users.get({ userKey: 'kid@school.org', projection: 'full' });
      const res = await directory.users.update({
        userKey: 'kid@school.org',
        requestBody: {
          suspended: true,
          orgUnitPath: '/Alumni',
          customSchemas: { Rollcall: { grade: 10, homeroom: null } },
          externalIds: [{ value: '1', type: 'organization' }],
          phones: null,
        },
      });
      expect(res.data).toMatchObject({
        primaryEmail: 'kid@school.org',
        name: seeded.name,
        suspended: true,
        suspensionReason: 'ADMIN',
        orgUnitPath: '/Alumni',
        customSchemas: { Rollcall: { studentNumber: '1', grade: '10' }, Other: { keep: 'me' } },
        externalIds: [{ value: '1', type: 'organization' }],
      });
      expect(res.data).not.toHaveProperty('phones');
      expect(res.data.etag).not.toBe(before.data.etag);

      // Deleting a schema's last field drops the schema; PATCH has the same semantics.
      const patched = await directory.users.patch({
        userKey: 'kid@school.org',
        requestBody: { customSchemas: { Other: { keep: null } }, suspended: false },
      });
      expect(patched.data.customSchemas).toEqual({ Rollcall: { studentNumber: '1', grade: '10' } });
      expect(patched.data).not.toHaveProperty('suspensionReason');
    });
  });

  it('answers 404 for an unknown user and INVALID_OU_ID for an unknown org unit, changing nothing', async () => {
    await withEmulator({ seed: seed({ users: [seeded], orgUnits }) }, async (emu, directory) => {
      const before = emu.state();
      const missing = await failure(directory.users.update({ userKey: 'nobody@school.org', requestBody: { suspended: true } }));
      expect(missing.body).toEqual({
        error: {
          code: 404,
          message: 'Resource Not Found: userKey',
          errors: [{ message: 'Resource Not Found: userKey', domain: 'global', reason: 'notFound' }],
        },
      });
      const badOu = await failure(directory.users.update({ userKey: 'kid@school.org', requestBody: { orgUnitPath: '/Nope', suspended: true } }));
      expect(badOu).toMatchObject({ status: 400, message: 'Invalid Input: INVALID_OU_ID' });
      expect(emu.state()).toEqual(before);
    });
  });

  it('renames: the old address becomes an alias, still finds the user, and group memberships follow', async () => {
    const groups = [{ email: 'class@school.org', members: [{ email: 'kid@school.org', role: 'MEMBER' as const }] }];
    await withEmulator({ seed: seed({ users: [seeded], orgUnits, groups }) }, async (emu, directory) => {
      const renamed = await directory.users.update({ userKey: 'kid@school.org', requestBody: { primaryEmail: 'ada.l@school.org' } });
      expect(renamed.data.primaryEmail).toBe('ada.l@school.org');
      expect(renamed.data.aliases).toEqual(['kid@school.org']);
      const viaAlias = await directory.users.get({ userKey: 'KID@school.org' });
      expect(viaAlias.data.primaryEmail).toBe('ada.l@school.org');
      const viaId = await directory.users.get({ userKey: renamed.data.id as string });
      expect(viaId.data.primaryEmail).toBe('ada.l@school.org');
      const members = await directory.members.list({ groupKey: 'class@school.org' });
      expect(members.data.members?.map((m) => m.email)).toEqual(['ada.l@school.org']);
      // The old address is taken now.
      const reuse = await failure(directory.users.insert({ requestBody: newStudent('kid@school.org') }));
      expect(reuse.status).toBe(409);
      expect(emu.state().users.map((u) => u.primaryEmail)).toEqual(['ada.l@school.org']);
    });
  });
});

describe('passwords', () => {
  it('never appear in any answer or in state()', async () => {
    await withEmulator({ seed: seed({ orgUnits: [{ orgUnitPath: '/Students' }] }) }, async (emu, directory) => {
      const seen: unknown[] = [];
      seen.push((await directory.users.insert({ requestBody: newStudent('p@school.org', { changePasswordAtNextLogin: true }) })).data);
      seen.push((await directory.users.update({ userKey: 'p@school.org', requestBody: { password: `${PASSWORD}-2` } })).data);
      seen.push((await directory.users.patch({ userKey: 'p@school.org', requestBody: { password: `${PASSWORD}-3`, hashFunction: 'SHA-1' } })).data);
      seen.push((await directory.users.get({ userKey: 'p@school.org', projection: 'full' })).data);
      seen.push((await directory.users.list({ customer: 'my_customer', projection: 'full' })).data);
      seen.push((await failure(directory.users.insert({ requestBody: newStudent('p@school.org') }))).body);
      seen.push(emu.state());
      const text = JSON.stringify(seen);
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain('"password"');
      expect(text).not.toContain('hashFunction');
      expect(text).toContain('"changePasswordAtNextLogin":true');
    });
  });

  it('refuses a clear-text password shorter than 8 characters', async () => {
    await withEmulator({}, async (_emu, directory) => {
      const f = await failure(directory.users.insert({ requestBody: newStudent('short@school.org', { password: 'abc' }) }));
      expect(f).toMatchObject({ status: 400, reason: 'invalid' });
    });
  });
});
