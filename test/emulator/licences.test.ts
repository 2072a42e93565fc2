import { describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/targets/google/emulator/server.js';
import { directoryClient, failure, licensingClient, seed, user, withEmulator } from './client.js';

const PLUS = { productId: '101031', skuId: '1010310008' };
const PLUS_STAFF = { productId: '101031', skuId: '1010310009' };
const FUNDAMENTALS = { productId: 'Google-Apps', skuId: '1010070001' };
const skuPath = (sku: { productId: string; skuId: string }) => `product/${sku.productId}/sku/${sku.skuId}`;

describe('Licensing API: a SKU holders, 1..1000 a page', () => {
  it('pages 2,500 holders 1,000 at a time, each once, with a token only while more remain', async () => {
    const users = Array.from({ length: 2500 }, (_, i) => user(`s${String(i).padStart(4, '0')}@school.org`));
    const licenseAssignments = users.map((u) => ({ ...PLUS, userId: u.primaryEmail }));
    await withEmulator({ seed: seed({ users, licenseAssignments }) }, async (emu) => {
      const licensing = licensingClient(emu);
      const seen: string[] = [];
      const sizes: number[] = [];
      let pageToken: string | undefined;
      do {
        const query = `customerId=my_customer&maxResults=1000${pageToken ? `&pageToken=${encodeURIComponent(pageToken)}` : ''}`;
        const page = await licensing<{ kind: string; items: Array<{ userId: string; kind: string; skuId: string }>; nextPageToken?: string }>('GET', `${skuPath(PLUS)}/users?${query}`);
        expect(page.data.kind).toBe('licensing#licenseAssignmentList');
        sizes.push(page.data.items.length);
        seen.push(...page.data.items.map((i) => i.userId));
        pageToken = page.data.nextPageToken;
      } while (pageToken !== undefined);
      expect(sizes).toEqual([1000, 1000, 500]);
      expect(new Set(seen).size).toBe(2500);
      expect(emu.stats().byRoute['licenseAssignments.listForProductAndSku']).toBe(3);
      const firstPage = await licensing<{ items: unknown[] }>('GET', `${skuPath(PLUS)}/users?customerId=C0emul8r`);
      expect(firstPage.data.items).toHaveLength(100);
      expect(await failure(licensing('GET', `${skuPath(PLUS)}/users?customerId=my_customer&maxResults=1001`))).toMatchObject({
        status: 400,
        message: "Invalid value '1001'. Values must be within the range: [1, 1000]",
      });
    });
  });

  it('answers an empty SKU without items, filters by domain, and needs a customerId', async () => {
    const users = [user('t@school.org'), user('s@kids.school.org')];
    const licenseAssignments = users.map((u) => ({ ...PLUS, userId: u.primaryEmail }));
    await withEmulator({ seed: seed({ users, licenseAssignments }) }, async (emu) => {
      const licensing = licensingClient(emu);
      const empty = await licensing('GET', `${skuPath(PLUS_STAFF)}/users?customerId=my_customer`);
      expect(empty.data).not.toHaveProperty('items');
      expect(empty.data).not.toHaveProperty('nextPageToken');
      const kids = await licensing<{ items: Array<{ userId: string }> }>('GET', `${skuPath(PLUS)}/users?customerId=kids.school.org`);
      expect(kids.data.items.map((i) => i.userId)).toEqual(['s@kids.school.org']);
      expect(await failure(licensing('GET', `${skuPath(PLUS)}/users`))).toMatchObject({ status: 400, reason: 'required' });
      expect(await failure(licensing('GET', `${skuPath(PLUS)}/users?customerId=C0ther`))).toMatchObject({ status: 400, reason: 'badRequest' });
    });
  });
});

describe('Licensing API: one holder', () => {
  it('assigns, reads and removes a licence, with the errors Google gives for each misstep', async () => {
    await withEmulator({ seed: seed({ users: [user('ada@school.org')] }) }, async (emu) => {
      const licensing = licensingClient(emu);
      const assigned = await licensing('POST', `${skuPath(PLUS)}/user`, { userId: 'ada@school.org' });
      expect(assigned.status).toBe(200);
      expect(assigned.data).toMatchObject({
        kind: 'licensing#licenseAssignment',
        userId: 'ada@school.org',
        productId: '101031',
        skuId: '1010310008',
        skuName: 'Google Workspace for Education Plus',
        productName: 'Google Workspace for Education',
        etags: expect.any(String),
      });
      expect(emu.state().licenseAssignments).toEqual([{ ...PLUS, userId: 'ada@school.org' }]);

      const twice = await failure(licensing('POST', `${skuPath(PLUS)}/user`, { userId: 'ada@school.org' }));
      expect(twice).toMatchObject({ status: 412, reason: 'conditionNotMet', message: 'User already has a license for the specified product and SKU' });
      const sameProduct = await failure(licensing('POST', `${skuPath(PLUS_STAFF)}/user`, { userId: 'ada@school.org' }));
      expect(sameProduct).toMatchObject({ status: 412, reason: 'conditionNotMet' });
      expect(sameProduct.message).toMatch(/different SKU/);
      expect(await failure(licensing('POST', 'product/101031/sku/nope/user', { userId: 'ada@school.org' }))).toMatchObject({ status: 400, reason: 'invalid' });
      expect(await failure(licensing('POST', 'product/nope/sku/1010310008/user', { userId: 'ada@school.org' }))).toMatchObject({ status: 400, reason: 'invalid' });
      expect(await failure(licensing('POST', `${skuPath(FUNDAMENTALS)}/user`, { userId: 'nobody@school.org' }))).toMatchObject({
        status: 400,
        message: 'User email not valid.',
      });
      expect(await failure(licensing('POST', `${skuPath(FUNDAMENTALS)}/user`, {}))).toMatchObject({ status: 400, reason: 'required' });
      // Another product is a licence of its own.
      expect((await licensing('POST', `${skuPath(FUNDAMENTALS)}/user`, { userId: 'ada@school.org' })).status).toBe(200);

      const got = await licensing('GET', `${skuPath(PLUS)}/user/ada%40school.org`);
      expect(got.data).toMatchObject({ userId: 'ada@school.org', skuId: '1010310008' });
      expect(await failure(licensing('GET', `${skuPath(PLUS_STAFF)}/user/ada%40school.org`))).toMatchObject({ status: 404, reason: 'notFound' });

      const removed = await licensing('DELETE', `${skuPath(PLUS)}/user/ada%40school.org`);
      expect(removed).toEqual({ status: 200, data: {} });
      const again = await failure(licensing('DELETE', `${skuPath(PLUS)}/user/ada%40school.org`));
      expect(again).toMatchObject({ status: 404, reason: 'notFound' });
      expect(emu.state().licenseAssignments).toEqual([{ ...FUNDAMENTALS, userId: 'ada@school.org' }]);
      expect(emu.stats()).toMatchObject({ mutations: 3, byRoute: { 'licenseAssignments.insert': 8, 'licenseAssignments.delete': 2, 'licenseAssignments.get': 2 } });
    });
  });

  it('refuses a licence when the SKU has no seat left, and frees a seat when one is removed', async () => {
    const skus = [{ ...PLUS, seats: 1 }];
    await withEmulator({ seed: seed({ users: [user('a@school.org'), user('b@school.org')] }), licensing: { skus } }, async (emu) => {
      const licensing = licensingClient(emu);
      await licensing('POST', `${skuPath(PLUS)}/user`, { userId: 'a@school.org' });
      const full = await failure(licensing('POST', `${skuPath(PLUS)}/user`, { userId: 'b@school.org' }));
      expect(full).toMatchObject({ status: 412, message: "There aren't enough available licenses for the specified product-SKU pair" });
      await licensing('DELETE', `${skuPath(PLUS)}/user/a%40school.org`);
      expect((await licensing('POST', `${skuPath(PLUS)}/user`, { userId: 'b@school.org' })).status).toBe(200);
      // A product the customer does not hold is unknown.
      expect(await failure(licensing('POST', `${skuPath(FUNDAMENTALS)}/user`, { userId: 'a@school.org' }))).toMatchObject({ status: 400 });
    });
  });

  it('follows a renamed holder and frees the licences of a deleted one', async () => {
    const users = [user('kid@school.org'), user('other@school.org')];
    const licenseAssignments = users.map((u) => ({ ...PLUS, userId: u.primaryEmail }));
    await withEmulator({ seed: seed({ users, licenseAssignments }) }, async (emu, directory) => {
      const licensing = licensingClient(emu);
      await directory.users.update({ userKey: 'kid@school.org', requestBody: { primaryEmail: 'ada@school.org' } });
      const list = await licensing<{ items: Array<{ userId: string }> }>('GET', `${skuPath(PLUS)}/users?customerId=my_customer`);
      expect(list.data.items.map((i) => i.userId).sort()).toEqual(['ada@school.org', 'other@school.org']);
      // The old address is an alias now: it still names the holder.
      expect((await licensing('GET', `${skuPath(PLUS)}/user/kid%40school.org`)).data).toMatchObject({ userId: 'ada@school.org' });
      await directory.users.delete({ userKey: 'other@school.org' });
      expect(emu.state().licenseAssignments).toEqual([{ ...PLUS, userId: 'ada@school.org' }]);
    });
  });

  it('goes through the rate limit and fault rules like every other request', async () => {
    const faults = [{ method: 'POST', pathPattern: '^/apps/licensing/v1/product/[^/]+/sku/[^/]+/user$', status: 503, when: 'after' as const }];
    await withEmulator({ seed: seed({ users: [user('a@school.org')] }), faults }, async (emu) => {
      const licensing = licensingClient(emu);
      expect(await failure(licensing('POST', `${skuPath(PLUS)}/user`, { userId: 'a@school.org' }))).toMatchObject({ status: 503, reason: 'backendError' });
      // The lost answer's assignment stands: the retry meets 412.
      expect(await failure(licensing('POST', `${skuPath(PLUS)}/user`, { userId: 'a@school.org' }))).toMatchObject({ status: 412 });
      expect(emu.stats()).toMatchObject({ failuresInjected: 1, mutations: 1 });
    });
    await withEmulator({ seed: seed({ users: [user('a@school.org')] }), rateLimit: { perMinute: 1, status: 429 } }, async (emu) => {
      const licensing = licensingClient(emu);
      await licensing('GET', `${skuPath(PLUS)}/users?customerId=my_customer`);
      expect(await failure(licensing('GET', `${skuPath(PLUS)}/users?customerId=my_customer`))).toMatchObject({ status: 429, reason: 'rateLimitExceeded' });
    });
  });

  it('refuses a seed licence of an unknown SKU or account, or a second SKU of one product', async () => {
    const users = [user('a@school.org')];
    const cases = [
      [{ productId: '101031', skuId: 'nope', userId: 'a@school.org' }],
      [{ ...PLUS, userId: 'nobody@school.org' }],
      [
        { ...PLUS, userId: 'a@school.org' },
        { ...PLUS_STAFF, userId: 'a@school.org' },
      ],
    ];
    for (const licenseAssignments of cases) {
      await expect(startEmulator({ seed: seed({ users, licenseAssignments }) })).rejects.toMatchObject({ code: 'SNAPSHOT_INVALID' });
    }
    await expect(startEmulator({ licensing: { skus: [{ ...PLUS, seats: -1 }] } })).rejects.toMatchObject({ code: 'USAGE' });
  });
});

describe('the Directory API client still works beside it', () => {
  it('serves users on the same host', async () => {
    await withEmulator({ seed: seed({ users: [user('a@school.org')] }) }, async (emu) => {
      expect((await directoryClient(emu).users.get({ userKey: 'a@school.org' })).data.primaryEmail).toBe('a@school.org');
    });
  });
});
