import { describe, expect, it } from 'vitest';
import { buildDesiredState } from '../../src/rules/desired-state.js';
import type { DesiredAccount } from '../../src/rules/desired-account.js';
import { assignment, DOMAIN, makeConfig, rows, staffUser } from '../builders.js';

const TODAY = '2026-11-23';
const config = makeConfig();

function staffAccount(user = staffUser(), assignments = [assignment(user.dcid, user.homeSchoolId)], cfg = config): DesiredAccount {
  const state = buildDesiredState(rows({ users: [user], schoolStaff: assignments }), cfg, TODAY);
  expect(state.issues).toEqual([]);
  expect(state.accounts).toHaveLength(1);
  return state.accounts[0]!;
}

describe('staff rules (D118 staff sync)', () => {
  it('places active staff in <prefix>/<home school name><suffix>', () => {
    const a = staffAccount(staffUser({ homeSchoolId: 201 }));
    expect(a.orgUnitPath).toBe('/Staff/Cedar Middle Staff');
    expect(a.suspended).toBe(false);
  });

  it('is active when any SCHOOLSTAFF row is active, and lists those schools as the access list', () => {
    const u = staffUser({ homeSchoolId: 301 });
    const a = staffAccount(u, [assignment(u.dcid, 301, 0), assignment(u.dcid, 201, 1), assignment(u.dcid, 101, 1)]);
    expect(a.suspended).toBe(false);
    expect(a.customSchemas.Synchronization_Data?.School_Access_List).toBe('101;201');
  });

  it('suspends staff with no active SCHOOLSTAFF row into the suspended OU', () => {
    const u = staffUser();
    const a = staffAccount(u, [assignment(u.dcid, 301, 0), assignment(u.dcid, 201, 2)]);
    expect(a).toMatchObject({ suspended: true, orgUnitPath: '/Suspended Staff', removeFromGroupsWhenSuspended: true });
    expect(a.reasons.suspended).toBe('no active SCHOOLSTAFF row (of 2)');
  });

  it('takes the staff type from the home school\'s STAFFSTATUS', () => {
    const u = staffUser({ homeSchoolId: 301 });
    const a = staffAccount(u, [assignment(u.dcid, 201, 1, 1), assignment(u.dcid, 301, 1, 2)]);
    expect(a.customSchemas.Synchronization_Data?.Staff_Type).toBe('2');
  });

  it('sends substitutes by STAFFSTATUS 4 to the substitute OU', () => {
    const u = staffUser({ homeSchoolId: 101 });
    expect(staffAccount(u, [assignment(u.dcid, 101, 1, 4)]).orgUnitPath).toBe('/Substitute Teachers');
  });

  it('sends staff whose home school is the substitute building to the substitute OU', () => {
    const u = staffUser({ homeSchoolId: 950 });
    const a = staffAccount(u, [assignment(u.dcid, 950, 1, 1)]);
    expect(a.orgUnitPath).toBe('/Substitute Teachers');
    expect(a.reasons.orgUnit).toContain('Substitute Teachers (950)');
  });

  it('skips purely numeric emails by default, and manages them when turned off', () => {
    const u = staffUser({ email: `12345@${DOMAIN}` });
    const skipped = buildDesiredState(rows({ users: [u], schoolStaff: [assignment(u.dcid, 301)] }), config, TODAY);
    expect(skipped.accounts).toEqual([]);
    expect(skipped.skipped).toEqual({ 'numeric email (staff.skipNumericEmails)': 1 });
    expect(staffAccount(u, [assignment(u.dcid, 301)], makeConfig({ staff: { skipNumericEmails: false } })).primaryEmail).toBe(`12345@${DOMAIN}`);
  });

  it('skips staff on the skip-names list', () => {
    const u = staffUser({ firstName: 'Test' });
    const state = buildDesiredState(rows({ users: [u], schoolStaff: [assignment(u.dcid, 301)] }), makeConfig({ skipNames: ['test'] }), TODAY);
    expect(state.accounts).toEqual([]);
  });

  it('matches staff by the DCID custom attribute and writes it', () => {
    const u = staffUser({ dcid: '5150' });
    const a = staffAccount(u);
    expect(a.match).toEqual({ target: 'customSchemas.Synchronization_Data.DCID', value: '5150' });
    expect(a.customSchemas.Synchronization_Data?.DCID).toBe('5150');
  });

  it('writes the extra attributes: homeschool, group, CrisisGO cell and building (with per-school overrides)', () => {
    const u = staffUser({ homeSchoolId: 201, groupValue: 'Admins', cellPhone: '555-0199' });
    const a = staffAccount(u);
    expect(a.customSchemas).toEqual({
      Synchronization_Data: { DCID: u.dcid, Homeschool_ID: '201', School_Access_List: '201', Staff_Type: '1', Staff_Group: 'Admins' },
      CrisisGO: { CellPhone: '555-0199', Building: 'Cedar Middle' },
    });
    const overridden = staffAccount(u, [assignment(u.dcid, 201)], makeConfig({ staff: { buildingNameOverrides: { '201': 'CMS Main Building' } } }));
    expect(overridden.customSchemas.CrisisGO?.Building).toBe('CMS Main Building');
  });

  it('keeps the teacher number as the organization externalId', () => {
    expect(staffAccount(staffUser({ teacherNumber: 'T77' })).externalId).toEqual({ type: 'organization', value: 'T77' });
    expect(staffAccount(staffUser(), undefined, makeConfig({ staff: { teacherNumberExternalId: null } })).externalId).toBeNull();
  });

  it('reports staff whose home school is unknown', () => {
    const u = staffUser({ homeSchoolId: 777 });
    const state = buildDesiredState(rows({ users: [u], schoolStaff: [assignment(u.dcid, 301)] }), config, TODAY);
    expect(state.issues[0]).toMatchObject({ code: 'UNKNOWN_SCHOOL', field: 'HOMESCHOOLID', row: u.origin.row });
  });

  it('warns about and leaves out an address outside the domain', () => {
    const u = staffUser({ email: 'coach@gmail.com' });
    const state = buildDesiredState(rows({ users: [u], schoolStaff: [assignment(u.dcid, 301)] }), config, TODAY);
    expect(state.accounts).toEqual([]);
    expect(state.issues[0]).toMatchObject({ severity: 'warning', code: 'EMAIL_OUTSIDE_DOMAIN' });
  });

  it('carries frozen and temporary-reactivation OU patterns for the diff', () => {
    const cfg = makeConfig({ staff: { frozenOrgUnits: ['**/Administrators'], temporaryReactivationOrgUnits: ['/Temporary Reactivation'] } });
    const a = staffAccount(staffUser(), undefined, cfg);
    expect(a.frozenOrgUnits).toEqual(['**/Administrators']);
    expect(a.temporaryReactivationOrgUnits).toEqual(['/Temporary Reactivation']);
  });

  it('prefers the active record when two PowerSchool users share an email or DCID', () => {
    const active = staffUser({ email: `dup@${DOMAIN}` });
    const stale = staffUser({ email: `dup@${DOMAIN}` });
    const state = buildDesiredState(
      rows({ users: [stale, active], schoolStaff: [assignment(active.dcid, 301, 1), assignment(stale.dcid, 301, 0)] }),
      config,
      TODAY,
    );
    expect(state.accounts.map((a) => a.person.dcid)).toEqual([active.dcid]);
    expect(state.issues).toEqual([expect.objectContaining({ code: 'DUPLICATE_EMAIL', severity: 'warning', row: stale.origin.row })]);
  });
});
