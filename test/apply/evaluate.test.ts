/** Check before acting, as a pure function: the same evaluation for a first run, a rerun and a second look. */
import { describe, expect, it } from 'vitest';
import { evaluateCreate, evaluateUpdate } from '../../src/apply/evaluate.js';
import { insertBody, updateBody } from '../../src/apply/request-bodies.js';
import type { ManagedFields } from '../../src/plan/types.js';
import type { DirectoryUser } from '../../src/targets/google/directory-types.js';
import { createChange, fields, updateChange } from '../render/plan-builders.js';

/** A Google account holding `f`, plus what Google adds and rollcall does not manage. */
function account(f: ManagedFields, extra: Partial<DirectoryUser> = {}): DirectoryUser {
  return {
    id: 'g-1',
    primaryEmail: f.primaryEmail,
    name: { ...f.name, fullName: `${f.name.givenName} ${f.name.familyName}` },
    orgUnitPath: f.orgUnitPath,
    suspended: f.suspended,
    customSchemas: { ...structuredClone(f.customSchemas), Other: { Untouched: 'x' } },
    ...(f.externalIds ? { externalIds: structuredClone(f.externalIds) } : {}),
    aliases: ['old@example.org'],
    ...extra,
  };
}

const promote = () => updateChange({ before: { orgUnitPath: '/Students/WHS Students/9th' }, after: { orgUnitPath: '/Students/WHS Students/10th' } });

describe('evaluateUpdate', () => {
  it('is ready when the account is as the plan saw it, and writes only what changes', () => {
    const change = promote();
    const evaluation = evaluateUpdate(change, account(change.before));
    expect(evaluation.state).toBe('ready');
    if (evaluation.state !== 'ready') return;
    expect(updateBody(evaluation.pending, change.after)).toEqual({ orgUnitPath: '/Students/WHS Students/10th' });
  });

  it('is already done when the account holds the end state (a rerun, or a hand-made change)', () => {
    const change = promote();
    expect(evaluateUpdate(change, account(change.after))).toEqual({ state: 'already-done' });
  });

  it('compares org units without regard to case, as Google does', () => {
    const change = promote();
    expect(evaluateUpdate(change, account({ ...change.after, orgUnitPath: '/students/whs students/10TH' }))).toEqual({ state: 'already-done' });
  });

  it('is drifted when a field the patch changes holds a third value, and says which', () => {
    const change = promote();
    expect(evaluateUpdate(change, account({ ...change.before, orgUnitPath: '/Students/LMS Students/8th' }))).toEqual({
      state: 'drifted',
      reason: 'the account changed since the plan was made',
      differences: [{ path: '/orgUnitPath', live: '/Students/LMS Students/8th', expected: '/Students/WHS Students/9th' }],
    });
  });

  it('ignores managed fields the patch does not change', () => {
    const change = promote();
    const live = account({ ...change.before, name: { givenName: 'Annie', familyName: 'Lee' }, suspended: true });
    expect(evaluateUpdate(change, live).state).toBe('ready');
  });

  it('sends only the fields still to change when some were made by hand', () => {
    const change = updateChange({ before: { suspended: false }, after: { suspended: true, orgUnitPath: '/Suspended Students' } });
    const evaluation = evaluateUpdate(change, account({ ...change.before, suspended: true }));
    expect(evaluation.state).toBe('ready');
    if (evaluation.state === 'ready') expect(updateBody(evaluation.pending, change.after)).toEqual({ orgUnitPath: '/Suspended Students' });
  });

  it('checks an attribute the plan adds: absent is expected, another value is drift', () => {
    const change = updateChange({
      before: { customSchemas: { StudentInfo: { Graduation_Year: '2029' } } },
      after: { customSchemas: { StudentInfo: { Graduation_Year: '2029', School: 'WHS' } } },
    });
    expect(evaluateUpdate(change, account(change.before)).state).toBe('ready');
    const live = account({ ...change.before, customSchemas: { StudentInfo: { Graduation_Year: '2029', School: 'LMS' } } });
    expect(evaluateUpdate(change, live)).toMatchObject({
      state: 'drifted',
      differences: [{ path: '/customSchemas/StudentInfo/School', live: 'LMS', expected: null }],
    });
  });

  it('sends a removed attribute as null, the name whole, and other custom schemas not at all', () => {
    const change = updateChange({
      before: { name: { givenName: 'Ann', familyName: 'Lee' }, customSchemas: { StudentInfo: { Graduation_Year: '2029', School: 'WHS' } } },
      after: { name: { givenName: 'Anne', familyName: 'Lee' }, customSchemas: { StudentInfo: { Graduation_Year: '2029' } } },
    });
    const evaluation = evaluateUpdate(change, account(change.before));
    expect(evaluation.state).toBe('ready');
    if (evaluation.state !== 'ready') return;
    expect(updateBody(evaluation.pending, change.after)).toEqual({
      name: { givenName: 'Anne', familyName: 'Lee' },
      customSchemas: { StudentInfo: { School: null } },
    });
  });

  it('checks and sends externalIds whole, in any order', () => {
    const others = [{ type: 'custom', customType: 'badge', value: 'B7' }];
    const change = updateChange({
      before: { externalIds: [...others, { type: 'organization', value: 'T1' }] },
      after: { externalIds: [...others, { type: 'organization', value: 'T2' }] },
    });
    const reordered = account({ ...change.before, externalIds: [{ type: 'organization', value: 'T1' }, ...others] });
    const evaluation = evaluateUpdate(change, reordered);
    expect(evaluation.state).toBe('ready');
    if (evaluation.state === 'ready') expect(updateBody(evaluation.pending, change.after)).toEqual({ externalIds: change.after.externalIds });
    // An entry someone added since the plan would be lost by sending the array whole: drift.
    const added = account({ ...change.before, externalIds: [...change.before.externalIds!, { type: 'login_id', value: 'x' }] });
    expect(evaluateUpdate(change, added)).toMatchObject({ state: 'drifted', differences: [{ path: '/externalIds' }] });
  });

  it('is drifted when the account no longer exists', () => {
    expect(evaluateUpdate(promote(), null)).toMatchObject({ state: 'drifted', reason: 'the account no longer exists' });
  });
});

describe('evaluateCreate', () => {
  it('is ready when no account holds the address, and inserts every planned field', () => {
    const change = createChange();
    expect(evaluateCreate(change, null).state).toBe('ready');
    expect(insertBody(change.after, 'pw-not-logged-1', true)).toEqual({
      primaryEmail: change.after.primaryEmail,
      name: change.after.name,
      orgUnitPath: change.after.orgUnitPath,
      suspended: false,
      customSchemas: change.after.customSchemas,
      password: 'pw-not-logged-1',
      changePasswordAtNextLogin: true,
    });
  });

  it('is already done when the account exists exactly as planned (an earlier run created it)', () => {
    const change = createChange();
    expect(evaluateCreate(change, account(change.after))).toEqual({ state: 'already-done' });
  });

  it('is drifted when someone else holds the address', () => {
    const change = createChange();
    const other = account(fields({ primaryEmail: change.address, name: { givenName: 'Zed', familyName: 'Other' } }));
    expect(evaluateCreate(change, other)).toMatchObject({
      state: 'drifted',
      differences: [
        { path: '/name/givenName', live: 'Zed', expected: 'Ann' },
        { path: '/name/familyName', live: 'Other', expected: 'Lee' },
      ],
    });
  });
});
