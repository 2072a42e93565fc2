import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { desiredAccounts } from '../../src/engine/desired-for-target.js';
import { stateDigest } from '../../src/model/state-lines.js';
import { FilesSource } from '../../src/sources/files/files-source.js';
import { GoogleAccountView } from '../../src/targets/google/account-view.js';
import { readAttributes } from '../../src/targets/google/attribute-keys.js';
import type { GoogleState } from '../../src/targets/google/directory-types.js';
import { readSnapshotFile, writeSnapshotFile } from '../../src/targets/google/snapshot-file.js';
import { SnapshotFileReader } from '../../src/targets/google/snapshot-plan-reader.js';
import { FIXTURES } from '../cli/run-cli.js';
import { googleDiffTarget, googleTarget, planGoogle } from '../google-builders.js';
import { ActualIndex } from '../../src/plan/actual-index.js';
import { buildPlan } from '../../src/plan/build-plan.js';

const SNAPSHOT = path.join(FIXTURES, 'google-snapshot.jsonl');

describe('a snapshot file read for a plan', () => {
  it('digests the state it holds over the model: the same accounts give the same digest in any order, with or without unmanaged fields', async () => {
    const config = await loadConfig(path.join(FIXTURES, 'district.config.json'));
    const attributes = readAttributes(config.config, ['student', 'staff']);
    const dir = await mkdtemp(path.join(tmpdir(), 'rollcall-snap-'));
    const state = await readSnapshotFile(SNAPSHOT);
    const digestOf = async (s: GoogleState, name: string) => {
      const file = path.join(dir, name);
      await writeSnapshotFile(file, s);
      const reader = new SnapshotFileReader(file, attributes);
      await reader.read();
      return reader.digest()?.value();
    };
    const view = new GoogleAccountView(attributes);
    const expected = stateDigest({ accounts: state.users.map((u) => view.account(u)), containers: state.orgUnits.map((o) => o.orgUnitPath) }).value();
    expect(await digestOf(state, 'written.jsonl')).toBe(expected);
    expect(await digestOf({ ...state, users: [...state.users].reverse() }, 'reversed.jsonl')).toBe(expected);
    const withoutUnmanaged = { ...state, users: state.users.map((u) => ({ ...u, etag: 'other', customSchemas: { ...u.customSchemas, Employment: { Start_Date: '2030-01-01' } } })) };
    expect(await digestOf(withoutUnmanaged, 'unmanaged.jsonl')).toBe(expected);
    expect(await digestOf({ ...state, users: state.users.slice(1) }, 'fewer.jsonl')).not.toBe(expected);
  });

  it('keeps of each account only the managed attributes and match keys, and plans exactly as from the whole file', async () => {
    const config = await loadConfig(path.join(FIXTURES, 'district.config.json'));
    const attributes = readAttributes(config.config, ['student', 'staff']);
    const reader = new SnapshotFileReader(SNAPSHOT, attributes);
    const slim = await reader.read();
    const full = await readSnapshotFile(SNAPSHOT);
    const keys = new Set(attributes.map((a) => a.key));
    for (const account of slim.accounts) expect(Object.keys(account.attributes).filter((k) => !keys.has(k))).toEqual([]);
    expect(full.users.some((u) => u.customSchemas?.Employment !== undefined)).toBe(true);
    expect(slim.containers).toEqual(full.orgUnits.map((o) => o.orgUnitPath));
    const staff = full.groups.flatMap((g) => g.members.map((m) => m.email.toLowerCase()));
    expect((await reader.readMemberships(staff)).length).toBe(full.groups.reduce((n, g) => n + g.members.length, 0));
    expect(await reader.readMemberships([])).toEqual([]);

    const rows = await new FilesSource(path.join(FIXTURES, 'powerschool')).read();
    const desired = desiredAccounts(rows, config.config, googleTarget(config.config), '2026-11-23');
    const inputs = { config: 'c', source: 's', directory: 'g' };
    const a = planGoogle(desired, full, config.config, '2026-11-23', inputs);
    expect(a.changes.length).toBeGreaterThan(0);
    const target = googleTarget(config.config);
    const index = new ActualIndex(slim.accounts).addMemberships(await reader.readMemberships(staff));
    const context = { target: { kind: target.kind, identity: target.identity, vocabulary: target.vocabulary }, today: '2026-11-23', toolVersion: '0.0.0', inputs };
    expect(buildPlan(desired, index, context, config.config, googleDiffTarget(config.config))).toEqual(a);
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
    expect((await new SnapshotFileReader(file, []).read()).containers).toHaveLength(units);
  });
});
