import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { snapshotDigest } from '../../src/engine/digests.js';
import { buildPlan } from '../../src/plan/build-plan.js';
import { buildDesiredState } from '../../src/rules/desired-state.js';
import { FilesSource } from '../../src/sources/files/files-source.js';
import { USER_FIELDS } from '../../src/targets/google/live-reader.js';
import { managedSchemas } from '../../src/targets/google/managed-schemas.js';
import { readSnapshotFile, writeSnapshotFile } from '../../src/targets/google/snapshot-file.js';
import { SnapshotFileReader } from '../../src/targets/google/snapshot-plan-reader.js';
import { FIXTURES } from '../cli/run-cli.js';

const SNAPSHOT = path.join(FIXTURES, 'google-snapshot.jsonl');

describe('a snapshot file read for a plan', () => {
  it('digests a file rollcall wrote as the state it holds, whatever order that state is in', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'rollcall-snap-'));
    const state = await readSnapshotFile(SNAPSHOT);
    const file = path.join(dir, 'written.jsonl');
    await writeSnapshotFile(file, state);
    const reader = new SnapshotFileReader(file, []);
    await reader.read();
    expect(reader.digest()).toBe(snapshotDigest(state));
    expect(snapshotDigest({ users: [...state.users].reverse(), groups: [...state.groups].reverse(), orgUnits: state.orgUnits })).toBe(snapshotDigest(state));
    expect(snapshotDigest({ ...state, users: state.users.slice(1) })).not.toBe(snapshotDigest(state));
  });

  it('keeps of each account only what a plan reads, and plans exactly as from the whole file', async () => {
    const config = await loadConfig(path.join(FIXTURES, 'district.config.json'));
    const schemas = managedSchemas(config.config);
    const reader = new SnapshotFileReader(SNAPSHOT, schemas);
    const slim = await reader.read();
    const full = await readSnapshotFile(SNAPSHOT);
    const allowed = new Set(USER_FIELDS.split(','));
    for (const user of slim.users) {
      expect(Object.keys(user).filter((k) => !allowed.has(k))).toEqual([]);
      expect(Object.keys(user.customSchemas ?? {}).filter((s) => !schemas.includes(s))).toEqual([]);
    }
    expect(full.users.some((u) => u.customSchemas?.Employment !== undefined)).toBe(true);
    expect(slim.groups).toEqual(full.groups);
    expect(slim.orgUnits).toEqual(full.orgUnits);

    const desired = buildDesiredState(await new FilesSource(path.join(FIXTURES, 'powerschool')).read(), config.config, '2026-11-23');
    const context = { domain: config.config.google.domain, today: '2026-11-23', toolVersion: 'test', inputs: { config: 'c', source: 's', snapshot: 'g' } };
    const a = buildPlan(desired, full, context, config.config);
    expect(a.changes.length).toBeGreaterThan(0);
    expect(buildPlan(desired, slim, context, config.config)).toEqual(a);
  });

  it('counts lines as readline does across chunks: LF, CRLF and CR, split anywhere', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'rollcall-snap-'));
    const file = path.join(dir, 'mixed.jsonl');
    const ends = ['\n', '\r\n', '\r', '\n\r\n'];
    let text = '';
    let lines = 0;
    let units = 0;
    // Several chunks' worth (chunks are 256 KiB), with a long accented value so breaks fall mid-character too.
    for (let i = 0; lines < 30_000; i++, units++) {
      text += JSON.stringify({ kind: 'admin#directory#orgUnit', orgUnitPath: `/ou${i}`, description: 'é'.repeat(i % 37) });
      const end = ends[i % ends.length] as string;
      text += end;
      lines += end === '\n\r\n' ? 2 : 1;
    }
    await writeFile(file, `${text}{broken`);
    await expect(new SnapshotFileReader(file, []).read()).rejects.toThrow(`mixed.jsonl line ${lines + 1}: not valid JSON`);
    await writeFile(file, text);
    expect((await new SnapshotFileReader(file, []).read()).orgUnits).toHaveLength(units);
  });
});
