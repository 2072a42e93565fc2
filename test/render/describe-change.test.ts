import { describe, expect, it } from 'vitest';
import { fieldChanges, formatFieldChange } from '../../src/render/describe-change.js';
import { issueLocation, issuesBySeverity } from '../../src/render/describe-issue.js';
import { personLabel } from '../../src/render/describe-person.js';
import { describeLeftAlone, describeTotals, shortDigest } from '../../src/render/describe-plan.js';
import { createChange, GOOGLE_WORDS, groupRemoval, issue, plan, staff, student, updateChange } from './plan-builders.js';

const facts = (change: Parameters<typeof fieldChanges>[0], words = GOOGLE_WORDS): string[] => fieldChanges(change, words).map((f) => formatFieldChange(f));

describe('fieldChanges', () => {
  it('lists what differs between before and after, worst first', () => {
    const change = updateChange({
      before: { placement: ['/Students/WHS Students/12th'] },
      after: {
        placement: ['/Students/Graduated'],
        enabled: false,
        name: { given: 'Ann', family: 'Lee-Park' },
        attributes: { 'customSchemas.StudentInfo.Graduation_Year': '2028', 'customSchemas.StudentInfo.School': 'WHS' },
      },
    });
    expect(facts(change)).toEqual([
      'suspended: false -> true',
      'name: Ann Lee -> Ann Lee-Park',
      'orgUnitPath: /Students/WHS Students/12th -> /Students/Graduated',
      'customSchemas.StudentInfo.Graduation_Year: 2029 -> 2028',
    ]);
  });

  it('reads before/after, not the patch', () => {
    const change = { ...updateChange({ after: { placement: ['/b'] } }), patch: [] };
    expect(facts(change)).toEqual(['orgUnitPath: /Students/WHS Students/9th -> /b']);
  });

  it('shows fields that appear or disappear as (none)', () => {
    const change = updateChange({
      before: { attributes: { 'customSchemas.StudentInfo.School': 'WHS', 'externalIds.organization': 'T1' } },
      after: { attributes: { 'customSchemas.StudentInfo.School': 'WHS', 'customSchemas.StudentInfo.Graduation_Year': '2029' } },
    });
    expect(facts(change)).toEqual([
      'customSchemas.StudentInfo.Graduation_Year: (none) -> 2029',
      'externalIds.organization: T1 -> (none)',
    ]);
  });

  it('names fields in the target\'s words: another directory, other field names', () => {
    const entra = { ...GOOGLE_WORDS, directory: 'Microsoft Entra ID', address: 'userPrincipalName', placement: 'memberOf', enabled: { field: 'accountEnabled', inverted: false } };
    const change = updateChange({
      before: { placement: ['AU Whitmore High', 'Students'], attributes: { employeeId: '5' } },
      after: { enabled: false, placement: ['Students'], attributes: { employeeId: '5', department: 'WHS' } },
    });
    expect(facts(change, entra)).toEqual([
      'accountEnabled: true -> false',
      'memberOf: AU Whitmore High, Students -> Students',
      'department: (none) -> WHS',
    ]);
  });

  it('describes a new account by what it is created with', () => {
    expect(facts(createChange())).toEqual([
      'name: Ann Lee',
      'orgUnitPath: /Students/WHS Students/9th',
      'customSchemas.StudentInfo.Graduation_Year: 2029',
      'customSchemas.StudentInfo.School: WHS',
    ]);
    expect(facts(createChange({ after: { enabled: false } }))[0]).toBe('suspended: true');
  });

  it('describes a group removal by the group and the role lost', () => {
    expect(facts(groupRemoval({ group: 'band@example.org', role: 'manager' }))).toEqual(['group band@example.org: manager -> (none)']);
  });

  it('takes another arrow for markdown', () => {
    expect(formatFieldChange({ field: 'suspended', before: 'false', after: 'true' }, '→')).toBe('suspended: false → true');
  });
});

describe('labels', () => {
  it('labels students with their grade and staff as staff', () => {
    expect(personLabel(student({ displayName: 'Ann Lee', grade: 10 }))).toBe('Ann Lee (grade 10)');
    expect(personLabel(student({ grade: 0 }))).toBe('Ann Lee (grade K)');
    expect(personLabel(staff({ displayName: 'Bo Ng' }))).toBe('Bo Ng (staff)');
  });

  it('places issues by file, row and field, errors first', () => {
    expect(issueLocation(issue({ file: 'students.csv', row: 14, field: 'grade_level' }))).toBe('students.csv:14 (grade_level)');
    expect(issueLocation(issue({ file: 'schools.csv', row: undefined }))).toBe('schools.csv');
    expect(issueLocation({ severity: 'error', code: 'X', message: 'm' })).toBe('');
    const sorted = issuesBySeverity([issue({ code: 'W1' }), issue({ severity: 'error', code: 'E1' }), issue({ code: 'W2' })]);
    expect(sorted.map((i) => i.code)).toEqual(['E1', 'W1', 'W2']);
  });

  it('shortens digests and totals the plan from its summary', () => {
    expect(shortDigest('sha256:0123456789abcdef0123')).toBe('0123456789ab');
    const p = plan({ changes: [createChange(), groupRemoval()], unmanaged: 1 });
    expect(describeTotals(p)).toBe('1 to create, 0 to update, 1 group removal.');
    expect(describeLeftAlone(p.summary)).toBe('1 unmanaged account left alone.');
    expect(describeLeftAlone(plan({ unmanaged: 0 }).summary)).toBeNull();
  });
});
