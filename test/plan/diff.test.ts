import jsonpatch from 'fast-json-patch';
import { describe, expect, it } from 'vitest';
import type { DesiredAccount } from '../../src/model/account.js';
import { assignment, DOMAIN, makeConfig, rows, staffUser, student } from '../builders.js';
import { desiredGoogle, diffGoogle, group, state, userFromDesired } from '../google-builders.js';
import { onlyUpdate } from './only-update.js';

const TODAY = '2026-11-23';
const config = makeConfig({ staff: { frozenOrgUnits: ['**/Administrators'], temporaryReactivationOrgUnits: ['/Temporary Reactivation'] } });

function desiredStudent(overrides = {}): DesiredAccount {
  return desiredGoogle(rows({ students: [student(overrides)] }), config, TODAY).accounts[0]!;
}
function desiredStaff(overrides = {}, status = 1): DesiredAccount {
  const u = staffUser(overrides);
  return desiredGoogle(rows({ users: [u], schoolStaff: [assignment(u.dcid, u.homeSchoolId, status)] }), config, TODAY).accounts[0]!;
}

describe('diff', () => {
  it('finds nothing to do when Google already matches', () => {
    const d = desiredStudent();
    const result = diffGoogle([d], state([userFromDesired(d)]), config);
    expect(result.changes).toEqual([]);
    expect(result.counts).toMatchObject({ matched: 1, inSync: 1, unmanaged: 0 });
  });

  it('creates an account for an active person Google lacks, without a password', () => {
    const d = desiredStudent({ studentNumber: '31337' });
    const [c] = diffGoogle([d], state([]), config).changes;
    expect(c).toMatchObject({ kind: 'create', address: `31337@${DOMAIN}`, after: { placement: ['/Students/WHS Students/9th'], enabled: true } });
    expect(JSON.stringify(c)).not.toMatch(/password/i);
  });

  it('never creates an account just to suspend it', () => {
    const result = diffGoogle([desiredStudent({ enrollStatus: 2 })], state([]), config);
    expect(result.changes).toEqual([]);
    expect(result.counts.absentInactive).toBe(1);
  });

  it('moves on promotion, with the reason and a patch whose tests hold the old value', () => {
    const d = desiredStudent({ gradeLevel: 10 });
    const c = onlyUpdate(diffGoogle([d], state([userFromDesired(d, { orgUnitPath: '/Students/WHS Students/9th' })]), config));
    expect(c.actions).toEqual(['move']);
    expect(c.reasons).toEqual(['enroll_status 0 (active), grade 10 at Whitmore High (301)']);
    expect(c.patch).toEqual([
      { op: 'test', path: '/placement/0', value: '/Students/WHS Students/9th' },
      { op: 'replace', path: '/placement/0', value: '/Students/WHS Students/10th' },
    ]);
  });

  it('puts every field change of one account in one change: both names change in one run (not two, as in the seed)', () => {
    const d = desiredStudent({ firstName: 'Benjamin', lastName: 'Taylor', classOf: 2031 });
    const google = userFromDesired(d, { name: { givenName: 'Ben', familyName: 'Tailor' } });
    google.customSchemas!.StudentInfo!.Graduation_Year = '2030';
    const c = onlyUpdate(diffGoogle([d], state([google]), config));
    expect(c.actions).toEqual(['rename', 'update-attributes']);
    expect(c.after.name).toEqual({ given: 'Benjamin', family: 'Taylor' });
    const patched = jsonpatch.applyPatch(structuredClone(c.before), c.patch, true, false).newDocument;
    expect(patched).toEqual(c.after);
  });

  it('suspends and moves a leaver in one change', () => {
    const d = desiredStudent({ enrollStatus: 2 });
    const c = onlyUpdate(diffGoogle([d], state([userFromDesired(d, { suspended: false, orgUnitPath: '/Students/WHS Students/9th' })]), config));
    expect(c.actions).toEqual(['suspend', 'move']);
    expect(c.after).toMatchObject({ enabled: false, placement: ['/Suspended Students'] });
  });

  it('unsuspends a returning student', () => {
    const d = desiredStudent();
    const c = onlyUpdate(diffGoogle([d], state([userFromDesired(d, { suspended: true, orgUnitPath: '/Suspended Students' })]), config));
    expect(c.actions).toEqual(['unsuspend', 'move']);
  });

  it('renames the primary email of an account matched by DCID', () => {
    const d = desiredStaff({ email: `jane.doe@${DOMAIN}`, dcid: '61' });
    const c = onlyUpdate(diffGoogle([d], state([userFromDesired(d, { primaryEmail: `jane.smith@${DOMAIN}` })]), config));
    expect(c.actions).toEqual(['rename']);
    expect(c.address).toBe(`jane.smith@${DOMAIN}`);
    expect(c.after.address).toBe(`jane.doe@${DOMAIN}`);
  });

  it('refuses a rename onto an address another account owns, and keeps the rest of the update', () => {
    const d = desiredStaff({ email: `taken@${DOMAIN}`, dcid: '62', homeSchoolId: 201 });
    const mine = userFromDesired(d, { primaryEmail: `old@${DOMAIN}`, orgUnitPath: '/Staff/Whitmore High Staff' });
    const other = { kind: 'admin#directory#user' as const, primaryEmail: `taken@${DOMAIN}`, orgUnitPath: '/' };
    const result = diffGoogle([d], state([mine, other]), config);
    const c = onlyUpdate(result);
    expect(c.actions).toEqual(['move']);
    expect(result.issues[0]).toMatchObject({ code: 'ADDRESS_IN_USE' });
  });

  it('never moves an account out of a frozen OU (or anything below it), and counts it', () => {
    const d = desiredStaff({ homeSchoolId: 301 });
    const result = diffGoogle([d], state([userFromDesired(d, { orgUnitPath: '/Staff/Whitmore High Staff/Administrators/Principals' })]), config);
    expect(result.changes).toEqual([]);
    expect(result.counts.frozen).toBe(1);
  });

  it('still suspends an inactive account in a frozen OU, without moving it', () => {
    const d = desiredStaff({}, 0);
    const c = onlyUpdate(diffGoogle([d], state([userFromDesired(d, { suspended: false, orgUnitPath: '/Staff/Whitmore High Staff/Administrators' })]), config));
    expect(c.actions).toEqual(['suspend']);
    expect(c.reasons[0]).toContain('frozen OU (**/Administrators)');
  });

  it('leaves inactive staff in a temporary-reactivation OU active and in place', () => {
    const d = desiredStaff({}, 0);
    const result = diffGoogle([d], state([userFromDesired(d, { suspended: false, orgUnitPath: '/Temporary Reactivation' })], [group(`all@${DOMAIN}`, [d.fields.address])]), config);
    expect(result.changes).toEqual([]);
  });

  it('removes suspended staff from their groups, one change per membership', () => {
    const d = desiredStaff({}, 0);
    const google = userFromDesired(d, { suspended: false, orgUnitPath: '/Staff/Whitmore High Staff' });
    const result = diffGoogle([d], state([google], [group(`all@${DOMAIN}`, [d.fields.address]), group(`whs@${DOMAIN}`, [d.fields.address.toUpperCase()])]), config);
    expect(result.changes.map((c) => c.kind).sort()).toEqual(['remove-from-group', 'remove-from-group', 'update']);
    const removals = result.changes.filter((c) => c.kind === 'remove-from-group');
    expect(removals.map((c) => (c.kind === 'remove-from-group' ? c.group : '')).sort()).toEqual([`all@${DOMAIN}`, `whs@${DOMAIN}`]);
  });

  it('removes an already-suspended account still in a group (an earlier removal failed)', () => {
    const d = desiredStaff({}, 0);
    const result = diffGoogle([d], state([userFromDesired(d)], [group(`all@${DOMAIN}`, [d.fields.address])]), config);
    expect(result.changes.map((c) => c.kind)).toEqual(['remove-from-group']);
  });

  it('leaves students in their groups unless configured', () => {
    const d = desiredStudent({ enrollStatus: 2 });
    const result = diffGoogle([d], state([userFromDesired(d)], [group(`class@${DOMAIN}`, [d.fields.address])]), config);
    expect(result.changes).toEqual([]);
  });

  it('compares and writes managed fields only: other custom fields and externalIds are kept', () => {
    const d = desiredStaff({ teacherNumber: 'T9' });
    const google = userFromDesired(d, { externalIds: [{ type: 'login_id', value: 'jsmith' }, { type: 'organization', value: 'T8' }] });
    google.customSchemas!.Employment = { Start_Date: '2019-08-12' };
    google.customSchemas!.Synchronization_Data!.Unmanaged_Field = 'keep me';
    const c = onlyUpdate(diffGoogle([d], state([google]), config));
    expect(c.actions).toEqual(['update-attributes']);
    expect(c.after.attributes['externalIds.organization']).toBe('T9');
    expect(JSON.stringify(c)).not.toContain('login_id');
    expect(JSON.stringify(c)).not.toContain('Start_Date');
    expect(JSON.stringify(c)).not.toContain('Unmanaged_Field');
  });

  it('compares custom values as strings (Google returns strings whatever was sent)', () => {
    const d = desiredStudent({ classOf: 2030 });
    const google = userFromDesired(d);
    google.customSchemas!.StudentInfo!.Graduation_Year = 2030;
    expect(diffGoogle([d], state([google]), config).changes).toEqual([]);
  });

  it('removes a managed attribute PowerSchool no longer has', () => {
    const d = desiredStaff({ cellPhone: '' });
    const google = userFromDesired(d);
    google.customSchemas!.CrisisGO!.CellPhone = '555-0000';
    const c = onlyUpdate(diffGoogle([d], state([google]), config));
    expect(c.patch).toContainEqual({ op: 'remove', path: '/attributes/customSchemas.CrisisGO.CellPhone' });
    expect(c.patch).toContainEqual({ op: 'test', path: '/attributes/customSchemas.CrisisGO.CellPhone', value: '555-0000' });
  });

  it('counts accounts no one in PowerSchool claims as unmanaged, and leaves them alone', () => {
    const d = desiredStudent();
    const admin = { kind: 'admin#directory#user' as const, primaryEmail: `admin@${DOMAIN}`, orgUnitPath: '/', suspended: false };
    const result = diffGoogle([d], state([userFromDesired(d), admin]), config);
    expect(result.changes).toEqual([]);
    expect(result.counts.unmanaged).toBe(1);
  });

  it('reports an address held by an account without the match key instead of creating or adopting it', () => {
    const d = desiredStaff({ email: `cward@${DOMAIN}` });
    const google = userFromDesired(d);
    delete google.customSchemas!.Synchronization_Data!.DCID;
    const result = diffGoogle([d], state([google]), config);
    expect(result.changes).toEqual([]);
    expect(result.issues[0]).toMatchObject({ code: 'ADDRESS_IN_USE', address: `cward@${DOMAIN}` });
  });

  it('reports two Google accounts with one DCID and changes neither', () => {
    const d = desiredStaff({ dcid: '77' });
    const a = userFromDesired(d);
    const b = userFromDesired(d, { primaryEmail: `copy@${DOMAIN}`, orgUnitPath: '/Elsewhere' });
    const result = diffGoogle([d], state([a, b]), config);
    expect(result.changes).toEqual([]);
    expect(result.issues[0]).toMatchObject({ code: 'AMBIGUOUS_MATCH' });
    expect(result.counts.unmanaged).toBe(0);
  });

  it('treats org unit paths case-insensitively, as Google does', () => {
    const d = desiredStudent();
    expect(diffGoogle([d], state([userFromDesired(d, { orgUnitPath: d.fields.placement[0]!.toLowerCase() })]), config).changes).toEqual([]);
  });

  it('does not mutate its inputs', () => {
    const d = desiredStudent({ gradeLevel: 10 });
    const google = state([userFromDesired(d, { orgUnitPath: '/x' })]);
    const before = structuredClone({ d, google });
    diffGoogle([d], google, config);
    expect({ d, google }).toEqual(before);
  });

  it('gives a change the same id whatever state it starts from, and another id for another end state', () => {
    const d = desiredStudent({ gradeLevel: 10 });
    const from9 = onlyUpdate(diffGoogle([d], state([userFromDesired(d, { orgUnitPath: '/Students/WHS Students/9th' })]), config));
    const from8 = onlyUpdate(diffGoogle([d], state([userFromDesired(d, { orgUnitPath: '/Students/WHS Students/8th' })]), config));
    expect(from9.id).toBe(from8.id);
    const to11 = desiredStudent({ gradeLevel: 11, studentNumber: d.person.number, dcid: d.person.dcid });
    expect(onlyUpdate(diffGoogle([to11], state([userFromDesired(d, { orgUnitPath: '/Students/WHS Students/9th' })]), config)).id).not.toBe(from9.id);
  });
});
