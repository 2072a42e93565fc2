/**
 * Reading every account from the Directory API emulator with a set latency per call: rollcall's
 * bulk read (LiveReader: org units, then the users listed from both ends at once) against the
 * D118 scripts' way, one users.get per person, one after another. The baseline is timed on a
 * sample of accounts and scaled to the district: a full run would take hours, and each call
 * costs the same whichever account it asks for.
 */
import { loadConfig } from '../../src/config/load.js';
import type { GoogleConfig, LoadedConfig } from '../../src/config/types.js';
import { createDirectoryClient } from '../../src/targets/google/client.js';
import { LiveReader } from '../../src/targets/google/live-reader.js';
import { readAttributes, readSchemas } from '../../src/targets/google/attribute-keys.js';
import { createScheduler } from '../../src/targets/google/scheduler.js';
import type { District } from '../district/cache.js';
import { EmulatorProcess } from './emulator-process.js';

export interface ReadResult {
  accounts: number;
  latencyMs: number;
  rollcall: {
    /** Requests the emulator served (retries included): what Google's quota would count. */
    calls: number;
    byMethod: Record<string, number>;
    /** The issue's budget: ceil(N / 500) + 20. */
    callBudget: number;
    wallMs: number;
    /** The same read with no added latency and no pacing: the emulator's and the client's own work. */
    wallMsWithoutLatency: number;
    /** The least a listing of this size can take at this latency: its pages, two at a time. */
    floorMs: number;
    listing: string;
    usersRead: number;
  };
  d118: {
    sample: number;
    sampleWallMs: number;
    perCallMs: number;
    calls: number;
    /** perCallMs x accounts: extrapolated, not measured. */
    extrapolatedWallMs: number;
  };
  emulator: { seedReadMs: number; seedLoadMs: number };
  ratios: { calls: number; wallTime: number };
}

export async function measureRead(district: District, options: { latencyMs: number; sample: number; log: (line: string) => void }): Promise<ReadResult> {
  const config = await loadConfig(district.config);
  const emulator = new EmulatorProcess();
  try {
    const bare = await emulator.start({ seedFile: district.snapshot, latencyMs: 0 });
    options.log(`  emulator seeded with ${bare.users.toLocaleString('en-US')} accounts (file read ${(bare.readMs / 1000).toFixed(1)} s, load ${(bare.seedMs / 1000).toFixed(1)} s)`);
    // The first read also warms up the client (module loading, JIT), so the timed one below does
    // not pay for it. Unpaced: at no latency the config's rate limit, not the work, would set its time.
    const unpaced = { ...config, config: { ...config.config, google: { ...googleOf(config), requestsPerMinute: 1_000_000 } } };
    const withoutLatency = await readAll(unpaced, bare.url);

    const slow = await emulator.start({ seedFile: district.snapshot, latencyMs: options.latencyMs });
    await emulator.reset();
    const timed = await readAll(config, slow.url);
    const stats = await emulator.stats();
    options.log(`  rollcall: ${stats.requests} calls, ${(timed.wallMs / 1000).toFixed(1)} s (${(withoutLatency.wallMs / 1000).toFixed(1)} s without latency)`);

    // D118: users.get for each person in turn. A sample spread over the whole address range.
    const emails = timed.emails.filter((_, i) => i % Math.max(1, Math.floor(timed.emails.length / options.sample)) === 0).slice(0, options.sample);
    const client = await createDirectoryClient(googleOf(config), { ROLLCALL_GOOGLE_ROOT_URL: slow.url });
    await emulator.reset();
    const started = performance.now();
    for (const userKey of emails) await client.directory.users.get({ userKey, projection: 'full' });
    const sampleWallMs = performance.now() - started;
    const baselineCalls = (await emulator.stats()).requests;
    if (baselineCalls !== emails.length) throw new Error(`baseline made ${baselineCalls} calls for ${emails.length} accounts`);
    const perCallMs = sampleWallMs / emails.length;
    const accounts = timed.emails.length;
    options.log(`  D118 baseline: ${emails.length} users.get in ${(sampleWallMs / 1000).toFixed(1)} s, ${perCallMs.toFixed(1)} ms each`);

    const pages = Math.ceil(accounts / 500);
    return {
      accounts,
      latencyMs: options.latencyMs,
      rollcall: {
        calls: stats.requests,
        byMethod: stats.byRoute,
        callBudget: pages + 20,
        wallMs: timed.wallMs,
        wallMsWithoutLatency: withoutLatency.wallMs,
        floorMs: Math.ceil(pages / 2) * options.latencyMs,
        listing: timed.listing,
        usersRead: accounts,
      },
      d118: { sample: emails.length, sampleWallMs, perCallMs, calls: accounts, extrapolatedWallMs: perCallMs * accounts },
      emulator: { seedReadMs: bare.readMs, seedLoadMs: bare.seedMs },
      ratios: { calls: accounts / stats.requests, wallTime: (perCallMs * accounts) / timed.wallMs },
    };
  } finally {
    await emulator.close();
  }
}

/** One bulk read as `rollcall plan` does it live: the config's pacing, the managed schemas. */
async function readAll(config: Awaited<ReturnType<typeof loadConfig>>, url: string): Promise<{ wallMs: number; emails: string[]; listing: string }> {
  const google = googleOf(config);
  const client = await createDirectoryClient(google, { ROLLCALL_GOOGLE_ROOT_URL: url });
  const schemas = readSchemas(readAttributes(config.config, google.populations));
  const reader = new LiveReader({ api: client.directory, scheduler: createScheduler(google), customer: google.customer, customSchemas: schemas });
  const started = performance.now();
  const state = await reader.readState();
  const wallMs = performance.now() - started;
  const listing = reader.stats().userListing;
  return { wallMs, emails: state.users.map((u) => u.primaryEmail), listing: listing ? `${listing.mode}${listing.fallbackReason ? ` (${listing.fallbackReason})` : ''}` : 'unknown' };
}

function googleOf(config: LoadedConfig): GoogleConfig {
  if (config.config.google === undefined) throw new Error(`${config.path}: the bench reads Google, and the config has no google section`);
  return config.config.google;
}
