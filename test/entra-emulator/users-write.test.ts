import { describe, it, expect } from 'vitest';
import { counterClock } from '../../src/emulator-kit/clock.js';
import { idOf, newUser, seed, user, withEntra } from './graph-client.js';

const PASSWORD = 'Correct-Horse-7';
const EXT = 'extension_0123456789abcdef0123456789abcdef_graduationYear';

describe('POST /users', () => {
  it('creates a user (201, its default properties) with server fields from the injected clock; the password is never kept', async () => {
    await withEntra({ clock: counterClock('2026-07-15T08:00:00.000Z', 60_000) }, async (graph, emu) => {
      const created = await graph.post('users', newUser('Ada@School.org', { employeeId: '1001', usageLocation: 'US', [EXT]: 2031 }));
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        '@odata.context': `${emu.url}v1.0/$metadata#users/$entity`,
        userPrincipalName: 'Ada@School.org',
        displayName: 'Ada New',
        businessPhones: [],
      });
      expect(created.body.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      const read = await graph.get(`users/${created.body.id}?$select=createdDateTime,userType,accountEnabled,employeeId,${EXT},assignedLicenses`);
      expect(read.body).toMatchObject({ createdDateTime: '2026-07-15T08:00:00Z', userType: 'Member', accountEnabled: true, employeeId: '1001', [EXT]: 2031, assignedLicenses: [] });
      const second = await graph.post('users', newUser('grace@school.org'));
      expect((await graph.get(`users/${second.body.id}?$select=createdDateTime`)).body.createdDateTime).toBe('2026-07-15T08:01:00Z');
      expect(JSON.stringify(emu.state())).not.toContain(PASSWORD);
      expect(JSON.stringify(emu.state())).not.toContain('passwordProfile');
    });
  });

  it("refuses a taken userPrincipalName (any case) with Graph's 400 and its ObjectConflict detail", async () => {
    await withEntra({ seed: seed({ users: [user('ada@school.org')] }) }, async (graph, emu) => {
      const dup = await graph.post('users', newUser('ADA@school.org', { mailNickname: 'other' }));
      expect(dup.status).toBe(400);
      expect(dup.body.error).toMatchObject({
        code: 'Request_BadRequest',
        message: 'Another object with the same value for property userPrincipalName already exists.',
        details: [{ code: 'ObjectConflict', target: 'userPrincipalName' }],
      });
      expect(emu.state().users).toHaveLength(1);
    });
  });

  it('needs accountEnabled, displayName, mailNickname, userPrincipalName and passwordProfile, and checks each value', async () => {
    await withEntra({ verifiedDomains: ['school.org'] }, async (graph, emu) => {
      for (const missing of ['accountEnabled', 'displayName', 'mailNickname', 'userPrincipalName', 'passwordProfile']) {
        const body = newUser('x@school.org');
        delete body[missing];
        const answer = await graph.post('users', body);
        expect(answer.status).toBe(400);
        expect(answer.body.error.message).toBe(`Invalid value specified for property '${missing}' of resource 'User'.`);
      }
      const bad: Array<[Record<string, unknown>, RegExp]> = [
        [{ accountEnabled: 'yes' }, /property 'accountEnabled'/],
        [{ displayName: '' }, /property 'displayName'/],
        [{ employeeId: '12345678901234567' }, /property 'employeeId'/],
        [{ usageLocation: 'usa' }, /property 'usageLocation'/],
        [{ mailNickname: 'has space' }, /property 'mailNickname'/],
        [{ userPrincipalName: 'no-at-sign' }, /property 'userPrincipalName'/],
        [{ userPrincipalName: 'x@elsewhere.org' }, /^The domain portion of the userPrincipalName property is invalid/],
        [{ passwordProfile: { password: 'alllowercase' } }, /^The specified password does not comply with password complexity requirements/],
        [{ shoeSize: 9 }, /^Property 'shoeSize' does not exist as a declared property or extension property\.$/],
        [{ assignedLicenses: [] }, /^Property 'assignedLicenses' is read-only and cannot be set\.$/],
        [{ id: 'chosen' }, /^Property 'id' is read-only/],
      ];
      for (const [change, message] of bad) {
        const answer = await graph.post('users', newUser('x@school.org', change));
        expect(answer.status, JSON.stringify(change)).toBe(400);
        expect(answer.body.error.message).toMatch(message);
      }
      expect(emu.state().users).toEqual([]);
      const notJson = await graph.call('POST', 'users', { raw: '{"accountEnabled":', headers: { 'Content-Type': 'application/json' } });
      expect(notJson.status).toBe(400);
      expect(notJson.body.error.code).toBe('BadRequest');
    });
  });

  it('accepts only declared extension properties when the tenant lists them', async () => {
    await withEntra({ extensionProperties: [EXT] }, async (graph) => {
      expect((await graph.post('users', newUser('a@school.org', { [EXT]: '2031' }))).status).toBe(201);
      const other = 'extension_0123456789abcdef0123456789abcdef_shoeSize';
      const refused = await graph.post('users', newUser('b@school.org', { [other]: '9' }));
      expect(refused.body.error.message).toBe(`Property '${other}' does not exist as a declared property or extension property.`);
      expect((await graph.get(`users?$select=${other}`)).status).toBe(400);
      // Declared names are the tenant's own: a query may write them in any case.
      const shouted = await graph.get(`users?$select=${EXT.toUpperCase()}&$filter=${EXT.toUpperCase()} eq '2031'`);
      expect(shouted.body.value).toEqual([{ [EXT]: '2031' }]);
    });
  });
});

