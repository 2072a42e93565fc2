/**
 * The lifecycle on the synthetic district: the district's Google with licences held (every
 * active student a Plus licence, every active staff member a Plus Staff one, and a share of the
 * suspended accounts still holding theirs) and suspension dates on most suspended accounts
 * (some old enough to delete, some recent, some none). Measured: the Licensing API read of who
 * holds each managed SKU (calls against its budget, ceil(holders / 1000) per SKU, at a set
 * latency per call), and `rollcall plan` from files with the lifecycle on against the same
 * district with it off.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../../src/config/load.js';
import type { GoogleConfig } from '../../src/config/types.js';
import { createDirectoryClient } from '../../src/targets/google/client.js';
import type { GoogleState, LicenseAssignment } from '../../src/targets/google/directory-types.js';
import { LiveReader } from '../../src/targets/google/live-reader.js';
import { createScheduler } from '../../src/targets/google/scheduler.js';
import { readSnapshotFile, writeSnapshotFile } from '../../src/targets/google/snapshot-file.js';
import type { District } from '../district/cache.js';
import { EmulatorProcess } from './emulator-process.js';
import { measurePlan, type PlanResult } from './plan.js';

const STUDENT_SKU = { productId: '101031', skuId: '1010310008' };
const STAFF_SKU = { productId: '101031', skuId: '1010310009' };
/** Dates a suspended account may carry: deletable (deleteAfterDays 180 before the bench's day), recent, none. */
const DATES = ['2026-01-15', '2026-11-01', null] as const;

export interface LifecycleResult {
  accounts: number;
  latencyMs: number;
  licenceRead: {
    skus: Array<{ sku: string; holders: number; calls: number; budget: number }>;
    calls: number;
    /** Sum over the SKUs of ceil(holders / 1000), one for a SKU no one holds. */
    budget: number;
    wallMs: number;
  };
  plan: {
    off: Pick<PlanResult, 'wallMs' | 'peakRssMb' | 'changes' | 'identicalPlans'>;
    on: Pick<PlanResult, 'wallMs' | 'peakRssMb' | 'changes' | 'identicalPlans'> & { lifecycle: { assignLicence: number; removeLicence: number; deleteAccount: number } };
  };
}

export async function measureLifecycle(district: District, options: { latencyMs: number; runs: number; workDir: string; log: (line: string) => void }): Promise<LifecycleResult> {
  const { snapshot, holders } = await lifecycleSnapshot(district, options.workDir);
  const config = path.join(options.workDir, 'lifecycle.config.json');
  await writeFile(config, JSON.stringify(lifecycleConfig(JSON.parse(await readFile(district.config, 'utf8')) as Record<string, Record<string, unknown>>), null, 2));
  options.log(`  ${holders.length.toLocaleString('en-US')} licences held, written to ${path.basename(snapshot)}`);

  const emulator = new EmulatorProcess();
  let licenceRead: LifecycleResult['licenceRead'];
  try {
    const started = await emulator.start({ seedFile: snapshot, latencyMs: options.latencyMs });
    const loaded = await loadConfig(config);
    const google = loaded.config.google as GoogleConfig;
    const client = await createDirectoryClient(google, { ROLLCALL_GOOGLE_ROOT_URL: started.url });
    const reader = new LiveReader({ api: client.directory, licensing: client.licensing, scheduler: createScheduler(google), customer: google.customer, customSchemas: [] });
    await emulator.reset();
    const t0 = performance.now();
    const read = await reader.readLicences([STUDENT_SKU, STAFF_SKU]);
    const wallMs = performance.now() - t0;
    const calls = (await emulator.stats()).byRoute['licenseAssignments.listForProductAndSku'] ?? 0;
    if (read.length !== holders.length) throw new Error(`the licence read found ${read.length} holders of ${holders.length}`);
    // Each SKU read again on its own, for its calls against its budget.
    const skus: LifecycleResult['licenceRead']['skus'] = [];
    for (const sku of [STUDENT_SKU, STAFF_SKU]) {
      await emulator.reset();
      const found = await reader.readLicences([sku]);
      const skuCalls = (await emulator.stats()).byRoute['licenseAssignments.listForProductAndSku'] ?? 0;
      skus.push({ sku: `${sku.productId}/${sku.skuId}`, holders: found.length, calls: skuCalls, budget: Math.max(1, Math.ceil(found.length / 1000)) });
    }
    licenceRead = { skus, calls, budget: skus.reduce((n, s) => n + s.budget, 0), wallMs };
    options.log(`  licence read: ${calls} Licensing API calls (budget ${licenceRead.budget}), ${(wallMs / 1000).toFixed(2)} s at ${options.latencyMs} ms per call`);
  } finally {
    await emulator.close();
  }

  const off = await measurePlan({ ...district, snapshot }, { runs: options.runs, workDir: options.workDir });
  const on = await measurePlan({ ...district, snapshot, config }, { runs: options.runs, workDir: options.workDir });
  const summary = on.lifecycle ?? { assignLicence: 0, removeLicence: 0, deleteAccount: 0 };
  options.log(`  plan: ${(off.wallMs / 1000).toFixed(2)} s with the lifecycle off, ${(on.wallMs / 1000).toFixed(2)} s on (${summary.assignLicence} licences to assign, ${summary.removeLicence} to remove, ${summary.deleteAccount} accounts to delete)`);
  const pick = (p: PlanResult) => ({ wallMs: p.wallMs, peakRssMb: p.peakRssMb, changes: p.changes, identicalPlans: p.identicalPlans });
  return { accounts: district.manifest.accounts, latencyMs: options.latencyMs, licenceRead, plan: { off: pick(off), on: { ...pick(on), lifecycle: summary } } };
}

