import { describe, expect, it } from 'vitest';
import { fieldChanges, formatFieldChange } from '../../src/render/describe-change.js';
import { issueLocation, issuesBySeverity } from '../../src/render/describe-issue.js';
import { personLabel } from '../../src/render/describe-person.js';
import { describeLeftAlone, describeTotals, shortDigest } from '../../src/render/describe-plan.js';
import { createChange, groupRemoval, issue, plan, staff, student, updateChange } from './plan-builders.js';

const facts = (change: Parameters<typeof fieldChanges>[0]): string[] => fieldChanges(change).map((f) => formatFieldChange(f));

describe('fieldChanges', () => {
  it('lists what differs between before and after, worst first', () => {
    const change = updateChange({
      before: { orgUnitPath: '/Students/WHS Students/12th' },
      after: {
        orgUnitPath: '/Students/Graduated',
        suspended: true,
        name: { givenName: 'Ann', familyName: 'Lee-Park' },
        customSchemas: { StudentInfo: { Graduation_Year: '2028', School: 'WHS' } },
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
    const change = { ...updateChange({ after: { orgUnitPath: '/b' } }), patch: [] };
    expect(facts(change)).toEqual(['orgUnitPath: /Students/WHS Students/9th -> /b']);
  });

  it('shows fields that appear or disappear as (none)', () => {
    const change = updateChange({
      before: { customSchemas: { StudentInfo: { School: 'WHS' } }, externalIds: [{ type: 'organization', value: 'T1' }] },
      after: { customSchemas: { StudentInfo: { School: 'WHS', Graduation_Year: '2029' } }, externalIds: [] },
    });
    expect(facts(change)).toEqual([
      'customSchemas.StudentInfo.Graduation_Year: (none) -> 2029',
      'externalIds.organization: T1 -> (none)',
    ]);
  });

  it('names custom external id types and formats multi-valued custom fields', () => {
    const change = updateChange({
      before: { customSchemas: { Staff: { Access: [{ value: '5', type: 'work' }] } } },
      after: {
        customSchemas: { Staff: { Access: [{ value: '5', type: 'work' }, { value: '12', type: 'work' }] } },
        externalIds: [{ type: 'custom', customType: 'teacher', value: 'T99' }],
      },
    });
    expect(facts(change)).toEqual([
      'customSchemas.Staff.Access: [5 (work)] -> [5 (work), 12 (work)]',
      'externalIds.teacher: (none) -> T99',
    ]);
  });

  it('describes a new account by what it is created with', () => {
    expect(facts(createChange())).toEqual([
      'name: Ann Lee',
      'orgUnitPath: /Students/WHS Students/9th',
      'customSchemas.StudentInfo.Graduation_Year: 2029',
      'customSchemas.StudentInfo.School: WHS',
    ]);
    expect(facts(createChange({ after: { suspended: true } }))[0]).toBe('suspended: true');
  });

  it('describes a group removal by the group and the role lost', () => {
    expect(facts(groupRemoval({ group: 'band@example.org', role: 'MANAGER' }))).toEqual(['group band@example.org: manager -> (none)']);
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
