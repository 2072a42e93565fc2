/**
 * rollcall snapshot for Entra: read the tenant in full from Graph (the emulator) into a snapshot
 * file that plans exactly as the tenant does and seeds an emulator holding the same tenant; and
 * rollcall emulator --target entra serving a snapshot to a plan over loopback.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startEntraEmulator } from '../../src/targets/entra/emulator/server.js';
import { readEntraSnapshotFile } from '../../src/targets/entra/snapshot-file.js';
import { cli, SOURCE_DIR, TODAY } from '../apply/harness.js';
import { CLI, ROOT } from '../cli/run-cli.js';
import { ENTRA_CONFIG, ENTRA_SNAPSHOT, fixtureEntra } from './harness.js';

describe('rollcall snapshot for Entra', () => {
  it('writes the tenant as a snapshot file that plans as the tenant does and seeds the same tenant', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'rollcall-entra-snap-'));
    const emu = await startEntraEmulator({ seed: await fixtureEntra() });
    try {
      const env = { ROLLCALL_ENTRA_ROOT_URL: emu.url };
      const file = path.join(dir, 'tenant.jsonl');
      const run = await cli(['snapshot', '--config', ENTRA_CONFIG, '--source-dir', SOURCE_DIR, '--today', TODAY, '--out', file], env);
      expect(run.stderr).toMatch(/wrote .*tenant\.jsonl: 52 accounts, 46 containers, 56 groups/);
      expect(run.code).toBe(0);

      const written = await readEntraSnapshotFile(file);
      const seeded = await startEntraEmulator({ seed: written });
      try {
        const again = seeded.state();
        const original = emu.state();
        expect(again.users.map((u) => u.userPrincipalName)).toEqual(original.users.map((u) => u.userPrincipalName));
        expect(again.groups).toEqual(original.groups);
        expect(again.administrativeUnits).toEqual(original.administrativeUnits);
        // Graph reads an unset collection as []: a seed without one gains it on the first round trip.
        expect(again.subscribedSkus).toEqual(original.subscribedSkus.map((sku) => ({ servicePlans: [], ...sku })));
        for (const [i, user] of again.users.entries()) expect(user).toEqual({ businessPhones: [], assignedLicenses: [], ...original.users[i] });
      } finally {
        await seeded.close();
      }

      const plans = await Promise.all(
        [file, ENTRA_SNAPSHOT].map(async (snapshot, i) => {
          const out = path.join(dir, `plan-${i}.json`);
          expect((await cli(['plan', '--config', ENTRA_CONFIG, '--source-dir', SOURCE_DIR, '--snapshot', snapshot, '--today', TODAY, '--out', out])).code).toBe(0);
          return readFile(out, 'utf8');
        }),
      );
      const live = path.join(dir, 'live.json');
      expect((await cli(['plan', '--config', ENTRA_CONFIG, '--source-dir', SOURCE_DIR, '--today', TODAY, '--out', live], env)).code).toBe(0);
      expect(plans[0]).toBe(plans[1]);
      expect(await readFile(live, 'utf8')).toBe(plans[1]);
    } finally {
      await emu.close();
    }
  });
});

describe('rollcall emulator --target entra', () => {
  it('serves a snapshot as Microsoft Graph on loopback until stopped', async () => {
    const child = spawn(process.execPath, [CLI, 'emulator', '--target', 'entra', '--port', '0', '--seed', ENTRA_SNAPSHOT], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+\/) \(52 accounts from .*entra-snapshot\.jsonl\); point rollcall at it with ROLLCALL_ENTRA_ROOT_URL=/.exec(stderr);
        if (m) resolve(m[1] as string);
      });
      child.on('exit', () => reject(new Error(`emulator exited: ${stderr}`)));
    });
    const answer = await fetch(`${url}v1.0/users?$select=userPrincipalName&$top=999`, { headers: { Authorization: 'Bearer emulator' } });
    expect(((await answer.json()) as { value: unknown[] }).value).toHaveLength(52);
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toMatch(/emulator stopped after 1 requests \(0 changes\)/);
    const refused = await cli(['emulator', '--target', 'entra', '--rate-limit-status', '403']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('--rate-limit-status: Microsoft Graph answers rate limits with 429 and Retry-After only');
  });
});
