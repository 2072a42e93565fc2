import { describe, it, expect } from 'vitest';
import { failure, seed, withEmulator } from './client.js';

const orgUnits = [{ orgUnitPath: '/Students' }, { orgUnitPath: '/Students/Grade 9', description: 'Class of 2030' }, { orgUnitPath: '/Staff' }];

describe('orgunits', () => {
  it('lists all units (never the root) or only children, for my_customer or the customer id', async () => {
    await withEmulator({ seed: seed({ orgUnits }), customerId: 'C0district' }, async (_emu, directory) => {
      const all = await directory.orgunits.list({ customerId: 'my_customer', type: 'all' });
      expect(all.data.organizationUnits?.map((o) => o.orgUnitPath)).toEqual(['/Staff', '/Students', '/Students/Grade 9']);
      const children = await directory.orgunits.list({ customerId: 'C0district', orgUnitPath: '/Students' });
      expect(children.data.organizationUnits?.map((o) => o.orgUnitPath)).toEqual(['/Students/Grade 9']);
      expect((await failure(directory.orgunits.list({ customerId: 'C0other', type: 'all' }))).status).toBe(400);
    });
  });

  it('gets a unit by path without its leading slash, with parent ids filled in', async () => {
    await withEmulator({ seed: seed({ orgUnits }) }, async (_emu, directory) => {
      const students = await directory.orgunits.get({ customerId: 'my_customer', orgUnitPath: 'Students' });
      const grade9 = await directory.orgunits.get({ customerId: 'my_customer', orgUnitPath: 'Students/Grade 9' });
      expect(grade9.data).toMatchObject({
        kind: 'admin#directory#orgUnit',
        orgUnitPath: '/Students/Grade 9',
        name: 'Grade 9',
        description: 'Class of 2030',
        parentOrgUnitPath: '/Students',
        parentOrgUnitId: students.data.orgUnitId,
      });
      const byId = await directory.orgunits.get({ customerId: 'my_customer', orgUnitPath: grade9.data.orgUnitId as string });
      expect(byId.data.orgUnitPath).toBe('/Students/Grade 9');
      expect((await failure(directory.orgunits.get({ customerId: 'my_customer', orgUnitPath: 'Nope' }))).status).toBe(404);
    });
  });

  it('creates a unit under an existing parent only', async () => {
    await withEmulator({ seed: seed({ orgUnits }) }, async (emu, directory) => {
      const created = await directory.orgunits.insert({
        customerId: 'my_customer',
        requestBody: { name: 'Grade 10', parentOrgUnitPath: '/Students' },
      });
      expect(created.data).toMatchObject({ orgUnitPath: '/Students/Grade 10', parentOrgUnitPath: '/Students' });
      const orphan = await failure(
        directory.orgunits.insert({ customerId: 'my_customer', requestBody: { name: 'X', parentOrgUnitPath: '/Nope' } }),
      );
      expect(orphan).toMatchObject({ status: 400, message: 'Invalid Input: INVALID_OU_ID' });
      const twice = await failure(
        directory.orgunits.insert({ customerId: 'my_customer', requestBody: { name: 'Grade 10', parentOrgUnitPath: '/Students' } }),
      );
      expect(twice.status).toBe(409);
      expect(emu.state().orgUnits.map((o) => o.orgUnitPath)).toEqual(['/Staff', '/Students', '/Students/Grade 10', '/Students/Grade 9']);
      expect(emu.stats().mutations).toBe(1);
    });
  });
});
