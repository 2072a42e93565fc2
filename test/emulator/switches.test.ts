import { describe, it, expect } from 'vitest';
import { RateLimiter } from '../../src/emulator-kit/rate-limit.js';
import { startEmulator } from '../../src/targets/google/emulator/server.js';
import { failure, seed, user, withEmulator } from './client.js';

const student = (email: string) => ({ primaryEmail: email, name: { givenName: 'A', familyName: 'B' }, password: 'long-enough-1' });

describe('fault injection', () => {
  it("'before' fails without applying; the retry then succeeds", async () => {
    const faults = [{ method: 'POST', pathPattern: '/users', status: 503, when: 'before' as const }];
    await withEmulator({ faults }, async (emu, directory) => {
      const f = await failure(directory.users.insert({ requestBody: student('a@school.org') }));
      expect(f).toMatchObject({ status: 503, reason: 'backendError' });
      expect(emu.state().users).toHaveLength(0);
      await directory.users.insert({ requestBody: student('a@school.org') });
      expect(emu.state().users).toHaveLength(1);
      expect(emu.stats()).toMatchObject({ requests: 2, mutations: 1, failuresInjected: 1, byRoute: { 'users.insert': 2 } });
    });
  });

  it("'after' applies the create, then fails: the retried create meets 409", async () => {
    const faults = [{ method: 'POST', pathPattern: '^/admin/directory/v1/users$', status: 500, reason: 'backendError', when: 'after' as const, retryAfterSeconds: 2 }];
    await withEmulator({ faults }, async (emu, directory) => {
      const lost = await failure(directory.users.insert({ requestBody: student('a@school.org') }));
      expect(lost).toMatchObject({ status: 500, reason: 'backendError' });
      expect(lost.headers['retry-after']).toBe('2');
      expect(emu.state().users.map((u) => u.primaryEmail)).toEqual(['a@school.org']);
      const retried = await failure(directory.users.insert({ requestBody: student('a@school.org') }));
      expect(retried).toMatchObject({ status: 409, reason: 'duplicate' });
    });
  });

  it('counts times and every, matches decoded paths, and can be replaced with setFaults', async () => {
    const faults = [{ method: 'GET', pathPattern: 'a@school.org', status: 429, when: 'before' as const, times: 2 }];
    await withEmulator({ seed: seed({ users: [user('a@school.org'), user('b@school.org')] }), faults }, async (emu, directory) => {
      const get = (userKey: string) => directory.users.get({ userKey }).then(() => 'ok', (e: { status: number }) => e.status);
      expect([await get('b@school.org'), await get('a@school.org'), await get('a@school.org'), await get('a@school.org')]).toEqual([
        'ok',
        429,
        429,
        'ok',
      ]);
      emu.setFaults([{ pathPattern: 'users/', status: 403, reason: 'quotaExceeded', when: 'before', every: 3 }]);
      const results = [];
      for (let i = 0; i < 7; i++) results.push(await get('b@school.org'));
      expect(results).toEqual(['ok', 'ok', 403, 'ok', 'ok', 403, 'ok']);
      emu.setFaults([]);
      expect(await get('a@school.org')).toBe('ok');
      expect(() => emu.setFaults([{ status: 200, when: 'before' }])).toThrow(/status/);
    });
  });
});

describe('rate limit', () => {
  it('answers 403 userRateLimitExceeded with Retry-After beyond the per-minute budget', async () => {
    await withEmulator({ seed: seed({ users: [user('a@school.org')] }), rateLimit: { perMinute: 3 } }, async (emu, directory) => {
      for (let i = 0; i < 3; i++) await directory.users.get({ userKey: 'a@school.org' });
      const f = await failure(directory.users.get({ userKey: 'a@school.org' }));
      expect(f).toMatchObject({ status: 403, reason: 'userRateLimitExceeded' });
      expect(Number(f.headers['retry-after'])).toBeGreaterThanOrEqual(59);
      expect(emu.stats().failuresInjected).toBe(1);
    });
  });

  it('answers 429 rateLimitExceeded when asked to', async () => {
    await withEmulator({ seed: seed({ users: [user('a@school.org')] }), rateLimit: { perMinute: 1, status: 429 } }, async (_emu, directory) => {
      await directory.users.get({ userKey: 'a@school.org' });
      const f = await failure(directory.users.get({ userKey: 'a@school.org' }));
      expect(f).toMatchObject({ status: 429, reason: 'rateLimitExceeded' });
      expect(f.headers['retry-after']).toBeDefined();
    });
  });

  it('slides: budget comes back as old requests leave the one-minute window', () => {
    let now = 0;
    const limiter = new RateLimiter(2, () => now);
    expect(limiter.tryAcquire()).toEqual({ ok: true });
    now = 30_000;
    expect(limiter.tryAcquire()).toEqual({ ok: true });
    now = 45_000;
    expect(limiter.tryAcquire()).toEqual({ ok: false, retryAfterSeconds: 15 });
    now = 60_000;
    expect(limiter.tryAcquire()).toEqual({ ok: true });
    expect(limiter.tryAcquire()).toEqual({ ok: false, retryAfterSeconds: 30 });
  });
});

