/** Check before acting, as a pure function: the same evaluation for a first run, a rerun and a second look. */
import { describe, expect, it } from 'vitest';
import { evaluateCreate, evaluateUpdate } from '../../src/apply/evaluate.js';
import type { Leaf } from '../../src/apply/managed-leaves.js';
import type { AccountFields, ActualAccount } from '../../src/model/account.js';
import { createChange, fields, updateChange } from '../render/plan-builders.js';

/** An account as a directory holds it: `f`, plus an id and an address rollcall does not manage. */
function account(f: AccountFields, extra: Partial<ActualAccount> = {}): ActualAccount {
  return { ...structuredClone(f), id: 'g-1', otherAddresses: ['old@example.org'], ...extra };
}

const paths = (pending: readonly Leaf[]) => pending.map((leaf) => leaf.path);

const promote = () => updateChange({ before: { placement: ['/Students/WHS Students/9th'] }, after: { placement: ['/Students/WHS Students/10th'] } });

describe('evaluateUpdate', () => {
  it('is ready when the account is as the plan saw it, and writes only what changes', () => {
    const change = promote();
    const evaluation = evaluateUpdate(change, account(change.before));
    expect(evaluation.state).toBe('ready');
    if (evaluation.state === 'ready') expect(paths(evaluation.pending)).toEqual(['/placement']);
  });

  it('is already done when the account holds the end state (a rerun, or a hand-made change)', () => {
    const change = promote();
    expect(evaluateUpdate(change, account(change.after))).toEqual({ state: 'already-done' });
  });

  it('compares placement without regard to case or order, as directories do', () => {
    const change = promote();
    expect(evaluateUpdate(change, account({ ...change.after, placement: ['/students/whs students/10TH/'] }))).toEqual({ state: 'already-done' });
    const groups = updateChange({ before: { placement: ['Students', 'WHS'] }, after: { placement: ['Students', 'LMS'] } });
    expect(evaluateUpdate(groups, account({ ...groups.after, placement: ['lms', 'students'] }))).toEqual({ state: 'already-done' });
  });

  it('is drifted when a field the patch changes holds a third value, and says which', () => {
    const change = promote();
    expect(evaluateUpdate(change, account({ ...change.before, placement: ['/Students/LMS Students/8th'] }))).toEqual({
      state: 'drifted',
      reason: 'the account changed since the plan was made',
      differences: [{ path: '/placement', live: ['/Students/LMS Students/8th'], expected: ['/Students/WHS Students/9th'] }],
    });
  });

  it('ignores managed fields the patch does not change', () => {
    const change = promote();
    const live = account({ ...change.before, name: { given: 'Annie', family: 'Lee' }, enabled: false });
    expect(evaluateUpdate(change, live).state).toBe('ready');
  });

  it('sends only the fields still to change when some were made by hand', () => {
    const change = updateChange({ before: { enabled: true }, after: { enabled: false, placement: ['/Suspended Students'] } });
    const evaluation = evaluateUpdate(change, account({ ...change.before, enabled: false }));
    expect(evaluation.state).toBe('ready');
    if (evaluation.state === 'ready') expect(paths(evaluation.pending)).toEqual(['/placement']);
  });

  it('checks an attribute the plan adds: absent is expected, another value is drift', () => {
    const change = updateChange({
      before: { attributes: { 'customSchemas.StudentInfo.Graduation_Year': '2029' } },
      after: { attributes: { 'customSchemas.StudentInfo.Graduation_Year': '2029', 'customSchemas.StudentInfo.School': 'WHS' } },
    });
    expect(evaluateUpdate(change, account(change.before)).state).toBe('ready');
    const live = account({ ...change.before, attributes: { 'customSchemas.StudentInfo.Graduation_Year': '2029', 'customSchemas.StudentInfo.School': 'LMS' } });
    expect(evaluateUpdate(change, live)).toMatchObject({
      state: 'drifted',
      differences: [{ path: '/attributes/customSchemas.StudentInfo.School', live: 'LMS', expected: null }],
    });
  });

  it('names the fields a rename and an attribute removal write, and no other attribute', () => {
    const change = updateChange({
      before: { name: { given: 'Ann', family: 'Lee' }, attributes: { 'customSchemas.StudentInfo.Graduation_Year': '2029', 'customSchemas.StudentInfo.School': 'WHS' } },
      after: { name: { given: 'Anne', family: 'Lee' }, attributes: { 'customSchemas.StudentInfo.Graduation_Year': '2029' } },
    });
    const live = account(change.before, { attributes: { ...change.before.attributes, 'externalIds.organization': 'T1' } });
    const evaluation = evaluateUpdate(change, live);
    expect(evaluation.state).toBe('ready');
    if (evaluation.state === 'ready') expect(paths(evaluation.pending)).toEqual(['/name/given', '/attributes/customSchemas.StudentInfo.School']);
  });

  it('is drifted when the account no longer exists', () => {
    expect(evaluateUpdate(promote(), null)).toMatchObject({ state: 'drifted', reason: 'the account no longer exists' });
  });
});

describe('evaluateCreate', () => {
  it('is ready when no account holds the address, and writes every planned field', () => {
    const change = createChange();
    const evaluation = evaluateCreate(change, null);
    expect(evaluation.state).toBe('ready');
    if (evaluation.state === 'ready') {
      expect(paths(evaluation.pending)).toEqual([
        '/address',
        '/name/given',
        '/name/family',
        '/placement',
        '/enabled',
        '/attributes/customSchemas.StudentInfo.Graduation_Year',
        '/attributes/customSchemas.StudentInfo.School',
      ]);
    }
  });

  it('is already done when the account exists exactly as planned (an earlier run created it)', () => {
    const change = createChange();
    expect(evaluateCreate(change, account(change.after))).toEqual({ state: 'already-done' });
  });

  it('is drifted when someone else holds the address', () => {
    const change = createChange();
    const other = account(fields({ address: change.address, name: { given: 'Zed', family: 'Other' } }));
    expect(evaluateCreate(change, other)).toMatchObject({
      state: 'drifted',
      differences: [
        { path: '/name/given', live: 'Zed', expected: 'Ann' },
        { path: '/name/family', live: 'Other', expected: 'Lee' },
      ],
    });
  });
});
