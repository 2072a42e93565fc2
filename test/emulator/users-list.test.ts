import { describe, it, expect } from 'vitest';
import type { DirectoryUser } from '../../src/targets/google/directory-types.js';
import { failure, seed, user, withEmulator, type Directory } from './client.js';

const many = (n: number): DirectoryUser[] =>
  Array.from({ length: n }, (_, i) => user(`s${String(i).padStart(5, '0')}@school.org`));

async function listAll(directory: Directory, params: Record<string, unknown>): Promise<{ emails: string[]; pages: number }> {
  const emails: string[] = [];
  let pages = 0;
  let pageToken: string | undefined;
  do {
    const res = await directory.users.list({ customer: 'my_customer', ...params, ...(pageToken ? { pageToken } : {}) });
    pages++;
    emails.push(...(res.data.users ?? []).map((u) => u.primaryEmail as string));
    pageToken = res.data.nextPageToken ?? undefined;
  } while (pageToken);
  return { emails, pages };
}

describe('users.list paging', () => {
  it('serves 1,234 users in 3 pages of at most 500, each user once, ordered by email', async () => {
    // Seeded in reverse so the order in the answer comes from the emulator, not the seed.
    await withEmulator({ seed: seed({ users: many(1234).reverse() }) }, async (_emu, directory) => {
      const { emails, pages } = await listAll(directory, { maxResults: 500 });
      expect(pages).toBe(3);
      expect(emails).toHaveLength(1234);
      expect(new Set(emails).size).toBe(1234);
      expect(emails).toEqual([...emails].sort());
    });
  });

  it('neither repeats nor skips users that existed when paging began, while users are added', async () => {
    await withEmulator({ seed: seed({ users: many(30) }) }, async (_emu, directory) => {
      const first = await directory.users.list({ customer: 'my_customer', maxResults: 10 });
      const token = first.data.nextPageToken as string;
      // Same position, same token: tokens are stable.
      const again = await directory.users.list({ customer: 'my_customer', maxResults: 10 });
      expect(again.data.nextPageToken).toBe(token);
      for (const email of ['a-before@school.org', 's00004x@school.org', 'zz-after@school.org']) {
        await directory.users.insert({
          requestBody: { primaryEmail: email, name: { givenName: 'N', familyName: 'N' }, password: 'long-enough-1' },
        });
      }
      const rest = await listAll(directory, { maxResults: 10, pageToken: token });
      const seen = [...(first.data.users ?? []).map((u) => u.primaryEmail), ...rest.emails];
      expect(seen.filter((e) => e?.startsWith('s0'))).toHaveLength(30);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toContain('zz-after@school.org');
      expect(seen).not.toContain('a-before@school.org');
    });
  });

  it('serves sortOrder DESCENDING as the exact reverse, and orderBy familyName', async () => {
    const users = [...many(25), user('zed@school.org', { name: { givenName: 'Z', familyName: 'Aaron' } })];
    await withEmulator({ seed: seed({ users }) }, async (_emu, directory) => {
      const up = await listAll(directory, { maxResults: 7, orderBy: 'email' });
      const down = await listAll(directory, { maxResults: 7, orderBy: 'email', sortOrder: 'DESCENDING' });
      expect(down.pages).toBe(4);
      expect(down.emails).toEqual([...up.emails].reverse());
      const byFamily = await listAll(directory, { maxResults: 10, orderBy: 'familyName' });
      expect(byFamily.emails[0]).toBe('zed@school.org');
      expect(byFamily.emails).toHaveLength(26);
      // A token belongs to its own listing.
      const first = await directory.users.list({ customer: 'my_customer', maxResults: 7 });
      const mixed = directory.users.list({ customer: 'my_customer', sortOrder: 'DESCENDING', pageToken: first.data.nextPageToken as string });
      expect((await failure(mixed)).status).toBe(400);
    });
  });

  it('has no users key when nothing matches, and needs customer or domain', async () => {
    await withEmulator({ seed: seed({ users: [user('a@school.org')] }) }, async (_emu, directory) => {
      const empty = await directory.users.list({ customer: 'my_customer', query: 'email:nobody*' });
      expect(empty.data).not.toHaveProperty('users');
      expect(empty.data.kind).toBe('admin#directory#users');
      expect((await failure(directory.users.list({}))).status).toBe(400);
      expect((await failure(directory.users.list({ customer: 'C0ther' }))).status).toBe(400);
      const byDomain = await directory.users.list({ domain: 'SCHOOL.org' });
      expect(byDomain.data.users?.map((u) => u.primaryEmail)).toEqual(['a@school.org']);
      const tooMany = await failure(directory.users.list({ customer: 'my_customer', maxResults: 501 }));
      expect(tooMany).toMatchObject({ status: 400, reason: 'invalid' });
      const badToken = await failure(directory.users.list({ customer: 'my_customer', pageToken: 'garbage' }));
      expect(badToken.status).toBe(400);
    });
  });

  it('ignores the fields parameter without breaking', async () => {
    await withEmulator({ seed: seed({ users: [user('a@school.org')] }) }, async (_emu, directory) => {
      const res = await directory.users.list({ customer: 'my_customer', fields: 'users(primaryEmail),nextPageToken' });
      expect(res.data.users?.[0]?.primaryEmail).toBe('a@school.org');
    });
  });
});

