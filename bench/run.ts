/**
 * `npm run bench` (quick: 10k and 100k accounts, a few minutes) and `npm run bench -- --full`
 * (adds 500k and 1M, under half an hour): generates synthetic districts (cached in bench/.data),
 * then measures reading Google, planning and applying, group sync (planning districts with their
 * group sets, and the group read's calls), and reading and planning the district's Entra tenant,
 * checks each against the issues' targets, and writes bench/results/<mode>.json and
 * bench/results/<mode>.md.
 *
 * Options:
 *   --full                 also 500k and 1M accounts
 *   --only read,plan,groups,apply,entra,lifecycle  measure only these
 *   --sizes 10000,100000   the plan sizes (and, with groups, the group plan sizes)
 *   --runs N               plan runs per size, median reported (default 5 up to 100k, 3 above)
 *   --seed S               another synthetic district (default 118)
 *   --cli PATH             measure another build's CLI, e.g. before and after a change
 *   --before-cli PATH      also plan each accounts-only district with an earlier build, run for run
 *                          (no-group-sets plan as fast as before: compared in the same run)
 *   --classes              plan districts generated with their class tables (sections and
 *                          enrollments; powerschool.classes on), read with every plan
 *   --name NAME            results go to bench/results/NAME.* (default <mode>, or <mode>-custom
 *                          when an option narrows or changes the run)
 */
import { cpus, freemem, platform, release, totalmem } from 'node:os';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ensureDistrict } from './district/cache.js';
import { ensureEntraTenant } from './district/entra-tenant.js';
import { measureApply, type ApplyResult, type ApplySettings } from './measure/apply.js';
import { measureEntra, type EntraResult } from './measure/entra.js';
import { measureGroupRead } from './measure/group-read.js';
import { measureLifecycle, type LifecycleResult } from './measure/lifecycle.js';
import { ROOT, setCli } from './measure/child-process.js';
import { measurePlan, type PlanResult } from './measure/plan.js';
import { measureRead, type ReadResult } from './measure/read.js';
import { checkTargets, renderMarkdown, type BenchResults } from './report.js';

const { values } = parseArgs({
  options: {
    full: { type: 'boolean', default: false },
    only: { type: 'string' },
    sizes: { type: 'string' },
    runs: { type: 'string' },
    seed: { type: 'string', default: '118' },
    cli: { type: 'string' },
    'before-cli': { type: 'string' },
    name: { type: 'string' },
    classes: { type: 'boolean', default: false },
  },
});

const mode = values.full ? 'full' : 'quick';
const planSizes = values.sizes ? values.sizes.split(',').map(Number) : values.full ? [10_000, 100_000, 500_000, 1_000_000] : [10_000, 100_000];
const readSizes = values.full ? [100_000, 1_000_000] : [100_000];
// Group sync: districts with their group sets (and so their classes) at 100k in quick mode, 1M too in full mode.
const groupSizes = values.sizes ? values.sizes.split(',').map(Number) : values.full ? [100_000, 1_000_000] : [100_000];
const GROUP_READ_SIZE = 100_000;
const APPLY_SIZE = 100_000;
const APPLY: ApplySettings = { requestsPerMinute: 6000, concurrency: 16, emulatorPerMinute: 7200, latencyMs: 100, faultEvery: 50 };
const READ_LATENCY_MS = 100;
const BASELINE_SAMPLE = 200;
const parts = new Set((values.only ?? 'read,plan,groups,apply,entra,lifecycle').split(','));
/** Entra is paced as Graph allows an app in a large tenant (thousands of reads a minute), with Google's concurrency. */
const ENTRA_PACING = { requestsPerMinute: 6000, concurrency: 16 };
const seed = Number(values.seed);
// Runs of this machine vary by a fifth from one to the next: small sizes get more runs, each cheap.
const runsFor = (size: number) => (values.runs ? Number(values.runs) : size <= 100_000 ? 5 : 3);
if (values.cli) setCli(path.resolve(values.cli));

const log = (line: string) => process.stderr.write(`${line}\n`);
const dataDir = path.join(ROOT, 'bench/.data');
const resultsDir = path.join(ROOT, 'bench/results');
await mkdir(dataDir, { recursive: true });
await mkdir(resultsDir, { recursive: true });
const workDir = await mkdtemp(path.join(dataDir, 'run-'));
const started = performance.now();

const results: BenchResults = {
  mode,
  date: new Date().toISOString(),
  machine: {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round(totalmem() / 1e9),
    freeMemoryGb: Math.round(freemem() / 1e9),
    os: `${platform()} ${release()}`,
    node: process.version,
  },
  seed,
  read: [] as ReadResult[],
  plan: [] as PlanResult[],
  apply: [] as ApplyResult[],
  entra: [] as EntraResult[],
  groups: { plan: [], read: [] },
  lifecycle: [] as LifecycleResult[],
  targets: [],
  durationS: 0,
};

