import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/targets/google/emulator/server.js';
import { readSnapshotFile } from '../../src/targets/google/snapshot-file.js';
import { CLI, FIXTURE_ARGS, FIXTURES, ROOT } from './run-cli.js';

/** The CLI as a child process that does not block this one (the emulator runs in-process). */
function rollcallAsync(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

let emu: RunningEmulator;
let dir: string;
const common = FIXTURE_ARGS.slice(0, 4); // --config, --source-dir

beforeAll(async () => {
  emu = await startEmulator({ seed: await readSnapshotFile(path.join(FIXTURES, 'google-snapshot.jsonl')) });
  dir = await mkdtemp(path.join(tmpdir(), 'rollcall-live-'));
});
afterAll(() => emu.close());

describe('reading Google live (against the emulator, through the real client)', () => {
  it('plans the same changes live as from the snapshot file, with few API calls', async () => {
    const fromFile = path.join(dir, 'file.json');
    const live = path.join(dir, 'live.json');
    expect((await rollcallAsync(['plan', ...FIXTURE_ARGS, '--out', fromFile])).code).toBe(0);
    emu.resetStats();
    const r = await rollcallAsync(['plan', ...common, '--today', '2026-11-23', '--out', live], { ROLLCALL_GOOGLE_ROOT_URL: emu.url });
    expect(r.stderr).not.toMatch(/rollcall: (error \[|internal error)/);
    expect(r.code).toBe(0);
    const [a, b] = [JSON.parse(await readFile(fromFile, 'utf8')), JSON.parse(await readFile(live, 'utf8'))];
    expect(b.changes).toEqual(a.changes);
    expect(b.issues).toEqual(a.issues);
    // Bulk: a handful of list calls, plus one groups.list per account that is or will be suspended (not the listing's: the message counts the customer's listing alone);
    // the managed groups: the customer's groups in one page, then one members.list per managed group there.
    const stats = emu.stats();
    expect(stats.byRoute['members.list']).toBe(23);
    expect(r.stderr).toMatch(/read 28 groups \(1 groups\.list calls\) and the members of 23 managed groups \(23 members\.list calls\)/);
    expect(stats.byRoute['users.get'] ?? 0).toBe(0);
    expect(stats.byRoute['users.list']).toBeLessThanOrEqual(3);
    expect(stats.mutations).toBe(0);
    expect(r.stderr).toMatch(/read Google with \d+ API calls/);
  });

  it('writes a snapshot that plans the same as the live read', async () => {
    const snap = path.join(dir, 'snap.jsonl');
    const r = await rollcallAsync(['snapshot', '--config', common[1]!, '--source-dir', common[3]!, '--today', '2026-11-23', '--out', snap], { ROLLCALL_GOOGLE_ROOT_URL: emu.url });
    expect(r.code).toBe(0);
    const state = await readSnapshotFile(snap);
    expect(state.users).toHaveLength(50);
    // Every group; of those no set manages, the memberships only of accounts that are or will be
    // suspended, and only those that leave groups (staff).
    const seeded = await readSnapshotFile(path.join(FIXTURES, 'google-snapshot.jsonl'));
    expect(state.groups.map((g) => g.email).sort()).toEqual(seeded.groups.map((g) => g.email).sort());
    const unmanaged = new Set(['all-staff', 'ore-teachers', 'mhs-teachers', 'cms-teachers', 'mhs-seniors'].map((g) => `${g}@maplewood.example.org`));
    expect(state.groups.filter((g) => unmanaged.has(g.email)).flatMap((g) => g.members.map((m) => m.email)).sort()).toEqual([
      'bmoore@maplewood.example.org',
      'dkim@maplewood.example.org',
      'dkim@maplewood.example.org',
      'tmiller@maplewood.example.org', // inactive, but kept active by the temporary-reactivation OU: read, not acted on
      'tmiller@maplewood.example.org',
    ]);
    // The managed groups whole: every member, the outside address and the managers added by hand included.
    const members = (groups: typeof state.groups) =>
      groups.filter((g) => !unmanaged.has(g.email)).map((g) => `${g.email}: ${g.members.map((m) => `${m.email} ${m.role}`).sort().join(', ')}`).sort();
    expect(members(state.groups)).toEqual(members(seeded.groups));
    // The unmanaged Employment schema comes along: a snapshot holds accounts as the API returns them.
    expect(state.users.find((u) => u.primaryEmail === 'jsmith@maplewood.example.org')?.customSchemas?.Employment).toEqual({ Start_Date: '2019-08-12' });
    const fromSnap = path.join(dir, 'from-snap.json');
    expect((await rollcallAsync(['plan', ...common, '--google-snapshot', snap, '--today', '2026-11-23', '--out', fromSnap])).code).toBe(0);
    const [snapPlan, livePlan] = [JSON.parse(await readFile(fromSnap, 'utf8')), JSON.parse(await readFile(path.join(dir, 'live.json'), 'utf8'))];
    expect(snapPlan.changes).toEqual(livePlan.changes);
    // The same state gives the same digest, read live or from the snapshot it wrote (groups and rosters included).
    expect(snapPlan.inputs.directory).toBe(livePlan.inputs.directory);
  });

  it('says clearly when Google cannot be reached', async () => {
    const config = JSON.parse(await readFile(common[1]!, 'utf8'));
    config.google.maxRetries = 1;
    config.powerschool.files.dir = common[3];
    const cfg = path.join(dir, 'one-retry.json');
    await writeFile(cfg, JSON.stringify(config));
    const r = await rollcallAsync(['plan', '--config', cfg, '--today', '2026-11-23', '--out', path.join(dir, 'x.json')], { ROLLCALL_GOOGLE_ROOT_URL: 'http://127.0.0.1:9/' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/rollcall: error \[GOOGLE_API\]/);
    expect(r.stderr).toMatch(/ECONNREFUSED/);
    expect(r.stderr).not.toMatch(/Bearer|authorization|\n\s+at /i);
  });
});
