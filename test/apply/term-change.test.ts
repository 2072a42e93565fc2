/**
 * A term change on the fixture district, against the emulator: once the night of 2026-11-23 is
 * applied, the plan of 2026-12-29 (first semester ended 2026-12-18, 7 days' grace gone; second
 * semester starting 2027-01-05, within its 7 days' lead) moves exactly the memberships the
 * class tables say, nothing else; applied, it leaves nothing to do.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Change, Plan } from '../../src/plan/types.js';
import { Scenario } from './harness.js';

const TERM_CHANGE = '2026-12-29';

function moves(plan: Plan): string[] {
  const local = (a: string) => a.split('@')[0];
  return plan.changes
    .map((c: Change) => {
      switch (c.kind) {
        case 'create-group':
          return `create ${local(c.group)}`;
        case 'add-member':
          return `add ${local(c.group)} ${local(c.member)} ${c.role}`;
        case 'remove-member':
          return `remove ${local(c.group)} ${local(c.member)} ${c.role}`;
        default:
          return `${c.kind} ${'group' in c ? c.group : ''}`;
      }
    })
    .sort();
}

describe('a term change on the fixture district', () => {
  let s: Scenario;
  let plan: Plan;
  let file: string;

  beforeAll(async () => {
    s = await Scenario.start();
    const night = await s.plan();
    expect((await s.apply(night.file)).code).toBe(0);
    ({ plan, file } = await s.plan(s.config, TERM_CHANGE));
  });
  afterAll(async () => s.close());

  it('archives the first semester\'s classes and makes the second\'s, and changes nothing else', () => {
    expect(moves(plan)).toEqual(EXPECTED);
    expect(plan.changes.find((c) => c.kind === 'remove-member')!.reasons[0]).toMatch(/^term S1 \(2026-08-19 to 2026-12-18\) ended 2026-12-18 \(7 days' lead, 7 days' grace\): the members rollcall placed leave \(endedTerms: archive\)$/);
    expect(plan.changes.find((c) => c.kind === 'add-member')!.reasons[0]).toMatch(/ since 2027-01-05$/);
    expect(plan.holds).toEqual([]);
  });

  it('applied, it converges: the S1 groups are kept empty of rollcall\'s members, a second plan is empty', async () => {
    s.emu.resetStats();
    const run = await s.apply(file, [], {}, s.config, TERM_CHANGE);
    expect(run.stderr).toMatch(new RegExp(`applied: ${plan.changes.length} done, 0 already done, 0 drifted, 0 failed, 0 skipped`));
    expect(s.emu.stats().byRoute['groups.delete'] ?? 0).toBe(0);
    const groups = new Map(s.emu.state().groups.map((g) => [g.email.split('@')[0], g.members.length]));
    expect(groups.get('mhs-bio-1-s1')).toBe(0);
    expect((await s.plan(s.config, TERM_CHANGE)).plan.changes).toEqual([]);
  });
});

const EXPECTED: string[] = [
  // Second semester: two classes made (STUDENTS.ID 9012-9015 in CHEM-1, 9016, 9017 and 9037 in HIST-3), teachers as owners.
  'add mhs-chem-1-s2 20313 member',
  'add mhs-chem-1-s2 20314 member',
  'add mhs-chem-1-s2 20315 member',
  'add mhs-chem-1-s2 20316 member',
  'add mhs-chem-1-s2 snguyen owner',
  'add mhs-hist-3-s2 20317 member',
  'add mhs-hist-3-s2 20318 member',
  'add mhs-hist-3-s2 20325 member',
  'add mhs-hist-3-s2 rjones owner',
  'create mhs-chem-1-s2',
  'create mhs-hist-3-s2',
  // First semester: its three classes archived (endedTerms: archive), not deleted.
  'remove cms-sci6-1-s1 20307 member',
  'remove cms-sci6-1-s1 20323 member',
  'remove cms-sci6-1-s1 rjones owner',
  'remove mhs-bio-1-s1 20313 member',
  'remove mhs-bio-1-s1 20314 member',
  'remove mhs-bio-1-s1 20315 member',
  'remove mhs-bio-1-s1 20316 member',
  'remove mhs-bio-1-s1 snguyen owner',
  'remove mhs-hist-2-s1 20317 member',
  'remove mhs-hist-2-s1 20318 member',
  'remove mhs-hist-2-s1 20325 member',
  'remove mhs-hist-2-s1 rjones owner',
];