/** The district's snapshot with licences held and suspension dates kept, written beside the run. */
async function lifecycleSnapshot(district: District, workDir: string): Promise<{ snapshot: string; holders: LicenseAssignment[] }> {
  const state: GoogleState = await readSnapshotFile(district.snapshot);
  const holders: LicenseAssignment[] = [];
  let suspended = 0;
  for (const user of state.users) {
    const where = user.orgUnitPath ?? '/';
    const student = /^\/(Students|Suspended Students|Graduated Students)/i.test(where);
    const staff = !student && /^\/(Staff|Suspended Staff|Substitute Teachers)/i.test(where);
    if (!student && !staff) continue;
    const sku = student ? STUDENT_SKU : STAFF_SKU;
    if (!user.suspended) {
      holders.push({ ...sku, userId: user.primaryEmail });
      continue;
    }
    // Every other suspended account still holds its licence (taken back tonight); most carry a date.
    const n = suspended++;
    if (n % 2 === 0) holders.push({ ...sku, userId: user.primaryEmail });
    const date = DATES[n % DATES.length];
    if (date) {
      const schema = student ? 'StudentInfo' : 'Synchronization_Data';
      user.customSchemas = { ...user.customSchemas, [schema]: { ...user.customSchemas?.[schema], Suspended_On: date } };
    }
  }
  state.licensedSkus = [STUDENT_SKU, STAFF_SKU];
  state.licenseAssignments = holders;
  const snapshot = path.join(workDir, 'lifecycle-snapshot.jsonl');
  await writeSnapshotFile(snapshot, state);
  return { snapshot, holders };
}

/** The district's config with licences, every offboarding step but the password, suspension dates and deletion after 180 days. */
function lifecycleConfig(base: Record<string, Record<string, unknown>>): Record<string, unknown> {
  const offboarding = { invalidateBackupCodes: true, signOut: true, revokeTokens: true, revokeAppPasswords: true, resetPassword: false };
  return {
    ...base,
    students: { ...base.students, licences: [STUDENT_SKU], lifecycle: { offboarding, suspendedOn: { schema: 'StudentInfo', field: 'Suspended_On' }, deleteAfterDays: 180 } },
    staff: { ...base.staff, licences: [STAFF_SKU], lifecycle: { offboarding, suspendedOn: { schema: 'Synchronization_Data', field: 'Suspended_On' }, deleteAfterDays: 180 } },
  };
}
