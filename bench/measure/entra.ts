/**
 * Entra: reading and planning the district's tenant from the Graph emulator with a set latency
 * per call. rollcall's bulk read (units and groups listed, the managed ones' members page by
 * page, every user 999 to a page), `rollcall plan` against the emulator itself and from the
 * tenant's snapshot file (the two plans must be the same bytes), against the way School Data
 * Sync matches identities: one lookup per person (a user filtered by the match property), in
 * turn, timed on a sample and scaled to the district.
 */
import { createHash } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../../src/config/load.js';
import { EventLog } from '../../src/model/events.js';
import { GraphClient } from '../../src/targets/entra/graph-client.js';
import { createTarget } from '../../src/targets/factory.js';
import type { District } from '../district/cache.js';
import { BENCH_TODAY } from '../district/config.js';
import type { EntraTenant } from '../district/entra-tenant.js';
import { runCli } from './child-process.js';
import { EmulatorProcess } from './emulator-process.js';

export interface EntraResult {
  /** Users in the tenant. */
  accounts: number;
  /** People PowerSchool has for it. */
  people: number;
  latencyMs: number;
  read: {
    /** Requests the emulator served. */
    calls: number;
    byRoute: Record<string, number>;
    /** The issue's budget: ceil(N / 999) + one per page of a managed container's members (+ the two listings of units and groups). */
    budget: { userPages: number; containerPages: number; listings: number; total: number };
    wallMs: number;
    wallMsWithoutLatency: number;
    /** The least the read can take: its user pages, one after the other (each names the next). */
    floorMs: number;
  };
  plan: {
    liveWallMs: number;
    livePeakRssMb: number;
    snapshotWallMs: number;
    snapshotPeakRssMb: number;
    changes: number;
    identicalPlans: boolean;
  };
  sds: { sample: number; sampleWallMs: number; perCallMs: number; calls: number; extrapolatedWallMs: number };
  ratios: { calls: number; wallTime: number };
}