describe('http surface', () => {
  it('answers 401 with a Google body when Authorization is missing, and 404 for unknown routes', async () => {
    await withEmulator({ seed: seed({ users: [user('a@school.org')] }) }, async (emu) => {
      const anonymous = await fetch(new URL('admin/directory/v1/users/a%40school.org', emu.url));
      expect(anonymous.status).toBe(401);
      expect(await anonymous.json()).toEqual({
        error: {
          code: 401,
          message: 'Login Required.',
          errors: [{ message: 'Login Required.', domain: 'global', reason: 'required', location: 'Authorization', locationType: 'header' }],
        },
      });
      const headers = { Authorization: 'Bearer anything' };
      const ok = await fetch(new URL('admin/directory/v1/users/a%40school.org', emu.url), { headers });
      expect(ok.status).toBe(200);
      for (const path of ['admin/directory/v1/nothing', 'somewhere/else', 'admin/directory/v1/users/a%40school.org/extra']) {
        const res = await fetch(new URL(path, emu.url), { headers });
        expect(res.status).toBe(404);
        expect(await res.json()).toEqual({
          error: { code: 404, message: 'Not Found', errors: [{ message: 'Not Found', domain: 'global', reason: 'notFound' }] },
        });
      }
      const badJson = await fetch(new URL('admin/directory/v1/users', emu.url), { method: 'POST', headers, body: '{' });
      expect(badJson.status).toBe(400);
      expect(emu.stats().byRoute).toMatchObject({ 'users.get': 2, unknown: 3, 'users.insert': 1 });
    });
  });

  it('listens on 127.0.0.1 only, adds latency, and counts until resetStats', async () => {
    await withEmulator({ latencyMs: 40, seed: seed({ users: [user('a@school.org')] }) }, async (emu, directory) => {
      expect(emu.url).toBe(`http://127.0.0.1:${emu.port}/`);
      const started = performance.now();
      await directory.users.get({ userKey: 'a@school.org' });
      expect(performance.now() - started).toBeGreaterThanOrEqual(35);
      expect(emu.stats().requests).toBe(1);
      emu.resetStats();
      expect(emu.stats()).toEqual({ requests: 0, byRoute: {}, mutations: 0, failuresInjected: 0 });
    });
  });

  it('refuses a port that is taken and a seed with a duplicate address', async () => {
    const first = await startEmulator();
    try {
      await expect(startEmulator({ port: first.port })).rejects.toMatchObject({ code: 'USAGE' });
    } finally {
      await first.close();
    }
    await expect(startEmulator({ seed: seed({ users: [user('a@school.org'), user('A@school.org')] }) })).rejects.toMatchObject({
      code: 'SNAPSHOT_INVALID',
    });
  });

  it('state() is a deep copy', async () => {
    await withEmulator({ seed: seed({ users: [user('a@school.org')], groups: [{ email: 'g@school.org', members: [] }] }) }, async (emu) => {
      const copy = emu.state();
      (copy.users[0] as { primaryEmail: string }).primaryEmail = 'changed@school.org';
      copy.groups[0]?.members.push({ email: 'x@school.org' });
      expect(emu.state().users[0]?.primaryEmail).toBe('a@school.org');
      expect(emu.state().groups[0]?.members).toEqual([]);
    });
  });
});
