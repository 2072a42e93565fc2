/**
 * The limits on group changes join the safety holds: counted against the managed groups
 * (create, delete) or the managed memberships (add, remove, role), with the fixture config's
 * winter term-change window loosening the member limits from December 15 to January 20.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/validate.js';
import type { SafetyConfig } from '../../src/config/types.js';
import { limitHolds, limitsInForce } from '../../src/guardrails/limits.js';
import { summarise } from '../../src/plan/summary.js';
import type { GroupSummary, PlanSummary } from '../../src/plan/types.js';

function summary(groups: Partial<GroupSummary> | undefined): PlanSummary {
  const s = summarise([], [], { desired: 100, matched: 100, unmanaged: 0, absentInactive: 0, skipped: 0, frozen: 0, inSync: 100 });
  if (groups === undefined) return s;
  return { ...s, groups: { managed: 40, memberships: 1000, leftAlone: 0, create: 0, delete: 0, addMember: 0, removeMember: 0, changeRole: 0, ...groups } };
}

async function fixtureSafety(): Promise<SafetyConfig> {
  const result = validateConfig(JSON.parse(await readFile('fixtures/district.config.json', 'utf8')));
  if (!result.ok) throw new Error(result.errors.join('; '));
  return result.config.safety;
}

describe('group change limits', () => {
  it('hold a plan over the term-time limits, counted against managed groups or memberships', async () => {
    const safety = await fixtureSafety();
    expect(limitHolds(summary({ addMember: 100, removeMember: 25, create: 10, changeRole: 10 }), safety, '2026-11-23')).toEqual([]);
    const holds = limitHolds(summary({ addMember: 101, removeMember: 26, create: 11, delete: 1, changeRole: 11 }), safety, '2026-11-23');
    expect(holds.map((h) => [h.action, h.count])).toEqual([
      ['create-group', 11],
      ['delete-group', 1],
      ['add-member', 101],
      ['remove-member', 26],
      ['change-role', 11],
    ]);
    expect(holds.find((h) => h.action === 'add-member')!.message).toBe(
      '101 add-member changes (10.1% of 1000 managed memberships) exceed the term-time limit: at most 100 and 25% of 1000 managed memberships (250)',
    );
    expect(holds.find((h) => h.action === 'create-group')!.message).toContain('(27.5% of 40 managed groups)');
  });

  it('the term-change window lets a semester change through (60% of memberships), on its first day and not the day before', async () => {
    const safety = await fixtureSafety();
    const semester = summary({ addMember: 550, removeMember: 540, create: 20 });
    expect(limitsInForce(safety, '2026-12-14').window).toBeNull();
    expect(limitHolds(semester, safety, '2026-12-14').map((h) => h.action)).toEqual(['create-group', 'add-member', 'remove-member']);
    expect(limitsInForce(safety, '2026-12-15').window).toBe('winter term change');
    expect(limitHolds(semester, safety, '2027-01-19')).toEqual([]);
    expect(limitHolds(semester, safety, '2027-01-20').map((h) => h.action)).toEqual(['create-group', 'add-member', 'remove-member']);
    // Even in the window, most of every class moving at once is held.
    expect(limitHolds(summary({ removeMember: 700 }), safety, '2026-12-20').map((h) => h.message)).toEqual([
      '700 remove-member changes (70.0% of 1000 managed memberships) exceed the limit of window "winter term change": at most 60% of 1000 managed memberships (600)',
    ]);
  });

  it('a plan without groups is never held by them', async () => {
    expect(limitHolds(summary(undefined), await fixtureSafety(), '2026-11-23')).toEqual([]);
  });
});
