import { describe, it, expect } from 'vitest';
import type { AdministrativeUnitRecord, GroupRecord } from '../../src/targets/entra/graph-types.js';
import { idOf, seed, user, withEntra } from './graph-client.js';

const students = ['a', 'b', 'c', 'd', 'e'].map((n) => user(`${n}@school.org`));
const teacher = user('teacher@school.org');
const lincoln: AdministrativeUnitRecord = { id: idOf('lincoln'), displayName: 'Lincoln Elementary', description: 'school 101', members: students.map((s) => s.id) };
const washington: AdministrativeUnitRecord = { id: idOf('washington'), displayName: 'Washington Middle', members: [] };
const grade5: GroupRecord = {
  id: idOf('grade5'),
  displayName: 'Lincoln grade 5',
  mailNickname: 'lincoln-grade5',
  mailEnabled: false,
  securityEnabled: true,
  groupTypes: [],
  members: [students[0]!.id, students[1]!.id],
  owners: [teacher.id],
};
const allStudents: GroupRecord = { ...grade5, id: idOf('all'), displayName: 'All students', mailNickname: 'all-students', members: [grade5.id], owners: [] };
const tenant = seed({ users: [...students, teacher], administrativeUnits: [lincoln, washington], groups: [grade5, allStudents] });

const ref = (id: string) => ({ '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${id}` });
const UNITS = 'directory/administrativeUnits';

describe('administrative units', () => {
  it('lists and gets units with $select and $filter; a missing unit is a 404 naming it', async () => {
    await withEntra({ seed: tenant }, async (graph, emu) => {
      const list = await graph.get(`${UNITS}?$select=displayName&$filter=${encodeURIComponent("startswith(displayName,'lin')")}`);
      expect(list.body).toEqual({ '@odata.context': `${emu.url}v1.0/$metadata#directory/administrativeUnits(displayName)`, value: [{ displayName: 'Lincoln Elementary' }] });
      const got = await graph.get(`${UNITS}/${lincoln.id}`);
      expect(got.body).toMatchObject({ id: lincoln.id, displayName: 'Lincoln Elementary', description: 'school 101', visibility: null });
      const missing = await graph.get(`${UNITS}/${idOf('nowhere')}/members`);
      expect(missing.status).toBe(404);
      expect(missing.body.error).toMatchObject({
        code: 'Request_ResourceNotFound',
        message: `Resource '${idOf('nowhere')}' does not exist or one of its queried reference-property objects are not present.`,
      });
    });
  });

  it('pages members with $select, each with its @odata.type', async () => {
    await withEntra({ seed: tenant }, async (graph) => {
      const page = await graph.get(`${UNITS}/${lincoln.id}/members?$select=id,userPrincipalName&$top=2`);
      expect(page.body.value[0]).toEqual({ '@odata.type': '#microsoft.graph.user', id: expect.any(String), userPrincipalName: expect.stringMatching(/@school\.org$/) });
      expect(page.body['@odata.nextLink']).toContain('$skiptoken=');
      const { items, pages } = await graph.all(`${UNITS}/${lincoln.id}/members?$select=id&$top=2`);
      expect(pages).toBe(3);
      expect(items.map((m) => m.id).sort()).toEqual(students.map((s) => s.id).sort());
      expect((await graph.get(`${UNITS}/${lincoln.id}/members?$select=shoeSize`)).status).toBe(400);
    });
  });

  it('adds a member by reference and removes it; Graph refuses a second add, a missing object and a non-member', async () => {
    await withEntra({ seed: tenant }, async (graph, emu) => {
      const add = await graph.post(`${UNITS}/${washington.id}/members/$ref`, ref(students[0]!.id));
      expect(add.status).toBe(204);
      expect(emu.state().administrativeUnits.find((u) => u.id === washington.id)?.members).toEqual([students[0]!.id]);
      const again = await graph.post(`${UNITS}/${washington.id}/members/$ref`, ref(students[0]!.id));
      expect(again.status).toBe(400);
      expect(again.body.error).toMatchObject({
        code: 'Request_BadRequest',
        message: "One or more added object references already exist for the following modified properties: 'members'.",
      });
      const ghost = await graph.post(`${UNITS}/${washington.id}/members/$ref`, ref(idOf('ghost')));
      expect(ghost.status).toBe(404);
      expect(ghost.body.error.message).toContain(idOf('ghost'));
      expect((await graph.post(`${UNITS}/${washington.id}/members/$ref`, { '@odata.id': 'not a reference' })).status).toBe(400);
      expect((await graph.post(`${UNITS}/${idOf('nowhere')}/members/$ref`, ref(students[0]!.id))).status).toBe(404);

      expect((await graph.delete(`${UNITS}/${washington.id}/members/${students[0]!.id}/$ref`)).status).toBe(204);
      const notThere = await graph.delete(`${UNITS}/${washington.id}/members/${students[0]!.id}/$ref`);
      expect(notThere.status).toBe(404);
      expect(notThere.body.error).toMatchObject({ code: 'Request_ResourceNotFound', message: expect.stringContaining(students[0]!.id) });
      expect(emu.state().administrativeUnits.find((u) => u.id === washington.id)?.members).toEqual([]);
      expect(emu.stats().byRoute).toMatchObject({ 'administrativeUnits.members.add': 5, 'administrativeUnits.members.remove': 2 });
      expect(emu.stats().mutations).toBe(2);
    });
  });

  it('creates a unit', async () => {
    await withEntra({}, async (graph, emu) => {
      const created = await graph.post(UNITS, { displayName: 'Jefferson High', description: 'school 301' });
      expect(created.status).toBe(201);
      expect(emu.state().administrativeUnits).toEqual([{ id: created.body.id, displayName: 'Jefferson High', description: 'school 301', members: [] }]);
      expect((await graph.post(UNITS, { description: 'no name' })).status).toBe(400);
    });
  });
});

describe('groups', () => {
  it('lists groups by filter, lists members (users and groups) and owners, and serves a user\'s memberOf', async () => {
    await withEntra({ seed: tenant }, async (graph) => {
      const found = await graph.get(`groups?$select=id,displayName&$filter=${encodeURIComponent("mailNickname eq 'LINCOLN-grade5'")}`);
      expect(found.body.value).toEqual([{ id: grade5.id, displayName: 'Lincoln grade 5' }]);
      const members = await graph.get(`groups/${allStudents.id}/members?$select=id,displayName`);
      expect(members.body.value).toEqual([{ '@odata.type': '#microsoft.graph.group', id: grade5.id, displayName: 'Lincoln grade 5' }]);
      const owners = await graph.get(`groups/${grade5.id}/owners?$select=userPrincipalName`);
      expect(owners.body.value).toEqual([{ '@odata.type': '#microsoft.graph.user', userPrincipalName: 'teacher@school.org' }]);
      const memberOf = await graph.get(`users/${students[0]!.id}/memberOf?$select=id,displayName`);
      expect(memberOf.body.value.map((o: { displayName: string }) => o.displayName).sort()).toEqual(['Lincoln Elementary', 'Lincoln grade 5']);
      expect(memberOf.body.value.map((o: Record<string, string>) => o['@odata.type']).sort()).toEqual([
        '#microsoft.graph.administrativeUnit',
        '#microsoft.graph.group',
      ]);
    });
  });

  it('adds and removes members and owners by reference, with the same refusals as units', async () => {
    await withEntra({ seed: tenant }, async (graph, emu) => {
      expect((await graph.post(`groups/${grade5.id}/members/$ref`, ref(students[2]!.id))).status).toBe(204);
      expect((await graph.post(`groups/${grade5.id}/owners/$ref`, { '@odata.id': `https://graph.microsoft.com/v1.0/users/${students[3]!.id}` })).status).toBe(204);
      const dupOwner = await graph.post(`groups/${grade5.id}/owners/$ref`, ref(teacher.id));
      expect(dupOwner.body.error.message).toBe("One or more added object references already exist for the following modified properties: 'owners'.");
      expect((await graph.post(`groups/${grade5.id}/owners/$ref`, ref(allStudents.id))).status).toBe(400);
      expect((await graph.post(`groups/${grade5.id}/members/$ref`, ref(grade5.id))).status).toBe(400);
      expect((await graph.delete(`groups/${grade5.id}/members/${students[0]!.id}/$ref`)).status).toBe(204);
      expect((await graph.delete(`groups/${grade5.id}/owners/${students[0]!.id}/$ref`)).status).toBe(404);
      const state = emu.state().groups.find((g) => g.id === grade5.id);
      expect(state?.members).toEqual([students[1]!.id, students[2]!.id].sort());
      expect(state?.owners).toEqual([teacher.id, students[3]!.id].sort());
    });
  });

  it('creates a security group', async () => {
    await withEntra({}, async (graph, emu) => {
      const created = await graph.post('groups', { displayName: 'Graduates 2026', mailNickname: 'grads-2026', mailEnabled: false, securityEnabled: true });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ displayName: 'Graduates 2026', groupTypes: [], createdDateTime: '2024-01-01T00:00:00Z' });
      expect(emu.state().groups).toMatchObject([{ id: created.body.id, members: [], owners: [] }]);
      const missing = await graph.post('groups', { displayName: 'x', mailEnabled: false, securityEnabled: true });
      expect(missing.body.error.message).toBe("Invalid value specified for property 'mailNickname' of resource 'Group'.");
    });
  });

  it('deletes a group for good: out of the groups it was a member of, its id no longer found; units are not deleted', async () => {
    await withEntra({ seed: tenant }, async (graph, emu) => {
      expect((await graph.delete(`groups/${grade5.id}`)).status).toBe(204);
      expect(emu.state().groups.map((g) => g.id)).toEqual([allStudents.id]);
      expect(emu.state().groups[0]?.members).toEqual([]);
      expect((await graph.get(`groups/${grade5.id}`)).status).toBe(404);
      const again = await graph.delete(`groups/${grade5.id}`);
      expect(again.status).toBe(404);
      expect(again.body.error.code).toBe('Request_ResourceNotFound');
      expect((await graph.get(`groups?$filter=${encodeURIComponent("mailNickname eq 'lincoln-grade5'")}`)).body.value).toEqual([]);
      expect((await graph.delete(`${UNITS}/${lincoln.id}`)).status).toBe(405);
      expect(emu.stats().byRoute).toMatchObject({ 'groups.delete': 2 });
    });
  });
});