describe('PATCH /users/{id}', () => {
  it('answers 204 and changes only the given properties; null clears one', async () => {
    const ada = user('ada@school.org', { givenName: 'Ada', jobTitle: 'Student', department: 'Lincoln', [EXT]: '2030' });
    await withEntra({ seed: seed({ users: [ada] }) }, async (graph, emu) => {
      const answer = await graph.patch(`users/${ada.id}`, { accountEnabled: false, jobTitle: null, [EXT]: '2031', passwordProfile: { forceChangePasswordNextSignIn: true } });
      expect(answer.status).toBe(204);
      expect(answer.body).toBeUndefined();
      expect(emu.state().users[0]).toEqual({ ...ada, accountEnabled: false, jobTitle: undefined, [EXT]: '2031' });
      expect(emu.state().users[0]).not.toHaveProperty('jobTitle');
      const byUpn = await graph.patch('users/ADA@school.org', { department: 'Washington' });
      expect(byUpn.status).toBe(204);
      expect(emu.state().users[0]?.department).toBe('Washington');
    });
  });

  it('refuses what cannot be cleared or is taken, and a user that is not there', async () => {
    const ada = user('ada@school.org');
    await withEntra({ seed: seed({ users: [ada, user('grace@school.org')] }) }, async (graph, emu) => {
      for (const property of ['displayName', 'userPrincipalName', 'mailNickname', 'accountEnabled']) {
        const answer = await graph.patch(`users/${ada.id}`, { [property]: null });
        expect(answer.status).toBe(400);
        expect(answer.body.error.message).toBe(`Invalid value specified for property '${property}' of resource 'User'.`);
      }
      const taken = await graph.patch(`users/${ada.id}`, { userPrincipalName: 'Grace@school.org' });
      expect(taken.body.error.details).toEqual([{ code: 'ObjectConflict', target: 'userPrincipalName' }]);
      const weak = await graph.patch(`users/${ada.id}`, { passwordProfile: { password: 'short' } });
      expect(weak.status).toBe(400);
      expect(emu.state().users.find((u) => u.id === ada.id)).toEqual(ada);

      const renamed = await graph.patch(`users/${ada.id}`, { userPrincipalName: 'ada.lovelace@school.org' });
      expect(renamed.status).toBe(204);
      expect((await graph.get('users/ada.lovelace@school.org?$select=id')).body.id).toBe(ada.id);
      expect((await graph.get('users/ada@school.org')).status).toBe(404);
      expect((await graph.get("users?$select=id&$filter=userPrincipalName eq 'ada@school.org'")).body.value).toEqual([]);

      const missing = await graph.patch(`users/${idOf('nobody')}`, { jobTitle: 'x' });
      expect(missing.status).toBe(404);
      expect(missing.body.error.message).toContain(idOf('nobody'));
    });
  });
});

