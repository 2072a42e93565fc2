import { describe, expect, it } from 'vitest';
import { manualClock } from '../../src/emulator-kit/clock.js';
import { startEmulator } from '../../src/targets/google/emulator/server.js';
import { failure, seed, user, withEmulator } from './client.js';

const orgUnits = [{ orgUnitPath: '/Staff' }, { orgUnitPath: '/Staff/Former' }, { orgUnitPath: '/Archive' }];
const teacher = user('teacher@school.org', { id: '100000000000000000007', orgUnitPath: '/Staff/Former', suspended: true, aliases: ['t@school.org'] });
const groups = [{ email: 'staff@school.org', members: [{ email: 'teacher@school.org' }, { email: 'other@school.org' }] }];

describe('users.delete and users.undelete', () => {
  it('deletes an account out of its groups, freeing its addresses, and restores it by id within 20 days', async () => {
    const time = manualClock('2026-06-01T00:00:00.000Z');
    await withEmulator({ seed: seed({ users: [teacher, user('other@school.org')], groups, orgUnits }), clock: time.clock }, async (emu, directory) => {
      expect((await directory.users.delete({ userKey: 'teacher@school.org' })).status).toBe(204);
      expect(await failure(directory.users.get({ userKey: 'teacher@school.org' }))).toMatchObject({ status: 404, message: 'Resource Not Found: userKey' });
      expect(await failure(directory.users.get({ userKey: teacher.id as string }))).toMatchObject({ status: 404 });
      expect(await failure(directory.users.delete({ userKey: 'teacher@school.org' }))).toMatchObject({ status: 404 });
      expect(emu.state().users.map((u) => u.primaryEmail)).toEqual(['other@school.org']);
      expect(emu.state().groups[0]?.members.map((m) => m.email)).toEqual(['other@school.org']);

      const listed = await directory.users.list({ customer: 'my_customer' });
      expect(listed.data.users?.map((u) => u.primaryEmail)).toEqual(['other@school.org']);
      const deleted = await directory.users.list({ customer: 'my_customer', showDeleted: 'true' });
      expect(deleted.data.users).toEqual([expect.objectContaining({ id: teacher.id, primaryEmail: 'teacher@school.org', deletionTime: '2026-06-01T00:00:00.000Z', suspended: true })]);
      expect(emu.state().deletedUsers.map((u) => [u.primaryEmail, u.deletionTime])).toEqual([['teacher@school.org', '2026-06-01T00:00:00.000Z']]);

      // By email it is not found: the API restores by the account's immutable id.
      expect(await failure(directory.users.undelete({ userKey: 'teacher@school.org', requestBody: {} }))).toMatchObject({ status: 404 });
      time.advanceDays(19);
      expect((await directory.users.undelete({ userKey: teacher.id as string, requestBody: {} })).status).toBe(204);
      const back = await directory.users.get({ userKey: 't@school.org' });
      // Back where it was, still suspended, without the groups it lost.
      expect(back.data).toMatchObject({ id: teacher.id, primaryEmail: 'teacher@school.org', orgUnitPath: '/Staff/Former', suspended: true });
      expect(back.data).not.toHaveProperty('deletionTime');
      expect(emu.state().groups[0]?.members.map((m) => m.email)).toEqual(['other@school.org']);
      expect(emu.state().deletedUsers).toEqual([]);
      expect(emu.stats()).toMatchObject({ mutations: 2, byRoute: { 'users.delete': 2, 'users.undelete': 2 } });
    });
  });

  it('restores into the org unit the request names, and refuses an unknown one', async () => {
    await withEmulator({ seed: seed({ users: [teacher], orgUnits }) }, async (_emu, directory) => {
      await directory.users.delete({ userKey: 'teacher@school.org' });
      const badOu = await failure(directory.users.undelete({ userKey: teacher.id as string, requestBody: { orgUnitPath: '/Nowhere' } }));
      expect(badOu).toMatchObject({ status: 400, message: 'Invalid Input: INVALID_OU_ID' });
      await directory.users.undelete({ userKey: teacher.id as string, requestBody: { orgUnitPath: '/archive' } });
      expect((await directory.users.get({ userKey: 'teacher@school.org' })).data.orgUnitPath).toBe('/Archive');
    });
  });

  it('cannot restore after 20 days, nor while another account holds one of its addresses', async () => {
    const time = manualClock('2026-06-01T00:00:00.000Z');
    const student = { primaryEmail: 'teacher@school.org', name: { givenName: 'New', familyName: 'Person' }, password: 'long-enough-1' };
    await withEmulator({ seed: seed({ users: [teacher, user('x@school.org')], orgUnits }), clock: time.clock }, async (emu, directory) => {
      await directory.users.delete({ userKey: 'teacher@school.org' });
      // The address is free again: a new account takes it, with an id of its own.
      const reused = await directory.users.insert({ requestBody: student });
      expect(reused.data.id).not.toBe(teacher.id);
      expect(await failure(directory.users.undelete({ userKey: teacher.id as string, requestBody: {} }))).toMatchObject({ status: 409, reason: 'duplicate' });
      await directory.users.delete({ userKey: 'teacher@school.org' });
      // An alias counts too.
      await directory.users.update({ userKey: 'x@school.org', requestBody: { primaryEmail: 't@school.org' } });
      expect(await failure(directory.users.undelete({ userKey: teacher.id as string, requestBody: {} }))).toMatchObject({ status: 409 });
      // The same address deleted twice: two accounts, told apart by id.
      expect(emu.state().deletedUsers.map((u) => u.id).sort()).toEqual([reused.data.id, teacher.id].sort());

      time.advanceDays(20);
      expect(await failure(directory.users.undelete({ userKey: teacher.id as string, requestBody: {} }))).toMatchObject({ status: 404 });
      expect((await directory.users.list({ customer: 'my_customer', showDeleted: 'true' })).data).not.toHaveProperty('users');
      expect(emu.state().deletedUsers).toEqual([]);
    });
  });

  it('starts with accounts a seed says were deleted, restorable until their window closes', async () => {
    const time = manualClock('2026-06-21T00:00:00.000Z');
    const deletedUsers = [
      { ...user('old@school.org', { id: '100000000000000000011' }), deletionTime: '2026-05-31T00:00:00.000Z' },
      { ...user('recent@school.org', { id: '100000000000000000012' }), deletionTime: '2026-06-19T00:00:00.000Z' },
    ];
    await withEmulator({ seed: seed({ deletedUsers }), clock: time.clock }, async (emu, directory) => {
      const listed = await directory.users.list({ customer: 'my_customer', showDeleted: 'true', maxResults: 1 });
      expect(listed.data.users?.map((u) => u.primaryEmail)).toEqual(['recent@school.org']);
      expect(listed.data).not.toHaveProperty('nextPageToken');
      await directory.users.undelete({ userKey: '100000000000000000012', requestBody: {} });
      expect(emu.state().users.map((u) => u.primaryEmail)).toEqual(['recent@school.org']);
    });
    await expect(startEmulator({ seed: seed({ deletedUsers: [{ ...user('x@school.org'), deletionTime: 'yesterday' }] }) })).rejects.toMatchObject({ code: 'SNAPSHOT_INVALID' });
  });
});
