import { describe, it, expect } from 'vitest';
import { startEntraEmulator } from '../../src/targets/entra/emulator/server.js';
import { GraphClient, idOf, newUser, seed, user, withEntra } from './graph-client.js';

describe('fault injection', () => {
  it("'before' fails without applying; the retry then succeeds", async () => {
    const faults = [{ method: 'POST', pathPattern: '/v1.0/users', status: 503, when: 'before' as const, retryAfterSeconds: 7 }];
    await withEntra({ faults }, async (graph, emu) => {
      const failed = await graph.post('users', newUser('ada@school.org'));
      expect(failed.status).toBe(503);
      expect(failed.headers.get('retry-after')).toBe('7');
      expect(failed.body.error.code).toBe('ServiceUnavailable');
      expect(emu.state().users).toEqual([]);
      expect((await graph.post('users', newUser('ada@school.org'))).status).toBe(201);
      expect(emu.stats()).toMatchObject({ requests: 2, mutations: 1, failuresInjected: 1, byRoute: { 'users.create': 2 } });
    });
  });

  it("'after' applies the create, then fails: the retried create meets Graph's userPrincipalName conflict", async () => {
    const faults = [{ method: 'POST', pathPattern: '^/v1\\.0/users$', status: 504, when: 'after' as const }];
    await withEntra({ faults }, async (graph, emu) => {
      const lost = await graph.post('users', newUser('ada@school.org'));
      expect(lost.status).toBe(504);
      expect(lost.body.error.code).toBe('GatewayTimeout');
      expect(emu.state().users.map((u) => u.userPrincipalName)).toEqual(['ada@school.org']);
      const retried = await graph.post('users', newUser('ada@school.org'));
      expect(retried.body.error.details).toEqual([{ code: 'ObjectConflict', target: 'userPrincipalName' }]);
    });
  });

  it('counts times and every, names the Graph code it is given, and can be replaced with setFaults', async () => {
    const ada = user('ada@school.org');
    await withEntra({ seed: seed({ users: [ada] }), faults: [{ method: 'GET', pathPattern: 'ada@school.org', status: 429, when: 'before', times: 2 }] }, async (graph, emu) => {
      const get = async (key: string) => (await graph.get(`users/${key}`)).status;
      expect([await get(ada.id), await get('ada@school.org'), await get('ada%40school.org'), await get('ada@school.org')]).toEqual([200, 429, 429, 200]);
      emu.setFaults([{ pathPattern: 'users/', status: 403, reason: 'Authorization_RequestDenied', when: 'before', every: 3 }]);
      const results = [];
      for (let i = 0; i < 6; i++) results.push(await get(ada.id));
      expect(results).toEqual([200, 200, 403, 200, 200, 403]);
      emu.setFaults([{ status: 500, when: 'before', reason: 'Request_Whatever' }]);
      expect((await graph.get(`users/${ada.id}`)).body.error.code).toBe('Request_Whatever');
      expect(() => emu.setFaults([{ status: 200, when: 'before' }])).toThrow(/status/);
    });
  });
});

describe('rate limit', () => {
  it('answers 429 TooManyRequests with Retry-After beyond the per-minute budget', async () => {
    const ada = user('ada@school.org');
    await withEntra({ seed: seed({ users: [ada] }), rateLimit: { perMinute: 2 } }, async (graph, emu) => {
      expect((await graph.get(`users/${ada.id}`)).status).toBe(200);
      expect((await graph.get(`users/${ada.id}`)).status).toBe(200);
      const throttled = await graph.get(`users/${ada.id}`);
      expect(throttled.status).toBe(429);
      expect(throttled.body.error.code).toBe('TooManyRequests');
      expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThanOrEqual(59);
      expect(emu.stats().failuresInjected).toBe(1);
    });
  });
});

