import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSnapshotFile, writeSnapshotFile } from '../../src/targets/google/snapshot-file.js';
import { FIXTURES } from '../cli/run-cli.js';

describe('Google snapshot file (JSON Lines, one resource per line)', () => {
  it('reads users, groups with members, and org units, told apart by kind', async () => {
    const state = await readSnapshotFile(path.join(FIXTURES, 'google-snapshot.jsonl'));
    expect(state.users.length).toBeGreaterThan(40);
    expect(state.groups.find((g) => g.email.startsWith('all-staff@'))?.members.length).toBe(9);
    expect(state.orgUnits.map((o) => o.orgUnitPath)).toContain('/Students/MHS Students/Restricted');
  });

  it('writes a canonical file: the same state in any order gives the same bytes, and reads back equal', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'rollcall-snap-'));
    const state = await readSnapshotFile(path.join(FIXTURES, 'google-snapshot.jsonl'));
    const reversed = { users: [...state.users].reverse(), groups: [...state.groups].reverse(), orgUnits: [...state.orgUnits].reverse() };
    await writeSnapshotFile(path.join(dir, 'a.jsonl'), state);
    await writeSnapshotFile(path.join(dir, 'b.jsonl'), reversed);
    const a = await readFile(path.join(dir, 'a.jsonl'), 'utf8');
    expect(await readFile(path.join(dir, 'b.jsonl'), 'utf8')).toBe(a);
    expect(a.trimEnd().split('\n')).toHaveLength(state.users.length + state.groups.length + state.orgUnits.length);
    const back = await readSnapshotFile(path.join(dir, 'a.jsonl'));
    expect(back.users.map((u) => u.primaryEmail).sort()).toEqual(state.users.map((u) => u.primaryEmail).sort());
  });

  it.each([
    ['not json', /bad\.jsonl line 2: not valid JSON/],
    ['[1,2]', /line 2: expected a JSON object/],
    ['{"kind":"admin#directory#device"}', /line 2: unknown kind "admin#directory#device"/],
    ['{"kind":"admin#directory#user","primaryEmail":"x"}', /line 2: user has no primaryEmail/],
    ['{"kind":"admin#directory#group","email":"g@x.org","members":[{"role":"MEMBER"}]}', /line 2: group g@x\.org: members\[0\] has no email/],
    ['{"kind":"admin#directory#orgUnit","orgUnitPath":"Students"}', /line 2: orgUnit has no orgUnitPath starting with \//],
  ])('names the file and line of a bad line: %s', async (line, message) => {
    const dir = await mkdtemp(path.join(tmpdir(), 'rollcall-snap-'));
    const file = path.join(dir, 'bad.jsonl');
    await writeFile(file, `{"kind":"admin#directory#orgUnit","orgUnitPath":"/"}\n${line}\n`);
    await expect(readSnapshotFile(file)).rejects.toThrow(message);
  });

  it('says when the file cannot be read', async () => {
    await expect(readSnapshotFile('/nonexistent/snap.jsonl')).rejects.toThrow(/snap\.jsonl: cannot read snapshot \(ENOENT\)/);
  });
});
