/**
 * Accounts that changed between plan and apply: refused with what differs, the rest applied,
 * exit 1. Changes someone already made by hand count as done, not as drift.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChangeLine } from '../../src/apply/journal.js';
import type { CreateChange, Plan } from '../../src/plan/types.js';
import { directoryClient } from '../emulator/client.js';
import { fixtureGoogle, lastRunOutcomes, Scenario, type CliRun } from './harness.js';

const at = (local: string) => `${local}@maplewood.example.org`;

describe('drift between plan and apply', () => {
  let s: Scenario;
  let file: string;
  let plan: Plan;
  let run: CliRun;
  let lines: ChangeLine[];
  const idOf = (address: string, kind = 'update') => plan.changes.find((c) => 'address' in c && c.address === address && c.kind === kind)!.id;

  beforeAll(async () => {
    s = await Scenario.start();
    ({ file, plan } = await s.plan());
    const google = directoryClient(s.emu);
    // Someone moved a student the plan promotes.
    await google.users.update({ userKey: at('20304'), requestBody: { orgUnitPath: '/Students/MES Students/5th' } });
    // Someone created the new student's address by hand, as another person.
    await google.users.insert({ requestBody: { primaryEmail: at('20312'), name: { givenName: 'Other', familyName: 'Person' }, password: 'hand-made-1' } });
    // Someone made a planned change in full, and another in part.
    await google.users.update({ userKey: at('20330'), requestBody: { suspended: true, orgUnitPath: '/Suspended Students' } });
    await google.users.update({ userKey: at('20331'), requestBody: { suspended: true } });
    // A suspended staff member was let back in: the plan's group removal no longer follows.
    await google.users.update({ userKey: at('bmoore'), requestBody: { suspended: false } });
    // dkim's suspension drifts: so its group removals must not run.
    await google.users.update({ userKey: at('dkim'), requestBody: { orgUnitPath: '/Staff/Cedar Middle School Staff' } });
    // A field the update does not touch may change freely.
    await google.users.update({ userKey: at('20318'), requestBody: { name: { givenName: 'Renamed', familyName: 'ByHand' } } });
    s.emu.resetStats();
    run = await s.apply(file);
    lines = (await s.journal(file)).filter((l): l is ChangeLine => l.type === 'change');
  });
  afterAll(async () => s.close());

  const outcome = (id: string) => lines.find((l) => l.id === id);

  it('exits 1 and applies everything that did not drift', () => {
    expect(run.code).toBe(1);
    const counts = { drifted: 0, skipped: 0 };
    for (const l of lines) if (l.outcome === 'drifted' || l.outcome === 'skipped') counts[l.outcome]++;
    // Skipped: dkim's three group removals (his suspension drifted) and the four memberships of
    // the student whose create drifted (they wait for the account).
    expect(counts).toEqual({ drifted: 4, skipped: 7 });
    expect(lines.filter((l) => l.outcome === 'skipped' && l.kind === 'add-member' && l.address === at('20312'))).toHaveLength(4);
    expect(lines.filter((l) => l.outcome === 'done' || l.outcome === 'already-done')).toHaveLength(plan.changes.length - 11);
    expect(run.stderr).toMatch(/4 changes were refused because their accounts changed since the plan was made: make a new plan/);
  });

  it('refuses a moved account, naming the field, the live value and the expected one', () => {
    expect(outcome(idOf(at('20304')))).toMatchObject({
      outcome: 'drifted',
      attempts: 0,
      differences: [{ path: '/placement', live: ['/Students/MES Students/5th'], expected: ['/Students/ORE Students/2nd'] }],
    });
    expect(run.stderr).toContain('refused update 20304@maplewood.example.org: the account changed since the plan was made; nothing was sent');
    expect(run.stderr).toContain('orgUnitPath: now "/Students/MES Students/5th", plan expected "/Students/ORE Students/2nd"');
    expect(s.emu.state().users.find((u) => u.primaryEmail === at('20304'))?.orgUnitPath).toBe('/Students/MES Students/5th');
  });

  it('refuses a create whose address is taken by a different account', () => {
    const line = outcome(idOf(at('20312'), 'create'));
    expect(line?.outcome).toBe('drifted');
    expect(line?.error).toMatch(/an account already answers to 20312@maplewood\.example\.org and is not the planned one/);
    expect(line?.differences).toContainEqual({ path: '/name/given', live: 'Other', expected: expect.any(String) });
    expect(s.accountsByEmail().get(at('20312'))).toBe(1);
  });

  it('counts a change made by hand as already done, and finishes one made in part', () => {
    expect(outcome(idOf(at('20330')))).toMatchObject({ outcome: 'already-done', attempts: 0 });
    expect(outcome(idOf(at('20331')))).toMatchObject({ outcome: 'done', attempts: 1 });
    expect(s.emu.state().users.find((u) => u.primaryEmail === at('20331'))).toMatchObject({ suspended: true, orgUnitPath: '/Suspended Students' });
  });

  it('ignores fields the change does not touch', () => {
    expect(outcome(idOf(at('20318')))).toMatchObject({ outcome: 'done' });
    expect(s.emu.state().users.find((u) => u.primaryEmail === at('20318'))?.name?.givenName).toBe('Renamed');
  });

  it('keeps group memberships when the account is no longer suspended or its suspension drifted', () => {
    expect(outcome(idOf(at('bmoore'), 'remove-from-group'))).toMatchObject({
      outcome: 'drifted',
      differences: [{ path: '/enabled', live: true, expected: false }],
    });
    const dkimRemovals = lines.filter((l) => l.address === at('dkim') && l.kind === 'remove-from-group');
    expect(dkimRemovals.map((l) => l.outcome)).toEqual(['skipped', 'skipped', 'skipped']);
    expect(dkimRemovals[0]?.error).toMatch(/the account's update was not applied/);
    const members = s.emu.state().groups.flatMap((g) => g.members.map((m) => `${g.email} ${m.email}`));
    expect(members).toContain(`all-staff@maplewood.example.org ${at('bmoore')}`);
    expect(members).toContain(`ore-teachers@maplewood.example.org ${at('dkim')}`);
    // The only deletes are the managed groups' own removals (a dropped student, an outside address).
    expect(s.emu.stats().byRoute['members.delete'] ?? 0).toBe(plan.changes.filter((c) => c.kind === 'remove-member').length);
  });

  it('sends nothing for refused changes on a rerun, and the same outcomes come back', async () => {
    s.emu.resetStats();
    const again = await s.apply(file);
    expect(again.code).toBe(1);
    expect(s.emu.stats().mutations).toBe(0);
    const outcomes = lastRunOutcomes(await s.journal(file));
    expect(outcomes.get(idOf(at('20304')))).toBe('drifted');
    expect(outcomes.get(idOf(at('20331')))).toBe('already-done');
  });
});

describe('an org unit missing in Google', () => {
  it('fails the change with a message naming the OU; the rest is applied', async () => {
    const seed = await fixtureGoogle();
    const missing = '/Students/ORE Students/Kindergarten';
    seed.orgUnits = seed.orgUnits.filter((o) => o.orgUnitPath !== missing);
    const s = await Scenario.start({ seed });
    try {
      const { file, plan } = await s.plan();
      const create = plan.changes.find((c): c is CreateChange => c.kind === 'create' && c.after.placement[0] === missing);
      expect(create).toBeDefined();
      const run = await s.apply(file);
      expect(run.code).toBe(1);
      const outcomes = lastRunOutcomes(await s.journal(file));
      expect(outcomes.get(create!.id)).toBe('failed');
      // Its memberships wait for it: skipped, saying so.
      const memberships = plan.changes.filter((c) => c.kind === 'add-member' && c.member === create!.address);
      expect(memberships.length).toBeGreaterThan(0);
      for (const m of memberships) expect(outcomes.get(m.id)).toBe('skipped');
      expect([...outcomes.values()].filter((o) => o === 'done')).toHaveLength(plan.changes.length - 1 - memberships.length);
      expect(run.stderr).toContain(
        `failed create ${create!.address}: the org unit ${missing} does not exist in Google (INVALID_OU_ID): create the OU in Google Admin first`,
      );
      expect(s.accountsByEmail().has(create!.address)).toBe(false);
    } finally {
      await s.close();
    }
  });
});
