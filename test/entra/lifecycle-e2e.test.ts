/**
 * The account lifecycle end to end against the Graph emulator, through the CLI and the real
 * client: licences read with the users and given and taken; a disable's offboarding steps (sign-in
 * sessions revoked, a random password) journaled one by one; the disable dated in an extension
 * property; the fixture's managed groups left in the same plan (an owner's link too); 30 days on,
 * deletions held above their count, then made (restorable 30 days; a managed group a deleted
 * account owned stays, without it); and a run killed between two steps, run again: each step once.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JournalLine, StepLine } from '../../src/apply/journal.js';
import { isAccountChange, type DeleteAccountChange, type Plan, type UpdateChange } from '../../src/plan/types.js';
import { cli, lastRunOutcomes, SOURCE_DIR, TODAY, type CliRun } from '../apply/harness.js';
import { applyKilledWhen, journalSoFar } from '../apply/killed-apply.js';
import { ENTRA_CONFIG, EntraScenario } from './harness.js';

const STUDENTS = 'students.maplewood.example.org';
const STAFF = 'maplewood.example.org';
const SUSPENDED_ON = 'extension_4f1e5d2c9b8a47e6a3c2b1d0e9f8a7b6_suspendedOn';
const LATER = '2026-12-23'; // 30 days after TODAY
const GRADUATE = `20340@${STUDENTS}`; // disabled by the first plan
const LEAVER = `dkim@${STAFF}`; // disabled by the first plan
const CLASS_GROUP = 'ore-ehr-1-26-27'; // the managed class group the leaver led until his last day
const OWNED_GROUP = 'class-of-2028'; // a managed group without owners

const lifecycle = { offboarding: { signOut: true, resetPassword: true }, suspendedOn: SUSPENDED_ON, deleteAfterDays: 30 };

/** The fixture's entra.students and entra.staff with the lifecycle settings added. */
async function lifecycleEntra(): Promise<Record<string, unknown>> {
  const { entra } = JSON.parse(await readFile(ENTRA_CONFIG, 'utf8')) as { entra: Record<string, Record<string, unknown>> };
  return { students: { ...entra.students, lifecycle }, staff: { ...entra.staff, lifecycle } };
}

const stepsOf = (journal: readonly JournalLine[], address: string) => journal.filter((l): l is StepLine => l.type === 'step' && l.address === address);