describe('users projection', () => {
  const withSchemas = user('a@school.org', {
    customSchemas: { Rollcall: { studentNumber: '123', grade: '9' }, Other: { x: 'y' } },
  });

  it('basic drops custom schemas, full keeps all, custom keeps only the masked ones', async () => {
    await withEmulator({ seed: seed({ users: [withSchemas] }) }, async (_emu, directory) => {
      const basic = await directory.users.get({ userKey: 'a@school.org' });
      expect(basic.data).not.toHaveProperty('customSchemas');
      const full = await directory.users.get({ userKey: 'a@school.org', projection: 'full' });
      expect(full.data.customSchemas).toEqual(withSchemas.customSchemas);
      const custom = await directory.users.list({ customer: 'my_customer', projection: 'custom', customFieldMask: 'Rollcall' });
      expect(custom.data.users?.[0]?.customSchemas).toEqual({ Rollcall: { studentNumber: '123', grade: '9' } });
      const none = await directory.users.get({ userKey: 'a@school.org', projection: 'custom', customFieldMask: 'Missing' });
      expect(none.data).not.toHaveProperty('customSchemas');
      expect((await failure(directory.users.get({ userKey: 'a@school.org', projection: 'custom' }))).status).toBe(400);
    });
  });
});

describe('users query', () => {
  const users = [
    user('k9@school.org', { orgUnitPath: '/Students/Grade 9' }),
    user('k9b@school.org', { orgUnitPath: '/Students/Grade 9/Block B', suspended: true }),
    user('k10@school.org', { orgUnitPath: '/Students/Grade 10', customSchemas: { Rollcall: { studentNumber: '42' } } }),
    user('staff@school.org', { orgUnitPath: '/Staff', aliases: ['teacher@school.org'] }),
  ];
  const orgUnits = [
    { orgUnitPath: '/Students/Grade 9/Block B' },
    { orgUnitPath: '/Students/Grade 10' },
    { orgUnitPath: '/Staff' },
  ];
  const emails = async (directory: Directory, query: string): Promise<string[]> =>
    ((await directory.users.list({ customer: 'my_customer', query, projection: 'full' })).data.users ?? []).map(
      (u) => u.primaryEmail as string,
    );

  it('matches an org unit and its descendants, with or without quotes', async () => {
    await withEmulator({ seed: seed({ users, orgUnits }) }, async (_emu, directory) => {
      expect(await emails(directory, "orgUnitPath='/Students/Grade 9'")).toEqual(['k9@school.org', 'k9b@school.org']);
      expect(await emails(directory, 'orgUnitPath=/Students')).toEqual(['k10@school.org', 'k9@school.org', 'k9b@school.org']);
      expect(await emails(directory, 'orgUnitPath="/students/grade 9/block b"')).toEqual(['k9b@school.org']);
      const unknown = await failure(directory.users.list({ customer: 'my_customer', query: 'orgUnitPath=/Nope' }));
      expect(unknown).toMatchObject({ status: 400, message: 'Invalid Input: INVALID_OU_ID', reason: 'invalid' });
    });
  });

  it('combines clauses with AND: suspension, email prefix, aliases, custom fields', async () => {
    await withEmulator({ seed: seed({ users, orgUnits }) }, async (_emu, directory) => {
      expect(await emails(directory, "orgUnitPath='/Students/Grade 9' isSuspended=false")).toEqual(['k9@school.org']);
      expect(await emails(directory, 'isSuspended=true')).toEqual(['k9b@school.org']);
      expect(await emails(directory, 'email:k9*')).toEqual(['k9@school.org', 'k9b@school.org']);
      expect(await emails(directory, 'email:teacher@school.org')).toEqual(['staff@school.org']);
      expect(await emails(directory, 'Rollcall.studentNumber=42')).toEqual(['k10@school.org']);
      expect(await emails(directory, 'Rollcall.studentNumber=43')).toEqual([]);
      expect((await failure(directory.users.list({ customer: 'my_customer', query: 'phone=1' }))).status).toBe(400);
    });
  });
});
