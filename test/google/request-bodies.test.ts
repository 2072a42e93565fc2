/** What the Google writer sends for the neutral fields: only what is still to change, Google's way. */
import { describe, expect, it } from 'vitest';
import { insertBody, updateBody, withExternalId } from '../../src/targets/google/request-bodies.js';
import { fields } from '../render/plan-builders.js';

const LIVE = { name: { given: 'Ann', family: 'Lee' }, externalIds: undefined };

describe('updateBody', () => {
  it('sends the org unit for a placement, suspended for enabled, and nothing else', () => {
    const after = fields({ placement: ['/Suspended Students'], enabled: false });
    expect(updateBody(['/placement'], after, LIVE)).toEqual({ orgUnitPath: '/Suspended Students' });
    expect(updateBody(['/enabled', '/placement'], after, LIVE)).toEqual({ suspended: true, orgUnitPath: '/Suspended Students' });
  });

  it('sends the name whole, a removed custom attribute as null, and other custom schemas not at all', () => {
    const after = fields({ name: { given: 'Anne', family: 'Lee' }, attributes: { 'customSchemas.StudentInfo.Graduation_Year': '2029' } });
    expect(updateBody(['/name/given', '/attributes/customSchemas.StudentInfo.School'], after, LIVE)).toEqual({
      name: { givenName: 'Anne', familyName: 'Lee' },
      customSchemas: { StudentInfo: { School: null } },
    });
  });

  it('sends the name whole, the part not named as the account holds it now (a hand correction stays)', () => {
    const after = fields({ name: { given: 'Anne', family: 'Lee' } });
    expect(updateBody(['/name/given'], after, { name: { given: 'Ann', family: 'Lee-Park' }, externalIds: undefined })).toEqual({
      name: { givenName: 'Anne', familyName: 'Lee-Park' },
    });
  });

  it('writes externalIds whole: the managed entry set, every other entry as the account holds it', () => {
    const live = [
      { type: 'custom', customType: 'badge', value: 'B7' },
      { type: 'organization', value: 'T1' },
    ];
    const after = fields({ attributes: { 'externalIds.organization': 'T2' } });
    expect(updateBody(['/attributes/externalIds.organization'], after, { ...LIVE, externalIds: live })).toEqual({
      externalIds: [
        { type: 'custom', customType: 'badge', value: 'B7' },
        { type: 'organization', value: 'T2' },
      ],
    });
    const removed = fields({ attributes: {} });
    expect(updateBody(['/attributes/externalIds.organization'], removed, { ...LIVE, externalIds: live })).toEqual({ externalIds: [{ type: 'custom', customType: 'badge', value: 'B7' }] });
  });

  it('refuses a field it cannot write', () => {
    expect(() => updateBody(['/attributes/employeeId'], fields(), LIVE)).toThrow(/cannot write/);
  });
});

describe('insertBody', () => {
  it('inserts every planned field, the password and whether it must change at next login', () => {
    const after = fields({ attributes: { 'customSchemas.StudentInfo.Graduation_Year': '2029', 'externalIds.organization': 'T9' } });
    expect(insertBody(after, 'pw-not-logged-1', true)).toEqual({
      primaryEmail: after.address,
      name: { givenName: 'Ann', familyName: 'Lee' },
      orgUnitPath: '/Students/WHS Students/9th',
      suspended: false,
      customSchemas: { StudentInfo: { Graduation_Year: '2029' } },
      externalIds: [{ type: 'organization', value: 'T9' }],
      password: 'pw-not-logged-1',
      changePasswordAtNextLogin: true,
    });
  });

  it('refuses an account placed in anything but one org unit', () => {
    expect(() => insertBody(fields({ placement: ['/A', '/B'] }), 'pw', true)).toThrow(/one org unit/);
  });
});

describe('withExternalId', () => {
  it('keeps the first entry of the type with its customType, drops other entries of the type', () => {
    const current = [
      { type: 'organization', customType: 'x', value: 'T1' },
      { type: 'organization', value: 'T0' },
    ];
    expect(withExternalId(current, 'organization', 'T2')).toEqual([{ type: 'organization', customType: 'x', value: 'T2' }]);
  });
});
