import { describe, it, expect } from 'vitest';
import type { GraphSubscribedSku } from '../../src/targets/entra/graph-types.js';
import { idOf, seed, user, withEntra } from './graph-client.js';

const STUDENT_SKU = '314c4481-f395-4525-be8b-2ec4bb1e9d91';
const FACULTY_SKU = '94763226-9b3c-4e75-a931-5c89701abe66';
const skus: GraphSubscribedSku[] = [
  { skuId: STUDENT_SKU, skuPartNumber: 'STANDARDWOFFPACK_STUDENT', prepaidUnits: { enabled: 2, suspended: 0, warning: 0 } },
  { skuId: FACULTY_SKU, skuPartNumber: 'STANDARDWOFFPACK_FACULTY' },
];
const placed = user('placed@school.org', { usageLocation: 'US', assignedLicenses: [{ skuId: STUDENT_SKU, disabledPlans: [] }] });
const homeless = user('homeless@school.org');
const fresh = user('fresh@school.org', { usageLocation: 'US' });
const another = user('another@school.org', { usageLocation: 'US' });

describe('licences', () => {
  it('lists subscribed SKUs with the units in use', async () => {
    await withEntra({ seed: seed({ subscribedSkus: skus, users: [placed] }), tenantId: 'tenant-1' }, async (graph) => {
      const answer = await graph.get('subscribedSkus');
      expect(answer.body.value).toEqual([
        expect.objectContaining({ id: `tenant-1_${STUDENT_SKU}`, skuPartNumber: 'STANDARDWOFFPACK_STUDENT', consumedUnits: 1, capabilityStatus: 'Enabled', appliesTo: 'User' }),
        expect.objectContaining({ skuId: FACULTY_SKU, consumedUnits: 0, prepaidUnits: null }),
      ]);
      expect((await graph.get('subscribedSkus?$select=skuPartNumber')).body.value).toEqual([
        { skuPartNumber: 'STANDARDWOFFPACK_STUDENT' },
        { skuPartNumber: 'STANDARDWOFFPACK_FACULTY' },
      ]);
    });
  });

  it('assigns and removes licences; a user needs a usageLocation first, as Graph requires', async () => {
    await withEntra({ seed: seed({ subscribedSkus: skus, users: [placed, homeless, fresh] }) }, async (graph, emu) => {
      const noLocation = await graph.post(`users/${homeless.id}/assignLicense`, { addLicenses: [{ skuId: FACULTY_SKU }], removeLicenses: [] });
      expect(noLocation.status).toBe(400);
      expect(noLocation.body.error).toMatchObject({ code: 'Request_BadRequest', message: 'License assignment cannot be done for user with invalid usage location.' });
      expect((await graph.patch(`users/${homeless.id}`, { usageLocation: 'US' })).status).toBe(204);
      const assigned = await graph.post(`users/${homeless.id}/assignLicense`, { addLicenses: [{ skuId: FACULTY_SKU, disabledPlans: ['p1'] }], removeLicenses: [] });
      expect(assigned.status).toBe(200);
      expect(assigned.body.id).toBe(homeless.id);
      const swapped = await graph.post(`users/${placed.id}/assignLicense`, { addLicenses: [{ skuId: FACULTY_SKU }], removeLicenses: [STUDENT_SKU] });
      expect(swapped.status).toBe(200);
      const state = emu.state();
      expect(state.users.find((u) => u.id === homeless.id)?.assignedLicenses).toEqual([{ skuId: FACULTY_SKU, disabledPlans: ['p1'] }]);
      expect(state.users.find((u) => u.id === placed.id)?.assignedLicenses).toEqual([{ skuId: FACULTY_SKU, disabledPlans: [] }]);
      expect(state.subscribedSkus.map((s) => [s.skuPartNumber, s.consumedUnits])).toEqual([
        ['STANDARDWOFFPACK_STUDENT', 0],
        ['STANDARDWOFFPACK_FACULTY', 2],
      ]);
      expect((await graph.get(`users/${placed.id}?$select=assignedLicenses`)).body.assignedLicenses).toEqual([{ skuId: FACULTY_SKU, disabledPlans: [] }]);
    });
  });

  it('refuses an unknown SKU, a licence the user does not hold, a SKU with no unit free and a malformed body, changing nothing', async () => {
    await withEntra({ seed: seed({ subscribedSkus: skus, users: [placed, fresh, another] }) }, async (graph, emu) => {
      const before = emu.state();
      const refusals: Array<[string, Record<string, unknown>, string]> = [
        [fresh.id, { addLicenses: [{ skuId: idOf('no-such-sku') }], removeLicenses: [] }, `License ${idOf('no-such-sku')} does not correspond to a valid company License.`],
        [fresh.id, { addLicenses: [{ skuId: FACULTY_SKU }], removeLicenses: [STUDENT_SKU] }, 'User does not have a corresponding license.'],
        [fresh.id, { addLicenses: [{ skuId: STUDENT_SKU }] }, "Invalid value specified for property 'removeLicenses' of resource 'User'."],
        [fresh.id, { addLicenses: 'all', removeLicenses: [] }, "Invalid value specified for property 'addLicenses' of resource 'User'."],
      ];
      for (const [id, body, message] of refusals) {
        const answer = await graph.post(`users/${id}/assignLicense`, body);
        expect(answer.status).toBe(400);
        expect(answer.body.error.message).toBe(message);
      }
      expect(emu.state()).toEqual(before);
      expect((await graph.post(`users/${fresh.id}/assignLicense`, { addLicenses: [{ skuId: STUDENT_SKU }], removeLicenses: [] })).status).toBe(200);
      const full = await graph.post(`users/${another.id}/assignLicense`, { addLicenses: [{ skuId: STUDENT_SKU }], removeLicenses: [] });
      expect(full.body.error.message).toBe(`Subscription with SKU ${STUDENT_SKU} does not have any available licenses.`);
      // Re-adding a SKU the user holds (to change its plans) takes no new unit.
      expect((await graph.post(`users/${fresh.id}/assignLicense`, { addLicenses: [{ skuId: STUDENT_SKU, disabledPlans: ['x'] }], removeLicenses: [] })).status).toBe(200);
      expect((await graph.post(`users/${idOf('nobody')}/assignLicense`, { addLicenses: [], removeLicenses: [] })).status).toBe(404);
    });
  });
});
