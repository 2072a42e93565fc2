import { describe, it, expect } from 'vitest';
import type { DirectoryMember, SnapshotGroup } from '../../src/targets/google/directory-types.js';
import { failure, seed, user, withEmulator } from './client.js';

const member = (email: string, role: DirectoryMember['role'] = 'MEMBER'): DirectoryMember => ({ email, role });
const group = (email: string, members: DirectoryMember[]): SnapshotGroup => ({ email, name: email, members });

const roster = Array.from({ length: 450 }, (_, i) => member(`s${String(i).padStart(3, '0')}@school.org`));
const state = seed({
  users: [user('kid@school.org'), user('teacher@school.org'), ...roster.map((m) => user(m.email))],
  groups: [
    group('grade9@school.org', [member('kid@school.org'), member('teacher@school.org', 'OWNER'), ...roster]),
    group('club@school.org', [member('kid@school.org', 'MANAGER'), member('outsider@gmail.com')]),
    group('staff@school.org', [member('teacher@school.org')]),
  ],
});

describe('groups', () => {
  it('lists the groups a user is a direct member of, and all groups with paging', async () => {
    await withEmulator({ seed: state }, async (_emu, directory) => {
      const mine = await directory.groups.list({ userKey: 'kid@school.org' });
      expect(mine.data.groups?.map((g) => g.email)).toEqual(['club@school.org', 'grade9@school.org']);
      const one = await directory.groups.list({ userKey: 's000@school.org', maxResults: 1 });
      expect(one.data.groups?.map((g) => g.email)).toEqual(['grade9@school.org']);
      const first = await directory.groups.list({ customer: 'my_customer', maxResults: 2 });
      expect(first.data.groups?.map((g) => g.email)).toEqual(['club@school.org', 'grade9@school.org']);
      const second = await directory.groups.list({ customer: 'my_customer', maxResults: 2, pageToken: first.data.nextPageToken as string });
      expect(second.data.groups?.map((g) => g.email)).toEqual(['staff@school.org']);
      expect(second.data.nextPageToken).toBeUndefined();
      expect((await failure(directory.groups.list({ customer: 'my_customer', maxResults: 201 }))).status).toBe(400);
      const got = await directory.groups.get({ groupKey: 'CLUB@school.org' });
      expect(got.data).toMatchObject({ kind: 'admin#directory#group', email: 'club@school.org', directMembersCount: '2' });
      expect(await failure(directory.groups.get({ groupKey: 'none@school.org' }))).toMatchObject({
        status: 404,
        message: 'Resource Not Found: groupKey',
      });
    });
  });

  it('pages members 200 at a time and filters by role', async () => {
    await withEmulator({ seed: state }, async (_emu, directory) => {
      const emails: string[] = [];
      let pageToken: string | undefined;
      let pages = 0;
      do {
        const res = await directory.members.list({ groupKey: 'grade9@school.org', maxResults: 200, ...(pageToken ? { pageToken } : {}) });
        pages++;
        emails.push(...(res.data.members ?? []).map((m) => m.email as string));
        pageToken = res.data.nextPageToken ?? undefined;
      } while (pageToken);
      expect(pages).toBe(3);
      expect(new Set(emails).size).toBe(452);
      const owners = await directory.members.list({ groupKey: 'grade9@school.org', roles: 'OWNER,MANAGER' });
      expect(owners.data.members).toEqual([expect.objectContaining({ email: 'teacher@school.org', role: 'OWNER', type: 'USER', status: 'ACTIVE' })]);
    });
  });

  it('answers hasMember, inserts members (409 when already there) and deletes them (404 when not)', async () => {
    await withEmulator({ seed: state }, async (emu, directory) => {
      expect((await directory.members.hasMember({ groupKey: 'staff@school.org', memberKey: 'teacher@school.org' })).data).toEqual({ isMember: true });
      expect((await directory.members.hasMember({ groupKey: 'staff@school.org', memberKey: 'kid@school.org' })).data).toEqual({ isMember: false });

      const added = await directory.members.insert({ groupKey: 'staff@school.org', requestBody: { email: 'Kid@School.org', role: 'MEMBER' } });
      expect(added.data).toMatchObject({ kind: 'admin#directory#member', email: 'kid@school.org', role: 'MEMBER', type: 'USER' });
      const kidId = emu.state().users.find((u) => u.primaryEmail === 'kid@school.org')?.id;
      expect(added.data.id).toBe(kidId);
      const again = await failure(directory.members.insert({ groupKey: 'staff@school.org', requestBody: { email: 'kid@school.org' } }));
      expect(again).toMatchObject({ status: 409, message: 'Member already exists.', reason: 'duplicate' });

      const removed = await directory.members.delete({ groupKey: 'staff@school.org', memberKey: 'kid@school.org' });
      expect(removed.status).toBe(204);
      expect(removed.data).toBe('');
      const notMember = await failure(directory.members.delete({ groupKey: 'staff@school.org', memberKey: 'kid@school.org' }));
      expect(notMember.body).toEqual({
        error: {
          code: 404,
          message: 'Resource Not Found: memberKey',
          errors: [{ message: 'Resource Not Found: memberKey', domain: 'global', reason: 'notFound' }],
        },
      });
      const noGroup = await failure(directory.members.delete({ groupKey: 'none@school.org', memberKey: 'kid@school.org' }));
      expect(noGroup).toMatchObject({ status: 404, message: 'Resource Not Found: groupKey' });
      const staff = emu.state().groups.find((g) => g.email === 'staff@school.org');
      expect(staff?.members.map((m) => m.email)).toEqual(['teacher@school.org']);
    });
  });

  it('keeps outside members and finds them by email', async () => {
    await withEmulator({ seed: state }, async (_emu, directory) => {
      expect((await directory.members.hasMember({ groupKey: 'club@school.org', memberKey: 'OUTSIDER@gmail.com' })).data.isMember).toBe(true);
      await directory.members.delete({ groupKey: 'club@school.org', memberKey: 'outsider@gmail.com' });
      expect((await directory.members.hasMember({ groupKey: 'club@school.org', memberKey: 'outsider@gmail.com' })).data.isMember).toBe(false);
    });
  });
});
