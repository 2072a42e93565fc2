import { describe, expect, it } from 'vitest';
import { manualClock } from '../../src/emulator-kit/clock.js';
import { startEmulator } from '../../src/targets/google/emulator/server.js';
import { failure, seed, user, withEmulator } from './client.js';

const ada = user('ada@school.org', { id: '100000000000000000001' });
const security = {
  'ada@school.org': {
    tokens: [
      { clientId: 'mail-app.apps.googleusercontent.com', displayText: 'Mail App', scopes: ['https://mail.google.com/'] },
      { clientId: 'quiz.apps.googleusercontent.com', displayText: 'Quiz', nativeApp: true },
    ],
    asps: [{ name: 'Old phone', creationTime: '1717243200000' }],
    verificationCodes: ['12345678', '87654321'],
  },
};

describe('sign-in security an offboarding cuts', () => {
  it('lists an account seeded with two OAuth tokens and an app password, and revokes each once', async () => {
    await withEmulator({ seed: seed({ users: [ada], security }) }, async (emu, directory) => {
      const tokens = await directory.tokens.list({ userKey: 'ada@school.org' });
      expect(tokens.data.kind).toBe('admin#directory#tokenList');
      expect(tokens.data.items).toEqual([
        {
          kind: 'admin#directory#token',
          etag: expect.any(String),
          clientId: 'mail-app.apps.googleusercontent.com',
          displayText: 'Mail App',
          scopes: ['https://mail.google.com/'],
          anonymous: false,
          nativeApp: false,
          userKey: ada.id,
        },
        expect.objectContaining({ clientId: 'quiz.apps.googleusercontent.com', nativeApp: true, scopes: [] }),
      ]);
      const one = await directory.tokens.get({ userKey: 'ada@school.org', clientId: 'quiz.apps.googleusercontent.com' });
      expect(one.data.displayText).toBe('Quiz');

      for (const token of tokens.data.items ?? []) {
        const deleted = await directory.tokens.delete({ userKey: 'ada@school.org', clientId: token.clientId as string });
        expect(deleted.status).toBe(204);
      }
      // A rerun finds nothing left: an empty list has no items, and a second delete is a 404.
      expect((await directory.tokens.list({ userKey: 'ada@school.org' })).data).not.toHaveProperty('items');
      const again = await failure(directory.tokens.delete({ userKey: 'ada@school.org', clientId: 'quiz.apps.googleusercontent.com' }));
      expect(again).toMatchObject({ status: 404, reason: 'notFound', message: 'Resource Not Found: clientId' });

      const asps = await directory.asps.list({ userKey: 'ada@school.org' });
      expect(asps.data).toMatchObject({ kind: 'admin#directory#asps', items: [{ kind: 'admin#directory#asp', codeId: 1, name: 'Old phone', creationTime: '1717243200000', lastTimeUsed: '0', userKey: ada.id }] });
      expect((await directory.asps.get({ userKey: 'ada@school.org', codeId: 1 })).data.name).toBe('Old phone');
      expect((await directory.asps.delete({ userKey: 'ada@school.org', codeId: 1 })).status).toBe(204);
      expect(await failure(directory.asps.delete({ userKey: 'ada@school.org', codeId: 1 }))).toMatchObject({ status: 404, reason: 'notFound' });
      expect((await directory.asps.list({ userKey: 'ada@school.org' })).data).not.toHaveProperty('items');

      expect(emu.state().security).toEqual({ 'ada@school.org': { tokens: [], asps: [], verificationCodes: ['12345678', '87654321'], signOuts: 0 } });
      expect(emu.stats()).toMatchObject({ mutations: 3, byRoute: { 'tokens.list': 2, 'tokens.get': 1, 'tokens.delete': 3, 'asps.list': 2, 'asps.delete': 2 } });
    });
  });

  it('signs an account out everywhere, marking each sign-out with the clock', async () => {
    const time = manualClock('2026-06-01T12:00:00.000Z');
    await withEmulator({ seed: seed({ users: [ada] }), clock: time.clock }, async (emu, directory) => {
      expect(emu.state().security).toEqual({});
      expect((await directory.users.signOut({ userKey: 'ada@school.org' })).status).toBe(204);
      time.advanceMs(60_000);
      await directory.users.signOut({ userKey: ada.id as string });
      expect(emu.state().security['ada@school.org']).toEqual({ tokens: [], asps: [], verificationCodes: [], signOuts: 2, lastSignOutTime: '2026-06-01T12:01:00.000Z' });
      expect(emu.stats().byRoute['users.signOut']).toBe(2);
      expect(await failure(directory.users.signOut({ userKey: 'nobody@school.org' }))).toMatchObject({ status: 404, message: 'Resource Not Found: userKey' });
    });
  });

  it('invalidates backup codes of an active account, and refuses those of a suspended one', async () => {
    const suspended = user('gone@school.org', { suspended: true });
    const codes = { ...security, 'gone@school.org': { verificationCodes: ['11112222'] } };
    await withEmulator({ seed: seed({ users: [ada, suspended], security: codes }) }, async (emu, directory) => {
      const listed = await directory.verificationCodes.list({ userKey: 'ada@school.org' });
      expect(listed.data).toMatchObject({
        kind: 'admin#directory#verificationCodesList',
        items: [
          { kind: 'admin#directory#verificationCode', userId: ada.id, verificationCode: '12345678' },
          { kind: 'admin#directory#verificationCode', userId: ada.id, verificationCode: '87654321' },
        ],
      });
      expect((await directory.verificationCodes.invalidate({ userKey: 'ada@school.org' })).status).toBe(204);
      expect((await directory.verificationCodes.list({ userKey: 'ada@school.org' })).data).not.toHaveProperty('items');
      // Invalidating nothing is no error.
      expect((await directory.verificationCodes.invalidate({ userKey: 'ada@school.org' })).status).toBe(204);
      const refused = await failure(directory.verificationCodes.invalidate({ userKey: 'gone@school.org' }));
      expect(refused).toMatchObject({ status: 400, reason: 'invalidInput', message: 'Invalid Input' });
      expect(emu.state().security['gone@school.org']?.verificationCodes).toEqual(['11112222']);
    });
  });

  it('leaves tokens, app passwords and codes in place when an account is suspended, and drops them when it is deleted', async () => {
    await withEmulator({ seed: seed({ users: [ada], security }) }, async (emu, directory) => {
      await directory.users.update({ userKey: 'ada@school.org', requestBody: { suspended: true } });
      const held = emu.state().security['ada@school.org'];
      expect([held?.tokens.length, held?.asps.length, held?.verificationCodes.length]).toEqual([2, 1, 2]);
      expect((await directory.tokens.list({ userKey: 'ada@school.org' })).data.items).toHaveLength(2);
      await directory.users.delete({ userKey: 'ada@school.org' });
      expect(emu.state().security).toEqual({});
      expect(await failure(directory.tokens.list({ userKey: 'ada@school.org' }))).toMatchObject({ status: 404 });
    });
  });

  it('refuses a seed naming an unknown account or a token twice', async () => {
    const twice = { 'ada@school.org': { tokens: [{ clientId: 'x' }, { clientId: 'x' }] } };
    await expect(startEmulator({ seed: seed({ users: [ada], security: twice }) })).rejects.toMatchObject({ code: 'SNAPSHOT_INVALID', message: /token x listed twice/ });
    await expect(startEmulator({ seed: seed({ users: [ada], security: { 'nobody@school.org': {} } }) })).rejects.toMatchObject({ code: 'SNAPSHOT_INVALID' });
  });
});