describe('lookups after changes', () => {
  it('finds users by their new values, not their old ones, after an update, a delete and a restore', async () => {
    const ada = user('ada@school.org', { employeeId: '1001' });
    await withEntra({ seed: seed({ users: [ada] }) }, async (graph) => {
      const byEmployeeId = async (id: string) =>
        ((await graph.get(`users?$select=userPrincipalName&$filter=${encodeURIComponent(`employeeId eq '${id}'`)}`)).body.value as Array<{ userPrincipalName: string }>).map(
          (u) => u.userPrincipalName,
        );
      expect(await byEmployeeId('1001')).toEqual(['ada@school.org']);
      await graph.patch(`users/${ada.id}`, { employeeId: '2002' });
      expect(await byEmployeeId('1001')).toEqual([]);
      expect(await byEmployeeId('2002')).toEqual(['ada@school.org']);
      await graph.post('users', newUser('grace@school.org', { employeeId: '2002' }));
      expect((await byEmployeeId('2002')).sort()).toEqual(['ada@school.org', 'grace@school.org']);
      await graph.delete(`users/${ada.id}`);
      expect(await byEmployeeId('2002')).toEqual(['grace@school.org']);
      await graph.post(`directory/deletedItems/${ada.id}/restore`, {});
      expect((await byEmployeeId('2002')).sort()).toEqual(['ada@school.org', 'grace@school.org']);
    });
  });
});

describe('DELETE /users/{id} and restore', () => {
  it('deletes to the deleted items, out of every unit and group, and restores the user with its memberships', async () => {
    const ada = user('ada@school.org');
    const unit = { id: idOf('unit'), displayName: 'Lincoln', members: [ada.id] };
    const group = { id: idOf('group'), displayName: 'Lincoln staff', mailNickname: 'lincoln-staff', mailEnabled: false, securityEnabled: true, members: [ada.id], owners: [ada.id] };
    await withEntra({ seed: seed({ users: [ada], administrativeUnits: [unit], groups: [group] }) }, async (graph, emu) => {
      expect((await graph.delete(`users/${ada.id}`)).status).toBe(204);
      expect((await graph.get(`users/${ada.id}`)).status).toBe(404);
      expect(emu.state()).toMatchObject({ users: [], administrativeUnits: [{ members: [] }], groups: [{ members: [], owners: [] }] });
      const deleted = await graph.get('directory/deletedItems/microsoft.graph.user?$select=id,userPrincipalName,deletedDateTime');
      expect(deleted.body.value).toEqual([{ id: ada.id, userPrincipalName: 'ada@school.org', deletedDateTime: expect.stringMatching(/Z$/) }]);

      expect((await graph.post(`directory/deletedItems/${ada.id}/restore`, {})).status).toBe(200);
      expect(emu.state()).toMatchObject({ users: [ada], administrativeUnits: [{ members: [ada.id] }], groups: [{ members: [ada.id], owners: [ada.id] }] });
      expect((await graph.post(`directory/deletedItems/${ada.id}/restore`, {})).status).toBe(404);
    });
  });

  it('refuses to restore a user whose userPrincipalName was taken meanwhile', async () => {
    const ada = user('ada@school.org');
    await withEntra({ seed: seed({ users: [ada] }) }, async (graph) => {
      await graph.delete(`users/${ada.id}`);
      expect((await graph.post('users', newUser('ada@school.org'))).status).toBe(201);
      const restore = await graph.post(`directory/deletedItems/${ada.id}/restore`, {});
      expect(restore.status).toBe(400);
      expect(restore.body.error.details).toEqual([{ code: 'ObjectConflict', target: 'userPrincipalName' }]);
    });
  });
});

describe('POST /users/{id}/revokeSignInSessions', () => {
  it('answers true and moves signInSessionsValidFromDateTime to now', async () => {
    const ada = user('ada@school.org');
    await withEntra({ seed: seed({ users: [ada] }), clock: counterClock('2026-09-01T00:00:00.000Z') }, async (graph) => {
      const answer = await graph.post(`users/${ada.id}/revokeSignInSessions`, undefined);
      expect(answer.status).toBe(200);
      expect(answer.body.value).toBe(true);
      expect((await graph.get(`users/${ada.id}?$select=signInSessionsValidFromDateTime`)).body.signInSessionsValidFromDateTime).toBe('2026-09-01T00:00:00Z');
    });
  });
});
