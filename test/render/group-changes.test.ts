import { describe, expect, it } from 'vitest';
import {
  actionGroupOf,
  countByActionGroup,
  describeGroupCounts,
  groupBySchool,
} from '../../src/render/group-changes.js';
import { createChange, groupRemoval, LMS, staff, student, updateChange, WHS } from './plan-builders.js';

describe('actionGroupOf', () => {
  it('lists an update under its most serious action', () => {
    const graduate = updateChange({ after: { enabled: false, placement: ['/Students/Graduated'] } });
    expect(graduate.actions).toEqual(['suspend', 'move']);
    expect(actionGroupOf(graduate)).toBe('suspend');

    const transfer = updateChange({
      after: { placement: ['/Students/LMS Students/9th'], attributes: { 'customSchemas.StudentInfo.School': 'LMS' } },
    });
    expect(actionGroupOf(transfer)).toBe('move');
  });

  it('lists creates and group removals under their own kind', () => {
    expect(actionGroupOf(createChange())).toBe('create');
    expect(actionGroupOf(groupRemoval())).toBe('remove-from-group');
  });
});

describe('groupBySchool', () => {
  const changes = [
    updateChange({ person: staff({ school: null }), before: { address: 'sub@example.org', enabled: false }, after: { enabled: true } }),
    createChange({ person: student({ school: LMS }), after: { address: 'zoe@example.org' } }),
    groupRemoval({ person: student({ school: WHS }), address: 'amy@example.org' }),
    updateChange({ person: student({ school: null }), before: { address: 'nos@example.org' }, after: { enabled: false } }),
    updateChange({ person: student({ school: WHS }), before: { address: 'walt@example.org' }, after: { placement: ['/x'] } }),
    createChange({ person: student({ school: WHS }), after: { address: 'will@example.org' } }),
    createChange({ person: student({ school: WHS }), after: { address: 'bea@example.org' } }),
    updateChange({ person: student({ school: WHS }), before: { address: 'carl@example.org' }, after: { enabled: false } }),
  ];
  const schools = groupBySchool(changes);

  it('orders schools by number, then students without a school, staff without a school last', () => {
    expect(schools.map((school) => school.label)).toEqual([
      'WHS Whitmore High (5)',
      'LMS Lincoln Middle (12)',
      'No school: students',
      'No school: staff (substitutes, district office)',
    ]);
  });

  it('keeps the fixed action order within a school and sorts each group by address', () => {
    const whs = schools[0];
    expect(whs?.actions.map((group) => group.action)).toEqual(['create', 'suspend', 'move', 'remove-from-group']);
    expect(whs?.actions[0]?.changes.map((change) => change.address)).toEqual(['bea@example.org', 'will@example.org']);
    expect(whs?.total).toBe(5);
  });

  it('counts every change once, so the counts add up to the changes', () => {
    const counts = countByActionGroup(changes);
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(changes.length);
    expect(describeGroupCounts(schools[0]?.actions ?? [])).toBe('2 create, 1 suspend, 1 move, 1 remove from group');
  });

  it('does not depend on the order changes arrive in', () => {
    const again = groupBySchool([...changes].reverse());
    expect(JSON.stringify(again)).toBe(JSON.stringify(schools));
  });
});
