import { describe, it, expect } from 'vitest';
import { idOf, newUser, seed, user, withEntra } from './graph-client.js';

const ada = user('ada@school.org');
const unit = { id: idOf('lincoln'), displayName: 'Lincoln', members: [] };
const json = { 'Content-Type': 'application/json' };

describe('POST /$batch', () => {
  it('runs each request on its own, in order, each with its own status, headers and body', async () => {
    await withEntra({ seed: seed({ users: [ada], administrativeUnits: [unit] }) }, async (graph, emu) => {
      const answer = await graph.post('$batch', {
        requests: [
          { id: '1', method: 'PATCH', url: `/users/${ada.id}`, headers: json, body: { jobTitle: 'Student' } },
          { id: '2', method: 'GET', url: `/users/${ada.id}?$select=jobTitle` },
          { id: '3', method: 'POST', url: `/directory/administrativeUnits/${unit.id}/members/$ref`, headers: json, body: { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${ada.id}` } },
          { id: '4', method: 'POST', url: `/directory/administrativeUnits/${unit.id}/members/$ref`, headers: json, body: { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${ada.id}` } },
          { id: '5', method: 'GET', url: 'users/nobody@school.org' },
        ],
      });
      expect(answer.status).toBe(200);
      const responses = answer.body.responses as Array<{ id: string; status: number; headers: Record<string, string>; body?: { error?: { message: string }; jobTitle?: string } }>;
      expect(responses.map((r) => [r.id, r.status])).toEqual([
        ['1', 204],
        ['2', 200],
        ['3', 204],
        ['4', 400],
        ['5', 404],
      ]);
      expect(responses[0]).not.toHaveProperty('body');
      expect(responses[1]).toMatchObject({ headers: { 'Content-Type': 'application/json' }, body: { jobTitle: 'Student', '@odata.context': `${emu.url}v1.0/$metadata#users(jobTitle)/$entity` } });
      expect(responses[3]?.body?.error?.message).toBe("One or more added object references already exist for the following modified properties: 'members'.");
      expect(emu.state().administrativeUnits[0]?.members).toEqual([ada.id]);
      expect(emu.stats()).toMatchObject({ requests: 1, mutations: 2, byRoute: { batch: 1, 'users.update': 1, 'users.get': 2, 'administrativeUnits.members.add': 2 } });
    });
  });

  it('gives 424 to a request whose dependency failed, without running it', async () => {
    await withEntra({ seed: seed({ users: [ada] }) }, async (graph, emu) => {
      const answer = await graph.post('$batch', {
        requests: [
          { id: 'create', method: 'POST', url: '/users', headers: json, body: newUser('ada@school.org') },
          { id: 'after', method: 'PATCH', url: `/users/${ada.id}`, headers: json, body: { jobTitle: 'never' }, dependsOn: ['create'] },
          { id: 'free', method: 'PATCH', url: `/users/${ada.id}`, headers: json, body: { department: 'Lincoln' } },
        ],
      });
      expect(answer.body.responses.map((r: { status: number }) => r.status)).toEqual([400, 424, 204]);
      expect(answer.body.responses[1].body.error.code).toBe('FailedDependency');
      expect(emu.state().users[0]).toMatchObject({ department: 'Lincoln' });
      expect(emu.state().users[0]).not.toHaveProperty('jobTitle');
    });
  });

  it('fails a malformed batch as a whole, before any of it runs', async () => {
    await withEntra({ seed: seed({ users: [ada] }) }, async (graph, emu) => {
      const patch = (id: string) => ({ id, method: 'PATCH', url: `/users/${ada.id}`, headers: json, body: { jobTitle: id } });
      const cases: Array<[unknown, string]> = [
        [{ requests: Array.from({ length: 21 }, (_, i) => patch(String(i))) }, 'Number of requests inside batch exceeds the limit.'],
        [{ requests: [patch('1'), { id: '2', method: 'PATCH', url: `/users/${ada.id}`, body: { jobTitle: 'x' } }] }, 'Write request id : 2 does not contain Content-Type header or body.'],
        [{ requests: [patch('1'), patch('1')] }, 'request id 1 is used twice'],
        [{ requests: [{ ...patch('1'), dependsOn: ['2'] }, patch('2')] }, 'depends on a request that does not come before it'],
        [{ requests: [{ ...patch('1'), url: 'https://graph.microsoft.com/v1.0/users' }] }, 'must have a relative url'],
        [{ requests: [] }, 'non-empty list'],
      ];
      for (const [body, message] of cases) {
        const answer = await graph.post('$batch', body);
        expect(answer.status).toBe(400);
        expect(answer.body.error.message).toContain(message);
      }
      expect(emu.state().users[0]).not.toHaveProperty('jobTitle');
      expect((await graph.post('$batch', { requests: Array.from({ length: 20 }, (_, i) => patch(String(i))) })).status).toBe(200);
      const nested = await graph.post('$batch', { requests: [{ id: '1', method: 'POST', url: '/$batch', headers: json, body: { requests: [] } }] });
      expect(nested.body.responses[0].status).toBe(400);
    });
  });

  it('meets the rate limit and the fault rules one request at a time, with Retry-After on the throttled ones', async () => {
    const faults = [{ method: 'PATCH', pathPattern: 'users/', status: 503, when: 'after' as const, retryAfterSeconds: 3 }];
    await withEntra({ seed: seed({ users: [ada] }), rateLimit: { perMinute: 3 }, faults }, async (graph, emu) => {
      const answer = await graph.post('$batch', {
        requests: ['a', 'b', 'c', 'd'].map((id) => ({ id, method: 'PATCH', url: `/users/${ada.id}`, headers: json, body: { jobTitle: id } })),
      });
      const responses = answer.body.responses as Array<{ status: number; headers: Record<string, string>; body: { error: { code: string } } }>;
      expect(responses.map((r) => r.status)).toEqual([503, 204, 204, 429]);
      expect(responses[0]?.headers['Retry-After']).toBe('3');
      expect(responses[3]?.body.error.code).toBe('TooManyRequests');
      expect(Number(responses[3]?.headers['Retry-After'])).toBeGreaterThanOrEqual(59);
      // 'after': the first change was made although its answer was lost.
      expect(emu.state().users[0]?.jobTitle).toBe('c');
      expect(emu.stats()).toMatchObject({ requests: 1, mutations: 3, failuresInjected: 2 });
    });
  });
});
