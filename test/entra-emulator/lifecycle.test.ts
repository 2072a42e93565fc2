import { describe, expect, it } from 'vitest';
import { manualClock } from '../../src/emulator-kit/clock.js';
import type { GraphSubscribedSku } from '../../src/targets/entra/graph-types.js';
import { ADVANCED, seed, user, withEntra } from './graph-client.js';

/** What issue 16's offboarding asks of Entra: disable, stamp the day, end sessions, free licences, delete, restore within 30 days. */

const SUSPENDED_ON = 'extension_0123456789abcdef0123456789abcdef_suspendedOn';
const STUDENT_SKU = '314c4481-f395-4525-be8b-2ec4bb1e9d91';
const skus: GraphSubscribedSku[] = [{ skuId: STUDENT_SKU, skuPartNumber: 'STANDARDWOFFPACK_STUDENT', prepaidUnits: { enabled: 10 } }];
const licensed = { usageLocation: 'US', assignedLicenses: [{ skuId: STUDENT_SKU, disabledPlans: [] }] };
const leaver = user('leaver@school.org', licensed);
const stayer = user('stayer@school.org', licensed);

describe('an account lifecycle in Entra', () => {
  it('suspends with a dated extension property, finds the suspended by filter, ends sessions and frees the licence', async () => {
    const time = manualClock('2026-06-30T23:00:00Z');
    await withEntra({ seed: seed({ subscribedSkus: skus, users: [leaver, stayer] }), extensionProperties: [SUSPENDED_ON], clock: time.clock }, async (graph, emu) => {
      expect((await graph.patch(`users/${leaver.id}`, { accountEnabled: false, [SUSPENDED_ON]: '2026-06-30' })).status).toBe(204);
      const revoked = await graph.post(`users/${leaver.id}/revokeSignInSessions`, undefined);
      expect(revoked.body.value).toBe(true);
      expect((await graph.post(`users/${leaver.id}/assignLicense`, { addLicenses: [], removeLicenses: [STUDENT_SKU] })).status).toBe(200);

      const suspended = await graph.get(`users?$filter=accountEnabled eq false&$select=userPrincipalName,${SUSPENDED_ON},assignedLicenses,signInSessionsValidFromDateTime`);
      expect(suspended.body.value).toEqual([
        { userPrincipalName: 'leaver@school.org', [SUSPENDED_ON]: '2026-06-30', assignedLicenses: [], signInSessionsValidFromDateTime: '2026-06-30T23:00:00Z' },
      ]);
      // The stamp is found by its value too (the extension's name in any case), and an account never stamped has no such property.
      const byDay = await graph.get(`users?$filter=${SUSPENDED_ON.toUpperCase()} eq '2026-06-30'&$select=id`);
      expect(byDay.body.value).toEqual([{ id: leaver.id }]);
      const stayerRead = await graph.get(`users/${stayer.id}?$select=id,${SUSPENDED_ON}`);
      expect(stayerRead.body).not.toHaveProperty(SUSPENDED_ON);
      const count = await graph.get('users/$count?$filter=accountEnabled eq false', ADVANCED);
      expect(count.body).toBe('1');
      expect((await graph.get('subscribedSkus')).body.value[0].consumedUnits).toBe(1);

      // Re-activation clears the stamp.
      expect((await graph.patch(`users/${leaver.id}`, { accountEnabled: true, [SUSPENDED_ON]: null })).status).toBe(204);
      expect((await graph.get(`users/${leaver.id}?$select=accountEnabled,${SUSPENDED_ON}`)).body).toMatchObject({ accountEnabled: true });
      expect(emu.state().users.find((u) => u.id === leaver.id)).not.toHaveProperty(SUSPENDED_ON);
    });
  });

  it('deletes to the deleted items, restorable for 30 days by the clock, then gone for good', async () => {
    const time = manualClock('2026-07-01T00:00:00Z');
    await withEntra({ seed: seed({ subscribedSkus: skus, users: [leaver, stayer] }), clock: time.clock }, async (graph, emu) => {
      expect((await graph.delete(`users/${leaver.id}`)).status).toBe(204);
      expect((await graph.delete(`users/${stayer.id}`)).status).toBe(204);
      const one = await graph.get(`directory/deletedItems/${leaver.id}?$select=id,userPrincipalName,deletedDateTime`);
      expect(one.status).toBe(200);
      expect(one.body).toMatchObject({ id: leaver.id, userPrincipalName: 'leaver@school.org', deletedDateTime: '2026-07-01T00:00:00Z' });
      expect(one.body['@odata.context']).toMatch(/\$metadata#directory\/deletedItems\(id,userPrincipalName,deletedDateTime\)\/\$entity$/);

      time.advanceDays(29);
      expect((await graph.post(`directory/deletedItems/${leaver.id}/restore`, {})).status).toBe(200);
      expect(emu.state().users.map((u) => u.userPrincipalName)).toEqual(['leaver@school.org']);

      time.advanceDays(1);
      // The other one was deleted 30 days ago: past the window.
      const listed = await graph.get('directory/deletedItems/microsoft.graph.user?$select=id');
      expect(listed.body.value).toEqual([]);
      expect((await graph.get(`directory/deletedItems/${stayer.id}`)).status).toBe(404);
      const restore = await graph.post(`directory/deletedItems/${stayer.id}/restore`, {});
      expect(restore.status).toBe(404);
      expect(restore.body.error.code).toBe('Request_ResourceNotFound');
      expect(emu.stats().byRoute).toMatchObject({ 'deletedItems.get': 2, 'deletedItems.restore': 2, 'deletedItems.list': 1 });
    });
  });
});