export async function measureEntra(district: District, tenant: EntraTenant, options: { latencyMs: number; workDir: string; log: (line: string) => void }): Promise<EntraResult> {
  const emulator = new EmulatorProcess();
  try {
    const bare = await emulator.start({ target: 'entra', seedFile: tenant.snapshot, latencyMs: 0 });
    options.log(`  Graph emulator seeded with ${bare.users.toLocaleString('en-US')} users (file read ${(bare.readMs / 1000).toFixed(1)} s, load ${(bare.seedMs / 1000).toFixed(1)} s)`);
    // The first read warms up the reader (and the emulator), unpaced: at no latency the config's rate, not the work, would set its time.
    const withoutLatency = await readAll(tenant.config, bare.url, 1_000_000);

    const slow = await emulator.start({ target: 'entra', seedFile: tenant.snapshot, latencyMs: options.latencyMs });
    await emulator.reset();
    const timed = await readAll(tenant.config, slow.url);
    const stats = await emulator.stats();
    const userPages = stats.byRoute['users.list'] ?? 0;
    const containerPages = (stats.byRoute['administrativeUnits.members.list'] ?? 0) + (stats.byRoute['groups.members.list'] ?? 0);
    const listings = (stats.byRoute['administrativeUnits.list'] ?? 0) + (stats.byRoute['groups.list'] ?? 0);
    options.log(`  rollcall read: ${stats.requests} calls (${userPages} user pages, ${containerPages} member pages, ${listings} listings), ${(timed / 1000).toFixed(1)} s (${(withoutLatency / 1000).toFixed(1)} s without latency)`);

    // The plans: against Graph itself (with latency), and from the snapshot file; the same tenant must give the same bytes.
    const plan = async (name: string, extra: string[], env: NodeJS.ProcessEnv = {}) => {
      const out = path.join(options.workDir, `entra-${name}.json`);
      await rm(out, { force: true });
      const run = await runCli(['plan', '--config', tenant.config, '--source-dir', district.sourceDir, '--today', BENCH_TODAY, '--out', out, '--quiet', ...extra], { env });
      if (run.code !== 0) throw new Error(`rollcall plan (${name}) failed (exit ${run.code}): ${run.stderr}`);
      const text = await readFile(out);
      return { run, digest: createHash('sha256').update(text).digest('hex'), changes: (JSON.parse(text.toString('utf8')) as { summary: { changes: number } }).summary.changes };
    };
    const live = await plan('live', [], { ROLLCALL_ENTRA_ROOT_URL: slow.url });
    const offline = await plan('snapshot', ['--snapshot', tenant.snapshot]);
    options.log(`  rollcall plan: ${(live.run.wallMs / 1000).toFixed(1)} s against Graph, ${(offline.run.wallMs / 1000).toFixed(1)} s from the snapshot, ${live.changes} changes, plans ${live.digest === offline.digest ? 'identical' : 'DIFFERENT'}`);

    // SDS: one lookup per person, by the match property, one after another.
    const client = new GraphClient(slow.url, { mode: 'static-token', token: async () => 'bench' });
    await emulator.reset();
    const started = performance.now();
    for (const upn of tenant.sample) {
      await client.send({ method: 'GET', path: `users?$filter=${encodeURIComponent(`userPrincipalName eq '${upn}'`)}&$select=id,userPrincipalName,accountEnabled` });
    }
    const sampleWallMs = performance.now() - started;
    const sampleCalls = (await emulator.stats()).requests;
    if (sampleCalls !== tenant.sample.length) throw new Error(`the SDS baseline made ${sampleCalls} calls for ${tenant.sample.length} people`);
    const perCallMs = sampleWallMs / tenant.sample.length;
    options.log(`  SDS-style matching: ${tenant.sample.length} lookups in ${(sampleWallMs / 1000).toFixed(1)} s, ${perCallMs.toFixed(1)} ms each`);

    return {
      accounts: tenant.users,
      people: tenant.people,
      latencyMs: options.latencyMs,
      read: {
        calls: stats.requests,
        byRoute: stats.byRoute,
        budget: { userPages: Math.ceil(tenant.users / 999), containerPages, listings, total: Math.ceil(tenant.users / 999) + containerPages + listings },
        wallMs: timed,
        wallMsWithoutLatency: withoutLatency,
        floorMs: Math.ceil(tenant.users / 999) * options.latencyMs,
      },
      plan: {
        liveWallMs: live.run.wallMs,
        livePeakRssMb: live.run.peakRssMb,
        snapshotWallMs: offline.run.wallMs,
        snapshotPeakRssMb: offline.run.peakRssMb,
        changes: live.changes,
        identicalPlans: live.digest === offline.digest,
      },
      sds: { sample: tenant.sample.length, sampleWallMs, perCallMs, calls: tenant.people, extrapolatedWallMs: perCallMs * tenant.people },
      ratios: { calls: tenant.people / stats.requests, wallTime: (perCallMs * tenant.people) / timed },
    };
  } finally {
    await emulator.close();
  }
}

/** One bulk read as `rollcall plan` does it live (the config's pacing unless `requestsPerMinute`); its wall time. */
async function readAll(configFile: string, url: string, requestsPerMinute?: number): Promise<number> {
  const loaded = await loadConfig(configFile);
  const entra = loaded.config.entra;
  if (entra === undefined) throw new Error(`${configFile} has no entra section`);
  const config = requestsPerMinute === undefined ? loaded : { ...loaded, config: { ...loaded.config, entra: { ...entra, requestsPerMinute } } };
  const target = createTarget(config, 'entra', { env: { ROLLCALL_ENTRA_ROOT_URL: url }, baseDir: loaded.baseDir, events: new EventLog(), showProgress: false });
  const started = performance.now();
  const state = await target.openReader().read();
  if (state.accounts.length === 0) throw new Error('the bench read no account');
  return performance.now() - started;
}
