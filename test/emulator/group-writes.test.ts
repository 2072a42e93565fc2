/** The group endpoints managed groups need: groups made, renamed and deleted, members added by role and re-roled. */
import { describe, expect, it } from 'vitest';
import type { DirectoryMember, SnapshotGroup } from '../../src/targets/google/directory-types.js';
import { failure, seed, user, withEmulator } from './client.js';

const member = (email: string, role: DirectoryMember['role'] = 'MEMBER'): DirectoryMember => ({ email, role });
const group = (email: string, members: DirectoryMember[]): SnapshotGroup => ({ email, name: email, members });

const state = seed({
  users: [user('kid@school.org'), user('teacher@school.org')],
  groups: [group('club@school.org', [member('kid@school.org')]), group('parents@school.org', [member('club@school.org')])],
});

describe('group writes', () => {
  it('creates a group (409 at a taken address), gets it with no members, updates and deletes it', async () => {
    await withEmulator({ seed: state }, async (emu, directory) => {
      const made = await directory.groups.insert({ requestBody: { email: 'Alg1-3@school.org', name: 'Algebra 1 (3)', description: 'Room 301' } });
      expect(made.data).toMatchObject({ kind: 'admin#directory#group', email: 'Alg1-3@school.org', name: 'Algebra 1 (3)', description: 'Room 301', directMembersCount: '0' });
      expect(made.data.id).toMatch(/^[0-9a-z]{15}$/);
      for (const taken of ['alg1-3@school.org', 'kid@school.org']) {
        expect(await failure(directory.groups.insert({ requestBody: { email: taken, name: 'x' } }))).toMatchObject({ status: 409, message: 'Entity already exists.', reason: 'duplicate' });
      }
      expect(await failure(directory.groups.insert({ requestBody: { name: 'no address' } }))).toMatchObject({ status: 400, reason: 'required' });
      expect(await failure(directory.groups.insert({ requestBody: { email: 'x@school.org', description: 'd'.repeat(4097) } }))).toMatchObject({ status: 400, reason: 'invalid' });

      const byId = await directory.groups.get({ groupKey: made.data.id as string });
      expect(byId.data.email).toBe('Alg1-3@school.org');
      const patched = await directory.groups.patch({ groupKey: 'alg1-3@school.org', requestBody: { name: 'Algebra 1, section 3' } });
      expect(patched.data).toMatchObject({ name: 'Algebra 1, section 3', description: 'Room 301' });
      expect(patched.data.etag).not.toBe(made.data.etag);
      const renamed = await directory.groups.update({ groupKey: 'alg1-3@school.org', requestBody: { email: 'alg1-03@school.org' } });
      expect(renamed.data.id).toBe(made.data.id);
      expect((await failure(directory.groups.get({ groupKey: 'alg1-3@school.org' }))).status).toBe(404);
      expect(await failure(directory.groups.update({ groupKey: 'alg1-03@school.org', requestBody: { email: 'club@school.org' } }))).toMatchObject({ status: 409 });

      expect((await directory.groups.delete({ groupKey: 'alg1-03@school.org' })).status).toBe(204);
      expect(await failure(directory.groups.delete({ groupKey: 'alg1-03@school.org' }))).toMatchObject({ status: 404, message: 'Resource Not Found: groupKey' });
      expect(emu.state().groups.map((g) => g.email)).toEqual(['club@school.org', 'parents@school.org']);
      expect(emu.stats().byRoute).toMatchObject({ 'groups.insert': 5, 'groups.patch': 1, 'groups.update': 2, 'groups.delete': 2 });
    });
  });

  it('deleting a group takes it out of the groups it was a member of', async () => {
    await withEmulator({ seed: state }, async (emu, directory) => {
      await directory.groups.delete({ groupKey: 'club@school.org' });
      expect(emu.state().groups).toEqual([expect.objectContaining({ email: 'parents@school.org', members: [] })]);
    });
  });

  it('adds a member in a role, changes the role (PUT and PATCH), and refuses what Google refuses', async () => {
    await withEmulator({ seed: state }, async (emu, directory) => {
      const added = await directory.members.insert({ groupKey: 'club@school.org', requestBody: { email: 'teacher@school.org', role: 'OWNER' } });
      expect(added.data).toMatchObject({ email: 'teacher@school.org', role: 'OWNER', type: 'USER' });
      const patched = await directory.members.patch({ groupKey: 'club@school.org', memberKey: 'TEACHER@school.org', requestBody: { role: 'manager' } });
      expect(patched.data).toMatchObject({ email: 'teacher@school.org', role: 'MANAGER' });
      const byId = await directory.members.update({ groupKey: 'club@school.org', memberKey: added.data.id as string, requestBody: { role: 'MEMBER' } });
      expect(byId.data.role).toBe('MEMBER');
      expect(await failure(directory.members.patch({ groupKey: 'club@school.org', memberKey: 'teacher@school.org', requestBody: { role: 'BOSS' } }))).toMatchObject({ status: 400, reason: 'invalid' });
      expect(await failure(directory.members.patch({ groupKey: 'club@school.org', memberKey: 'nobody@school.org', requestBody: { role: 'OWNER' } }))).toMatchObject({
        status: 404,
        message: 'Resource Not Found: memberKey',
      });
      // An address in the customer's own domain that no user or group has cannot be a member; one outside it can.
      expect(await failure(directory.members.insert({ groupKey: 'club@school.org', requestBody: { email: 'ghost@school.org' } }))).toMatchObject({
        status: 404,
        message: 'Resource Not Found: memberKey',
      });
      const outside = await directory.members.insert({ groupKey: 'club@school.org', requestBody: { email: 'parent@gmail.com' } });
      expect(outside.data).toMatchObject({ email: 'parent@gmail.com', role: 'MEMBER' });
      const club = emu.state().groups.find((g) => g.email === 'club@school.org');
      expect(club?.members.map((m) => [m.email, m.role])).toEqual([
        ['kid@school.org', 'MEMBER'],
        ['parent@gmail.com', 'MEMBER'],
        ['teacher@school.org', 'MEMBER'],
      ]);
    });
  });
});
