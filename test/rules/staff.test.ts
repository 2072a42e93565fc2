import { describe, expect, it } from 'vitest';
import { desiredGoogle, googleTarget } from '../google-builders.js';
import type { DesiredAccount } from '../../src/model/account.js';
import { assignment, DOMAIN, makeConfig, rows, staffUser } from '../builders.js';

const TODAY = '2026-11-23';
const config = makeConfig();

function staffAccount(user = staffUser(), assignments = [assignment(user.dcid, user.homeSchoolId)], cfg = config): DesiredAccount {
  const state = desiredGoogle(rows({ users: [user], schoolStaff: assignments }), cfg, TODAY);
  expect(state.issues).toEqual([]);
  expect(state.accounts).toHaveLength(1);
  return state.accounts[0]!;
}

describe('staff rules (D118 staff sync)', () => {
  it('places active staff in <prefix>/<home school name><suffix>', () => {
    const a = staffAccount(staffUser({ homeSchoolId: 201 }));
    expect(a.fields.placement[0]).toBe('/Staff/Cedar Middle Staff');
    expect(a.fields.enabled).toBe(true);
  });

  it('is active when any SCHOOLSTAFF row is active, and lists those schools as the access list', () => {
    const u = staffUser({ homeSchoolId: 301 });
    const a = staffAccount(u, [assignment(u.dcid, 301, 0), assignment(u.dcid, 201, 1), assignment(u.dcid, 101, 1)]);
    expect(a.fields.enabled).toBe(true);
    expect(a.fields.attributes['customSchemas.Synchronization_Data.School_Access_List']).toBe('101;201');
  });

  it('suspends staff with no active SCHOOLSTAFF row into the suspended OU', () => {
    const u = staffUser();
    const a = staffAccount(u, [assignment(u.dcid, 301, 0), assignment(u.dcid, 201, 2)]);
    expect(a.fields).toMatchObject({ enabled: false, placement: ['/Suspended Staff'] });
    expect(googleTarget(config).policy('staff').leaveGroupsWhenDisabled).toBe(true);
    expect(a.reasons.enabled).toBe('no active SCHOOLSTAFF row (of 2)');
  });

  it('takes the staff type from the home school\'s STAFFSTATUS', () => {
    const u = staffUser({ homeSchoolId: 301 });
    const a = staffAccount(u, [assignment(u.dcid, 201, 1, 1), assignment(u.dcid, 301, 1, 2)]);
    expect(a.fields.attributes['customSchemas.Synchronization_Data.Staff_Type']).toBe('2');
  });

  it('sends substitutes by STAFFSTATUS 4 to the substitute OU', () => {
    const u = staffUser({ homeSchoolId: 101 });
    expect(staffAccount(u, [assignment(u.dcid, 101, 1, 4)]).fields.placement).toEqual(['/Substitute Teachers']);
  });

  it('sends staff whose home school is the substitute building to the substitute OU', () => {
    const u = staffUser({ homeSchoolId: 950 });
    const a = staffAccount(u, [assignment(u.dcid, 950, 1, 1)]);
    expect(a.fields.placement[0]).toBe('/Substitute Teachers');
    expect(a.reasons.placement).toContain('Substitute Teachers (950)');
  });

  it('skips purely numeric emails by default, and manages them when turned off', () => {
    const u = staffUser({ email: `12345@${DOMAIN}` });
    const skipped = desiredGoogle(rows({ users: [u], schoolStaff: [assignment(u.dcid, 301)] }), config, TODAY);
    expect(skipped.accounts).toEqual([]);
    expect(skipped.skipped).toEqual({ 'numeric email (staff.skipNumericEmails)': 1 });
    expect(staffAccount(u, [assignment(u.dcid, 301)], makeConfig({ staff: { skipNumericEmails: false } })).fields.address).toBe(`12345@${DOMAIN}`);
  });

  it('skips staff on the skip-names list', () => {
    const u = staffUser({ firstName: 'Test' });
    const state = desiredGoogle(rows({ users: [u], schoolStaff: [assignment(u.dcid, 301)] }), makeConfig({ skipNames: ['test'] }), TODAY);
    expect(state.accounts).toEqual([]);
  });

  it('matches staff by the DCID custom attribute and writes it', () => {
    const u = staffUser({ dcid: '5150' });
    const a = staffAccount(u);
    expect(a.match).toEqual({ key: 'customSchemas.Synchronization_Data.DCID', value: '5150' });
    expect(a.fields.attributes['customSchemas.Synchronization_Data.DCID']).toBe('5150');
  });

  it('writes the extra attributes: homeschool, group, CrisisGO cell and building (with per-school overrides)', () => {
    const u = staffUser({ homeSchoolId: 201, groupValue: 'Admins', cellPhone: '555-0199' });
    const a = staffAccount(u);
    expect(a.fields.attributes).toEqual({
      'customSchemas.Synchronization_Data.DCID': u.dcid,
      'customSchemas.Synchronization_Data.Homeschool_ID': '201',
      'customSchemas.Synchronization_Data.School_Access_List': '201',
      'customSchemas.Synchronization_Data.Staff_Type': '1',
      'customSchemas.Synchronization_Data.Staff_Group': 'Admins',
      'customSchemas.CrisisGO.CellPhone': '555-0199',
      'customSchemas.CrisisGO.Building': 'Cedar Middle',
      'externalIds.organization': u.teacherNumber,
    });
    const overridden = staffAccount(u, [assignment(u.dcid, 201)], makeConfig({ staff: { buildingNameOverrides: { '201': 'CMS Main Building' } } }));
    expect(overridden.fields.attributes['customSchemas.CrisisGO.Building']).toBe('CMS Main Building');
  });

  it('keeps the teacher number as the organization externalId', () => {
    expect(staffAccount(staffUser({ teacherNumber: 'T77' })).fields.attributes['externalIds.organization']).toBe('T77');
    expect(Object.keys(staffAccount(staffUser(), undefined, makeConfig({ staff: { teacherNumberExternalId: null } })).fields.attributes).filter((k) => k.startsWith('externalIds.'))).toEqual([]);
  });

  it('reports staff whose home school is unknown', () => {
    const u = staffUser({ homeSchoolId: 777 });
    const state = desiredGoogle(rows({ users: [u], schoolStaff: [assignment(u.dcid, 301)] }), config, TODAY);
    expect(state.issues[0]).toMatchObject({ code: 'UNKNOWN_SCHOOL', field: 'HOMESCHOOLID', row: u.origin.row });
  });

  it('warns about and leaves out an address outside the domain', () => {
    const u = staffUser({ email: 'coach@gmail.com' });
    const state = desiredGoogle(rows({ users: [u], schoolStaff: [assignment(u.dcid, 301)] }), config, TODAY);
    expect(state.accounts).toEqual([]);
    expect(state.issues[0]).toMatchObject({ severity: 'warning', code: 'EMAIL_OUTSIDE_DOMAIN' });
  });

  it('gives the diff the frozen and temporary-reactivation OU patterns as the Google target\'s staff policy', () => {
    const cfg = makeConfig({ staff: { frozenOrgUnits: ['**/Administrators'], temporaryReactivationOrgUnits: ['/Temporary Reactivation'] } });
    const policy = googleTarget(cfg).policy('staff');
    expect(policy.frozen).toEqual(['**/Administrators']);
    expect(policy.temporaryReactivation).toEqual(['/Temporary Reactivation']);
    expect(googleTarget(cfg).policy('student').temporaryReactivation).toEqual([]);
  });

  it('prefers the active record when two PowerSchool users share an email or DCID', () => {
    const active = staffUser({ email: `dup@${DOMAIN}` });
    const stale = staffUser({ email: `dup@${DOMAIN}` });
    const state = desiredGoogle(
      rows({ users: [stale, active], schoolStaff: [assignment(active.dcid, 301, 1), assignment(stale.dcid, 301, 0)] }),
      config,
      TODAY,
    );
    expect(state.accounts.map((a) => a.person.dcid)).toEqual([active.dcid]);
    expect(state.issues).toEqual([expect.objectContaining({ code: 'DUPLICATE_EMAIL', severity: 'warning', row: stale.origin.row })]);
  });
});