describe('the lifecycle against the Graph emulator', () => {
  let s: EntraScenario;
  let plans = 0;
  beforeAll(async () => (s = await EntraScenario.start({}, await lifecycleEntra())));
  afterAll(async () => s.close());

  async function planLive(today: string, config = s.config): Promise<{ file: string; plan: Plan }> {
    const file = path.join(s.dir, `live-${++plans}.json`);
    const run = await cli(['plan', '--config', config, '--source-dir', SOURCE_DIR, '--today', today, '--out', file], s.env);
    if (run.code !== 0) throw new Error(`plan failed (${run.code}): ${run.stderr}`);
    return { file, plan: JSON.parse(await readFile(file, 'utf8')) as Plan };
  }
  const apply = (file: string, today: string): Promise<CliRun> => cli(['apply', file, '--config', s.config, '--today', today], s.env);
  const managedGroup = (mailNickname: string) => {
    const group = s.emu.state().groups.find((g) => g.mailNickname === mailNickname);
    if (group === undefined) throw new Error(`no group ${mailNickname}`);
    return group;
  };

  it('disables with its offboarding steps, takes the licence back, leaves the managed groups (owner link too) and dates the disable; accounts found disabled are dated too', async () => {
    const { file, plan } = await planLive(TODAY);
    const disables = plan.changes.filter((c): c is UpdateChange => c.kind === 'update' && c.actions.includes('suspend'));
    expect(disables.map((c) => c.address)).toEqual(expect.arrayContaining([GRADUATE, LEAVER]));
    for (const c of disables) expect(c).toMatchObject({ offboarding: ['sign-out', 'reset-password'], after: { attributes: { [SUSPENDED_ON]: TODAY } } });
    expect(plan.changes.filter(isAccountChange).filter((c) => c.kind === 'remove-licence').map((c) => c.address)).toEqual(expect.arrayContaining([GRADUATE, LEAVER]));
    const leaderBefore = managedGroup(CLASS_GROUP);
    expect([leaderBefore.members.includes(s.user(LEAVER).id), leaderBefore.owners.includes(s.user(LEAVER).id)]).toEqual([true, true]);
    s.emu.resetStats();
    const run = await apply(file, TODAY);
    expect(run.stderr).not.toMatch(/error/);
    expect(run.code).toBe(0);
    const journal = await s.journal(file);
    expect(new Set(lastRunOutcomes(journal).values())).toEqual(new Set(['done']));
    for (const c of disables) expect(stepsOf(journal, c.address).map((l) => [l.step, l.outcome])).toEqual([['sign-out', 'done'], ['reset-password', 'done']]);
    expect(s.emu.stats().byRoute['users.revokeSignInSessions']).toBe(disables.length);
    const graduate = s.user(GRADUATE) as unknown as Record<string, unknown>;
    expect(graduate).toMatchObject({ accountEnabled: false, [SUSPENDED_ON]: TODAY, signInSessionsValidFromDateTime: expect.any(String) });
    expect(graduate.assignedLicenses).toEqual([]);
    // The same plan takes the teacher out of the managed class group he led, as a member and as
    // its owner, beside his offboarding steps.
    expect(plan.changes.filter((c) => c.kind === 'remove-member' && c.member === LEAVER).map((c) => (c.kind === 'remove-member' ? `${c.group} ${c.role}` : ''))).toEqual([`${CLASS_GROUP}@${STAFF} owner`]);
    const led = managedGroup(CLASS_GROUP);
    const leaver = s.user(LEAVER).id;
    expect([led.members.includes(leaver), led.owners.includes(leaver)]).toEqual([false, false]);
    // Every disabled account the sync manages now carries a date.
    const { plan: again } = await planLive(TODAY);
    expect(again.changes).toEqual([]);
  });

  it('30 days on, holds deletions above their count limit, then deletes them (restorable for 30 days, a group they owned kept); nothing is planned again', async () => {
    const config = JSON.parse(await readFile(s.config, 'utf8')) as { safety: { limits: Record<string, unknown> } };
    config.safety.limits = { ...config.safety.limits, 'delete-account': { count: 1 } };
    const tight = path.join(s.dir, 'tight.json');
    await writeFile(tight, JSON.stringify(config));
    const held = await planLive(LATER, tight);
    expect(held.plan.holds.map((h) => h.action)).toEqual(['delete-account']);

    // An account rollcall deletes may still own a managed group: made its owner by hand (not a
    // member, so left alone by the plan), it is no longer one once deleted, and the group stays.
    const owned = managedGroup(OWNED_GROUP);
    const added = await fetch(`${s.emu.url}v1.0/groups/${owned.id}/owners/$ref`, {
      method: 'POST',
      headers: { Authorization: 'Bearer x', 'Content-Type': 'application/json' },
      body: JSON.stringify({ '@odata.id': `${s.emu.url}v1.0/directoryObjects/${s.user(LEAVER).id}` }),
    });
    expect(added.status).toBe(204);
    const { members, owners } = managedGroup(OWNED_GROUP);
    expect(owners).toEqual([s.user(LEAVER).id]);

    const { file, plan } = await planLive(LATER);
    const deletions = plan.changes.filter((c): c is DeleteAccountChange => c.kind === 'delete-account');
    expect(deletions.map((c) => c.address)).toEqual(expect.arrayContaining([GRADUATE, LEAVER]));
    expect(plan.changes.length).toBe(deletions.length);
    expect(deletions.every((c) => c.suspendedOn === TODAY && c.restorableDays === 30 && c.transferTo === undefined)).toBe(true);
    expect(plan.holds).toEqual([]);
    const run = await apply(file, LATER);
    expect(run.code).toBe(0);
    const live = new Set(s.emu.state().users.map((u) => u.userPrincipalName.toLowerCase()));
    expect(deletions.filter((c) => live.has(c.address))).toEqual([]);
    // The group it owned is still there, with the same members and no owner left.
    expect(managedGroup(OWNED_GROUP)).toMatchObject({ id: owned.id, members, owners: [] });
    // In Graph's deleted items, restorable.
    const res = await fetch(`${s.emu.url}v1.0/directory/deletedItems/microsoft.graph.user`, { headers: { Authorization: 'Bearer x' } });
    const { value } = (await res.json()) as { value: Array<{ userPrincipalName: string; deletedDateTime: string }> };
    expect(value.map((u) => u.userPrincipalName.toLowerCase()).sort()).toEqual(deletions.map((c) => c.address).sort());
    expect((await planLive(LATER)).plan.changes).toEqual([]);
  });
});

describe('a run killed between two offboarding steps (Entra)', () => {
  let s: EntraScenario;
  // Slow answers (a quarter second a call), so the kill lands between the two steps.
  beforeAll(async () => (s = await EntraScenario.start({ latencyMs: 250 }, await lifecycleEntra())));
  afterAll(async () => s.close());

  it('takes each step once when run again', async () => {
    const { file } = await s.plan(true);
    const journalFile = `${file}.journal.jsonl`;
    const lines = () => journalSoFar(journalFile);
    await applyKilledWhen([file, '--config', s.config, '--today', TODAY, '--only', LEAVER], s.env, journalFile, (all) => stepsOf(all, LEAVER).some((l) => l.step === 'sign-out'));
    expect(stepsOf(await lines(), LEAVER).map((l) => l.step)).toEqual(['sign-out']);

    const rerun = await cli(['apply', file, '--config', s.config, '--today', TODAY, '--only', LEAVER], s.env);
    expect(rerun.stderr).toMatch(/took over a stale lock/);
    expect(rerun.code).toBe(0);
    const steps = stepsOf(await lines(), LEAVER);
    expect(steps.map((l) => [l.step, l.outcome])).toEqual([['sign-out', 'done'], ['reset-password', 'done']]);
    expect(s.emu.stats().byRoute['users.revokeSignInSessions']).toBe(1);
    expect(s.user(LEAVER)).toMatchObject({ accountEnabled: false, [SUSPENDED_ON]: TODAY });
  });
});
