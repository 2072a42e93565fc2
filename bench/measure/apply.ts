/**
 * `rollcall apply` of a night's plan against the emulator, which enforces its own rate limit and
 * answers every Nth request with 429 rateLimitExceeded: how close the run comes to the rate it is
 * configured for, and that nothing is lost on the way, in either way of reading accounts (one
 * users.get each, or the listing page by page). Afterwards the emulator's state is planned again:
 * no change may be left, and no address may be held twice.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { JournalLine } from '../../src/apply/journal.js';
import type { Plan } from '../../src/plan/types.js';
import { BENCH_TODAY, benchConfig } from '../district/config.js';
import type { District } from '../district/cache.js';
import { runCli } from './child-process.js';
import { EmulatorProcess } from './emulator-process.js';

export interface ApplySettings {
  /** google.requestsPerMinute: the rate apply is configured for. */
  requestsPerMinute: number;
  /** google.concurrency. */
  concurrency: number;
  /** The emulator's own limit (a sliding minute), above the configured rate as Google's quota is. */
  emulatorPerMinute: number;
  latencyMs: number;
  /** Every Nth request is answered 429. */
  faultEvery: number;
}

export type ReadMode = 'each' | 'list';

export interface ApplyResult {
  accounts: number;
  settings: ApplySettings;
  /** How apply read the accounts (--read). */
  readMode: ReadMode;
  changes: number;
  outcomes: Record<string, number>;
  /** From the journal's run-started to run-finished: the time spent applying. */
  applyWindowMs: number;
  /** The apply process from start to exit (start-up and reading the plan included). */
  processWallMs: number;
  requests: number;
  /** All requests (429s included) per planned change. */
  requestsPerChange: number;
  requestsByMethod: Record<string, number>;
  /** 429s: injected every Nth request, plus any refusals by the emulator's rate limit. */
  rejected: number;
  changesPerSecond: number;
  /** Requests that did work (all but the 429s) per second over the window, as a share of the configured rate. */
  shareOfConfiguredRate: number;
  /** Every request, 429s included, as a share of the configured rate. */
  sentShareOfConfiguredRate: number;
  /** Planned changes that did not end done or already-done. */
  lostChanges: number;
  /** Changes a new plan of the emulator's state still finds (must be 0). */
  changesLeft: number;
  duplicateAddresses: number;
  accountsBefore: number;
  accountsAfter: number;
}

export async function measureApply(
  district: District,
  settings: ApplySettings,
  options: { workDir: string; log: (line: string) => void; readMode: ReadMode },
): Promise<ApplyResult> {
  const configFile = path.join(options.workDir, 'apply.config.json');
  await writeFile(
    configFile,
    JSON.stringify(benchConfig({ requestsPerMinute: settings.requestsPerMinute, concurrency: settings.concurrency, maxRetries: 8 }), null, 2),
  );
  const planFile = path.join(options.workDir, `apply-plan-${district.manifest.accounts}-${options.readMode}.json`);
  const plan = await makePlan(district, configFile, district.snapshot, planFile);

  const emulator = new EmulatorProcess();
  try {
    const started = await emulator.start({
      seedFile: district.snapshot,
      latencyMs: settings.latencyMs,
      rateLimit: { perMinute: settings.emulatorPerMinute, status: 429 },
      faults: [{ status: 429, reason: 'rateLimitExceeded', when: 'before', every: settings.faultEvery }],
    });
    await emulator.reset();
    options.log(
      `  applying ${plan.changes.length} changes, --read ${options.readMode}, at ${settings.requestsPerMinute}/min (emulator: ${settings.latencyMs} ms per call, limit ${settings.emulatorPerMinute}/min, every ${settings.faultEvery}th request 429)`,
    );
    const args = ['apply', planFile, '--config', configFile, '--today', BENCH_TODAY, '--quiet', '--read', options.readMode, ...(plan.holds.length > 0 ? ['--override-holds'] : [])];
    const run = await runCli(args, {
      env: { ROLLCALL_GOOGLE_ROOT_URL: started.url },
    });
    const stats = await emulator.stats();
    if (run.code !== 0) options.log(`  apply exited ${run.code}: ${run.stderr.trim().split('\n').slice(-3).join(' | ')}`);

    const journal = (await readFile(`${planFile}.journal.jsonl`, 'utf8'))
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as JournalLine);
    const begin = journal.findLast((l) => l.type === 'run-started');
    const end = journal.findLast((l) => l.type === 'run-finished');
    if (!begin || !end) throw new Error('the apply journal has no complete run');
    const outcomes: Record<string, number> = {};
    for (const line of journal) if (line.type === 'change') outcomes[line.outcome] = (outcomes[line.outcome] ?? 0) + 1;
    const windowMs = Date.parse(end.ts) - Date.parse(begin.ts);
    const settled = (outcomes.done ?? 0) + (outcomes['already-done'] ?? 0);

    const after = path.join(options.workDir, `after-apply-${district.manifest.accounts}-${options.readMode}.jsonl`);
    const written = await emulator.writeState(after);
    const again = await makePlan(district, configFile, after, path.join(options.workDir, `after-apply-plan-${district.manifest.accounts}-${options.readMode}.json`));
    const perSecond = settings.requestsPerMinute / 60;
    const rejected = stats.failuresInjected;
    return {
      accounts: district.manifest.accounts,
      settings,
      readMode: options.readMode,
      changes: plan.changes.length,
      outcomes,
      applyWindowMs: windowMs,
      processWallMs: run.wallMs,
      requests: stats.requests,
      requestsPerChange: stats.requests / plan.changes.length,
      requestsByMethod: stats.byRoute,
      rejected,
      changesPerSecond: settled / (windowMs / 1000),
      shareOfConfiguredRate: (stats.requests - rejected) / (windowMs / 1000) / perSecond,
      sentShareOfConfiguredRate: stats.requests / (windowMs / 1000) / perSecond,
      lostChanges: plan.changes.length - settled,
      changesLeft: again.changes.length,
      duplicateAddresses: written.duplicateAddresses,
      accountsBefore: district.manifest.googleUsers,
      accountsAfter: written.users,
    };
  } finally {
    await emulator.close();
  }
}

async function makePlan(district: District, config: string, snapshot: string, out: string): Promise<Plan> {
  const run = await runCli(['plan', '--config', config, '--source-dir', district.sourceDir, '--google-snapshot', snapshot, '--today', BENCH_TODAY, '--out', out, '--quiet']);
  if (run.code !== 0) throw new Error(`rollcall plan failed (exit ${run.code}): ${run.stderr}`);
  return JSON.parse(await readFile(out, 'utf8')) as Plan;
}
