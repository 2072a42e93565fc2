/**
 * The synthetic district with its groups (generate --groups): the same export and accounts as
 * the district with its classes, the bench config's group sets, and last night's managed groups
 * in the snapshot, so that a plan finds exactly the group changes planted (by kind) besides the
 * account changes it found before, and never touches a group no set asks for.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BENCH_TODAY } from '../../bench/district/config.js';
import { generateDistrict, type DistrictManifest } from '../../bench/district/generate-district.js';
import { rollcall } from '../cli/run-cli.js';

const ACCOUNTS = 3000;
let classes: { dir: string; manifest: DistrictManifest };
let groups: { dir: string; manifest: DistrictManifest };

interface PlanRead {
  changes: Array<{ kind: string; group?: string }>;
  summary: { groups?: { managed: number } };
}

beforeAll(async () => {
  const make = async (options: { classes?: boolean; groups?: boolean }) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rollcall-district-'));
    return { dir, manifest: await generateDistrict({ accounts: ACCOUNTS, seed: 118, dir, ...options }) };
  };
  classes = await make({ classes: true });
  groups = await make({ groups: true });
}, 60_000);

const file = (dir: string, name: string) => readFileSync(path.join(dir, name), 'utf8');

function plan(dir: string): PlanRead {
  const out = path.join(dir, 'plan.json');
  const args = ['--config', path.join(dir, 'district.config.json'), '--source-dir', path.join(dir, 'powerschool'), '--google-snapshot', path.join(dir, 'google.jsonl')];
  const result = rollcall(['plan', ...args, '--today', BENCH_TODAY, '--out', out, '--quiet']);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(readFileSync(out, 'utf8')) as PlanRead;
}

describe('synthetic district with its groups', () => {
  it('has the export and the accounts of the district with its classes, then the groups, and the group sets in its config', () => {
    for (const name of ['powerschool/students.csv', 'powerschool/users.csv', 'powerschool/schoolstaff.csv', 'powerschool/cc.csv', 'powerschool/sections.csv']) {
      expect(file(groups.dir, name), name).toBe(file(classes.dir, name));
    }
    const before = file(classes.dir, 'google.jsonl');
    const after = file(groups.dir, 'google.jsonl');
    expect(after.startsWith(before)).toBe(true);
    const added = after.slice(before.length).split('\n').filter((l) => l !== '');
    expect(added.every((l) => (JSON.parse(l) as { kind: string }).kind === 'admin#directory#group')).toBe(true);
    const g = groups.manifest.groupSync!;
    expect(added).toHaveLength(g.writtenGroups + g.unmanagedGroups);
    const config = JSON.parse(file(groups.dir, 'district.config.json')) as { groups: { sets: Array<{ kind: string }> } };
    expect(config.groups.sets.map((s) => s.kind)).toEqual(['section', 'building-students', 'building-staff', 'graduating-class']);
    expect(classes.manifest.groupSync).toBeUndefined();
  });

  it('plans exactly the group changes planted, kind by kind, and the account changes of the district without group sets', () => {
    const without = plan(classes.dir);
    const withGroups = plan(groups.dir);
    const isGroupChange = (c: { kind: string }) => ['create-group', 'add-member', 'remove-member', 'change-role', 'delete-group'].includes(c.kind);
    expect(withGroups.changes.filter((c) => !isGroupChange(c))).toEqual(without.changes);
    const count = (kind: string) => withGroups.changes.filter((c) => c.kind === kind).length;
    const t = groups.manifest.groupSync!.tonight;
    expect(count('create-group')).toBe(t.groupsCreated);
    expect(count('add-member')).toBe(t.addsToNewGroups + t.addsForNewAddresses + t.missingMembers + t.transfersIn);
    expect(count('remove-member')).toBe(t.buildingLeavers + t.strayStudents + t.exclusiveRemovals);
    expect(count('change-role')).toBe(t.teachersRaised);
    expect(count('delete-group')).toBe(0);
    for (const kind of ['addsForNewAddresses', 'missingMembers', 'transfersIn', 'buildingLeavers', 'strayStudents', 'teachersRaised'] as const) expect(t[kind], kind).toBeGreaterThan(0);
    expect(withGroups.summary.groups?.managed).toBe(groups.manifest.groupSync!.managedGroups);
  });

  it('never touches a group no set asks for', () => {
    const touched = plan(groups.dir).changes.filter((c) => c.group !== undefined && /^(club-|old-class-)/.test(c.group));
    expect(touched).toEqual([]);
    expect(groups.manifest.groupSync!.unmanagedGroups).toBeGreaterThan(0);
  });
});