describe('http surface', () => {
  it("answers 401 with Graph's body without a bearer token, and Graph's 400/405 for what no route serves", async () => {
    const ada = user('ada@school.org');
    await withEntra({ seed: seed({ users: [ada] }) }, async (graph, emu) => {
      const anonymous = await new GraphClient(emu, null).get(`users/${ada.id}`);
      expect(anonymous.status).toBe(401);
      expect(anonymous.body.error).toMatchObject({ code: 'InvalidAuthenticationToken', message: 'Access token is empty.' });
      const unknown = await graph.get('nothing/here');
      expect(unknown.status).toBe(400);
      expect(unknown.body.error).toMatchObject({ code: 'BadRequest', message: "Resource not found for the segment 'nothing'." });
      expect((await graph.call('PUT', `users/${ada.id}`, { body: {} })).status).toBe(405);
      expect((await graph.get(`users/${ada.id}/extra/deep`)).status).toBe(400);
      expect(emu.stats().byRoute).toEqual({ 'users.get': 1, unknown: 3 });
    });
  });

  it('listens on 127.0.0.1 only, adds latency once per HTTP request, and counts until resetStats', async () => {
    await withEntra({ latencyMs: 40 }, async (graph, emu) => {
      expect(emu.url).toBe(`http://127.0.0.1:${emu.port}/`);
      const started = performance.now();
      await graph.get('users');
      expect(performance.now() - started).toBeGreaterThanOrEqual(35);
      expect(emu.stats()).toEqual({ requests: 1, byRoute: { 'users.list': 1 }, mutations: 0, failuresInjected: 0 });
      emu.resetStats();
      expect(emu.stats()).toEqual({ requests: 0, byRoute: {}, mutations: 0, failuresInjected: 0 });
    });
  });

  it('refuses a port that is taken, bad switches, and a seed a tenant could not hold, naming the object', async () => {
    const first = await startEntraEmulator();
    try {
      await expect(startEntraEmulator({ port: first.port })).rejects.toMatchObject({ code: 'USAGE' });
    } finally {
      await first.close();
    }
    await expect(startEntraEmulator({ latencyMs: -1 })).rejects.toMatchObject({ code: 'USAGE' });
    await expect(startEntraEmulator({ rateLimit: { perMinute: 0 } })).rejects.toMatchObject({ code: 'USAGE' });
    const ada = user('ada@school.org');
    const bad: Array<[Parameters<typeof seed>[0], RegExp]> = [
      [{ users: [ada, user('ADA@school.org', { id: idOf('other') })] }, /userPrincipalName ADA@school.org is used twice/],
      [{ users: [ada, { ...user('b@school.org'), id: ada.id }] }, new RegExp(`id ${ada.id} is used twice`)],
      [{ users: [user('c@school.org', { shoeSize: 9 })] }, /user c@school.org: unknown property shoeSize/],
      [{ users: [user('d@school.org', { accountEnabled: 'yes' as unknown as boolean })] }, /accountEnabled is not a valid boolean/],
      [{ users: [user('e@school.org', { assignedLicenses: [{ skuId: 'nope', disabledPlans: [] }] })] }, /assigned licence nope is not a subscribedSku/],
      [{ administrativeUnits: [{ id: idOf('u'), displayName: 'U', members: [idOf('ghost')] }] }, new RegExp(`members ${idOf('ghost')} is not a user or group`)],
      [{ users: [ada], groups: [{ id: idOf('g'), displayName: 'G', members: [], owners: [idOf('g')] }] }, /owners .* is not a user or group|owner .* is not a user/],
    ];
    for (const [partial, message] of bad) {
      await expect(startEntraEmulator({ seed: seed(partial) })).rejects.toMatchObject({ code: 'SNAPSHOT_INVALID', message: expect.stringMatching(message) });
    }
  });

  it('state() is a deep copy in id order', async () => {
    const users = [user('b@school.org'), user('a@school.org')];
    await withEntra({ seed: seed({ users, administrativeUnits: [{ id: idOf('u'), displayName: 'U', members: [] }] }) }, async (_graph, emu) => {
      const copy = emu.state();
      expect(copy.users.map((u) => u.id)).toEqual(users.map((u) => u.id).sort());
      (copy.users[0] as { displayName: string }).displayName = 'changed';
      copy.administrativeUnits[0]?.members.push('x');
      expect(emu.state().users[0]?.displayName).not.toBe('changed');
      expect(emu.state().administrativeUnits[0]?.members).toEqual([]);
    });
  });
});