try {
  if (parts.has('read')) {
    for (const size of readSizes) {
      const district = await ensureDistrict(dataDir, size, seed, log);
      log(`read: ${size.toLocaleString('en-US')} accounts at ${READ_LATENCY_MS} ms per call`);
      results.read.push(await measureRead(district, { latencyMs: READ_LATENCY_MS, sample: BASELINE_SAMPLE, log }));
    }
  }
  if (parts.has('plan')) {
    for (const size of planSizes) {
      const district = await ensureDistrict(dataDir, size, seed, log, { classes: values.classes });
      log(`plan: ${size.toLocaleString('en-US')} accounts${values.classes ? ' with their classes' : ''}, ${runsFor(size)} runs`);
      const before = values['before-cli'] !== undefined && !values.classes ? path.resolve(values['before-cli']) : undefined;
      const result = await measurePlan(district, { runs: runsFor(size), workDir, before });
      log(`  ${(result.wallMs / 1000).toFixed(2)} s (runs ${result.wallMsRuns.join(', ')} ms), peak ${result.peakRssMb.toFixed(0)} MB, ${result.changes} changes`);
      if (result.before) log(`  earlier build: ${(result.before.wallMs / 1000).toFixed(2)} s (runs ${result.before.wallMsRuns.join(', ')} ms), peak ${result.before.peakRssMb.toFixed(0)} MB`);
      results.plan.push(result);
    }
  }
  if (parts.has('groups')) {
    for (const size of groupSizes) {
      const district = await ensureDistrict(dataDir, size, seed, log, { groups: true });
      log(`groups: plan ${size.toLocaleString('en-US')} accounts with their group sets, ${runsFor(size)} runs`);
      const result = await measurePlan(district, { runs: runsFor(size), workDir });
      log(
        `  ${(result.wallMs / 1000).toFixed(2)} s (runs ${result.wallMsRuns.join(', ')} ms), peak ${result.peakRssMb.toFixed(0)} MB, ${result.changes} changes (${result.expectedChanges} planted), ${result.groups?.changes ?? 0} of them group changes (${result.groups?.expectedChanges ?? 0})`,
      );
      results.groups.plan.push(result);
      if (size === GROUP_READ_SIZE) {
        log(`groups: read the ${size.toLocaleString('en-US')}-account district's groups live from the emulator`);
        const read = await measureGroupRead(district, { workDir, log });
        log(`  ${read.calls.total} group calls (${read.calls.groupsList} groups.list, ${read.calls.membersList} members.list), budget ${read.budget}`);
        results.groups.read.push(read);
      }
    }
  }
  if (parts.has('apply')) {
    const district = await ensureDistrict(dataDir, APPLY_SIZE, seed, log);
    log(`apply: plan of the ${APPLY_SIZE.toLocaleString('en-US')}-account district`);
    for (const readMode of ['each', 'list'] as const) {
      const a = await measureApply(district, APPLY, { workDir, log, readMode });
      results.apply.push(a);
      log(
        `  --read ${readMode}: ${(a.applyWindowMs / 1000).toFixed(1)} s, ${a.requestsPerChange.toFixed(2)} requests per change, ${a.changesPerSecond.toFixed(1)} changes/s, ${(a.shareOfConfiguredRate * 100).toFixed(1)}% of the configured rate, ${a.lostChanges} lost, ${a.changesLeft} left`,
      );
    }
  }
  if (parts.has('entra')) {
    const district = await ensureDistrict(dataDir, APPLY_SIZE, seed, log);
    const tenant = await ensureEntraTenant(district, log, ENTRA_PACING);
    log(`entra: ${tenant.users.toLocaleString('en-US')} users at ${READ_LATENCY_MS} ms per call`);
    results.entra.push(await measureEntra(district, tenant, { latencyMs: READ_LATENCY_MS, workDir, log }));
  }
  if (parts.has('lifecycle')) {
    const district = await ensureDistrict(dataDir, APPLY_SIZE, seed, log);
    log(`lifecycle: licences and suspension dates on the ${APPLY_SIZE.toLocaleString('en-US')}-account district, ${runsFor(APPLY_SIZE)} plan runs each way`);
    results.lifecycle?.push(await measureLifecycle(district, { latencyMs: READ_LATENCY_MS, runs: runsFor(APPLY_SIZE), workDir, log }));
  }
} finally {
  await rm(workDir, { recursive: true, force: true });
}

results.durationS = Math.round((performance.now() - started) / 1000);
results.targets = checkTargets(results);
const name = values.name ?? (values.cli || values.sizes || values.only || values.runs || values.classes ? `${mode}-custom` : mode);
const markdown = renderMarkdown(results);
await writeFile(path.join(resultsDir, `${name}.json`), JSON.stringify(results, null, 2) + '\n');
await writeFile(path.join(resultsDir, `${name}.md`), markdown);
process.stdout.write(markdown);
log(`wrote bench/results/${name}.json and .md in ${results.durationS} s`);
