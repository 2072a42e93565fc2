/**
 * rollcall plan on the fixture district in Microsoft 365 (the built CLI, fixtures/entra.config.json
 * and fixtures/entra-snapshot.jsonl): a valid, deterministic plan covering what SDS does and what
 * it leaves to admins, in Entra's words; and the same PowerSchool data gives the same people in
 * the Google plan and the Entra plan.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it } from 'vitest';
import planSchema from '../../src/plan/plan.schema.json' with { type: 'json' };
import { isAccountChange, type Change, type Plan } from '../../src/plan/types.js';
import { FIXTURE_ARGS, FIXTURES, rollcall } from '../cli/run-cli.js';

const ENTRA_ARGS = [
  '--config',
  path.join(FIXTURES, 'entra.config.json'),
  '--source-dir',
  path.join(FIXTURES, 'powerschool'),
  '--snapshot',
  path.join(FIXTURES, 'entra-snapshot.jsonl'),
  '--today',
  '2026-11-23',
];

let dir: string;
let plan: Plan;
let planFile: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'rollcall-entra-plan-'));
  planFile = path.join(dir, 'entra.json');
  const r = rollcall(['plan', ...ENTRA_ARGS, '--out', planFile, '--detailed-exitcode']);
  expect(r.stderr).not.toMatch(/rollcall: (error \[|internal error)/);
  expect(r.code).toBe(2);
  plan = JSON.parse(await readFile(planFile, 'utf8')) as Plan;
});

const byAddress = (p: Plan) => new Map(p.changes.filter(isAccountChange).filter((c) => c.kind === 'create' || c.kind === 'update').map((c) => [c.address, c]));

describe('rollcall plan for Entra on the fixture district', () => {
  it('writes a valid plan for the tenant, in Entra words, the same bytes every time', async () => {
    const validate = new Ajv2020({ strict: true, allErrors: true }).compile(planSchema);
    expect(validate(plan)).toBe(true);
    expect(plan.target).toEqual({
      kind: 'entra',
      identity: 'maplewood.example.org',
      vocabulary: expect.objectContaining({ directory: 'Entra ID', address: 'userPrincipalName', placement: 'memberOf', enabled: { field: 'accountEnabled', inverted: false } }),
    });
    expect(plan.holds).toEqual([]);
    expect(plan.summary).toMatchObject({ create: 4, update: 17, removeFromGroup: 3, lifecycle: { assignLicence: 4, removeLicence: 9, deleteAccount: 0 }, accounts: expect.objectContaining({ unmanaged: 6, frozen: 1 }) });
    const again = path.join(dir, 'again.json');
    expect(rollcall(['plan', ...ENTRA_ARGS, '--out', again]).code).toBe(0);
    expect(await readFile(again, 'utf8')).toBe(await readFile(planFile, 'utf8'));
  });

  it('covers what SDS does and what it leaves to admins', () => {
    const at = (address: string) => byAddress(plan).get(address);
    const student = (n: string) => at(`${n}@students.maplewood.example.org`);
    const staff = (local: string) => at(`${local}@maplewood.example.org`);
    expect(student('20312')).toMatchObject({ kind: 'create', after: { placement: ['administrativeUnits/Maplewood High School', 'groups/Maplewood High School Students', 'groups/MHS Grade 9'] } });
    expect(student('20304')).toMatchObject({ actions: ['move'] }); // promotion: grade group
    expect(student('20306')).toMatchObject({ actions: ['move'], after: { placement: ['administrativeUnits/Oak Ridge Elementary', 'groups/Oak Ridge Elementary Students', 'groups/ORE Grade 5'] } }); // transfer
    expect(student('20340')).toMatchObject({ actions: ['suspend', 'move'], after: { enabled: false, placement: [] } }); // a graduate past grace: out of everything
    expect(student('20316')).toMatchObject({ actions: ['unsuspend', 'move'], after: { enabled: true } }); // a returner
    expect(student('20309')).toMatchObject({ actions: ['rename', 'update-attributes'] });
    expect(student('20326')).toBeUndefined(); // DESHAWN MCDONALD: the displayName DeShawn McDonald is kept, as names are
    expect(staff('kbrown')).toBeUndefined(); // frozen in District Administrators
    expect(staff('tmiller')).toBeUndefined(); // temporary reactivation
    expect(staff('lchen')).toMatchObject({ actions: ['move'], after: { placement: ['groups/Substitute Teachers'] } });
    const removals = plan.changes.filter((c) => c.kind === 'remove-from-group').map((c) => `${c.address} ${c.kind === 'remove-from-group' ? c.group : ''}`);
    expect(removals.sort()).toEqual(['bmoore@maplewood.example.org all-staff@maplewood.example.org', 'dkim@maplewood.example.org all-staff@maplewood.example.org', 'dkim@maplewood.example.org ore-teachers@maplewood.example.org']);
    // ROW_BAD_DATE: an enrollment row the managed groups read (as for Google).
    expect(plan.issues.map((i) => i.code).sort()).toEqual(['ADDRESS_IN_USE', 'DUPLICATE_EMAIL', 'ROW_BAD_DATE', 'ROW_MISSING_VALUE', 'UNKNOWN_SCHOOL', 'UPN_OUTSIDE_DOMAINS']);
  });

  it('gives active accounts their population licence and takes it from disabled ones; a disabling signs the account out', () => {
    const licences = (kind: string) =>
      plan.changes
        .flatMap((c) => (c.kind === kind && (c.kind === 'assign-licence' || c.kind === 'remove-licence') ? [`${c.address.split('@')[0]} ${c.licence}`] : []))
        .sort();
    // New accounts and a new member of staff's account without one get theirs (the licence is no longer part of the create).
    expect(licences('assign-licence')).toEqual(['20312 STANDARDWOFFPACK_STUDENT', '20319 STANDARDWOFFPACK_STUDENT', '20354 STANDARDWOFFPACK_STUDENT', 'snguyen STANDARDWOFFPACK_FACULTY']);
    // Leavers and graduates lose theirs, including accounts disabled before (20332, 20342).
    expect(licences('remove-licence')).toEqual([
      '20330 STANDARDWOFFPACK_STUDENT',
      '20331 STANDARDWOFFPACK_STUDENT',
      '20332 STANDARDWOFFPACK_STUDENT',
      '20333 STANDARDWOFFPACK_STUDENT',
      '20340 STANDARDWOFFPACK_STUDENT',
      '20341 STANDARDWOFFPACK_STUDENT',
      '20342 STANDARDWOFFPACK_STUDENT',
      'bmoore STANDARDWOFFPACK_FACULTY',
      'dkim STANDARDWOFFPACK_FACULTY',
    ]);
    const suspensions = plan.changes.filter((c) => c.kind === 'update' && c.actions.includes('suspend'));
    expect(suspensions.length).toBe(6);
    for (const c of suspensions) expect(c).toMatchObject({ offboarding: ['sign-out'] });
    expect(plan.changes.filter((c) => c.kind === 'update' && !c.actions.includes('suspend') && c.offboarding !== undefined)).toEqual([]);
  });

  it('shows a reviewed plan in Entra words (rollcall show)', () => {
    const shown = rollcall(['show', planFile]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('memberOf: administrativeUnits/Maplewood High School, groups/Maplewood High School Students, groups/MHS Grade 12 -> (none)');
    expect(shown.stdout).toContain('accountEnabled: true -> false');
    expect(shown.stdout).toMatch(/Plan: 4 to create, 17 to update .*, 3 group removals, 9 licences to remove, 4 licences to assign\. Managed groups: 2 to create, 14 members to add, 3 to remove, 1 role change\. 6 unmanaged accounts left alone\./);
    expect(shown.stdout).toContain('offboarding: sign out');
    expect(shown.stdout).toContain('licence: STANDARDWOFFPACK_FACULTY -> (none)');
    // Managed groups are shown by group, in rollcall's words for Entra's links (an owner is a member and an owner).
    expect(shown.stdout).toContain('mhs-alg1-3-26-27@maplewood.example.org (set "classes") — 4 changes: 1 remove member, 1 change role, 2 add member');
    expect(shown.stdout).toMatch(/rjones@maplewood\.example\.org +Robert Jones \(staff\) +role: member -> owner/);
  });

  it('gives the same people to both targets from the same PowerSchool data', async () => {
    const googleFile = path.join(dir, 'google.json');
    expect(rollcall(['plan', ...FIXTURE_ARGS, '--out', googleFile]).code).toBe(0);
    const google = JSON.parse(await readFile(googleFile, 'utf8')) as Plan;
    // Who is created, disabled and enabled again is the rules' business, not the directory's.
    const people = (p: Plan, which: (c: Change) => boolean) =>
      p.changes
        .filter(isAccountChange)
        .filter(which)
        .map((c) => `${c.person.population} ${c.person.dcid} ${c.person.displayName} ${c.person.school?.number ?? ''} ${c.person.grade ?? ''}`)
        .sort();
    const created = (c: Change) => c.kind === 'create';
    const disabled = (c: Change) => c.kind === 'update' && c.actions.includes('suspend');
    const enabled = (c: Change) => c.kind === 'update' && c.actions.includes('unsuspend');
    const leaving = (c: Change) => c.kind === 'remove-from-group';
    // Who leaves groups, not how many: the Google fixture also has David Kim in a class group he teaches (a managed group the Entra fixture lacks).
    const unique = (list: string[]) => [...new Set(list)];
    for (const which of [created, disabled, enabled, leaving]) {
      expect(unique(people(plan, which))).toEqual(unique(people(google, which)));
      expect(people(plan, which).length).toBeGreaterThan(0);
    }
    // Each person who has an account in both plans' directories is the same person in both.
    const persons = (p: Plan) => new Map(p.changes.filter(isAccountChange).map((c) => [`${c.person.population} ${c.person.dcid}`, c.person]));
    const inEntra = persons(plan);
    for (const [key, person] of persons(google)) if (inEntra.has(key)) expect(inEntra.get(key)).toEqual(person);
  });
});
