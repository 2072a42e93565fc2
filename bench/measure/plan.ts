/**
 * `rollcall plan` from files (tonight's CSV export and last night's snapshot), as its own
 * process: wall time from start to exit and peak resident memory, the median of a few runs.
 * The plans of all runs must be byte-identical.
 */
import { createHash } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { BENCH_TODAY } from '../district/config.js';
import type { District } from '../district/cache.js';
import { runCli } from './child-process.js';

export interface PlanResult {
  accounts: number;
  googleAccounts: number;
  runs: number;
  /** Median wall time of the runs, ms. */
  wallMs: number;
  wallMsRuns: number[];
  /** Highest peak RSS of the runs, MB. */
  peakRssMb: number;
  changes: number;
  /** Changes made on purpose by the generator, plus the group removals they cause. */
  expectedChanges: number;
  holds: number;
  /** The plan's licence and deletion counts, when it has any (the lifecycle on). */
  lifecycle?: { assignLicence: number; removeLicence: number; deleteAccount: number };
  identicalPlans: boolean;
  planBytes: number;
  /** CC rows read with the plan: a district generated with its classes (null: without). */
  enrollments: number | null;
  nodeArgs: string[];
}

export async function measurePlan(district: District, options: { runs: number; workDir: string; nodeArgs?: string[] }): Promise<PlanResult> {
  const out = path.join(options.workDir, `plan-${district.manifest.accounts}.json`);
  const walls: number[] = [];
  const rss: number[] = [];
  const digests = new Set<string>();
  let plan: { summary: { changes: number; lifecycle?: PlanResult['lifecycle'] }; holds: unknown[] } | undefined;
  let planBytes = 0;
  for (let i = 0; i < options.runs; i++) {
    await rm(out, { force: true });
    const run = await runCli(
      ['plan', '--config', district.config, '--source-dir', district.sourceDir, '--google-snapshot', district.snapshot, '--today', BENCH_TODAY, '--out', out, '--quiet'],
      { nodeArgs: options.nodeArgs ?? [] },
    );
    if (run.code !== 0) throw new Error(`rollcall plan failed (exit ${run.code}): ${run.stderr}`);
    walls.push(run.wallMs);
    rss.push(run.peakRssMb);
    const text = await readFile(out);
    planBytes = text.length;
    digests.add(createHash('sha256').update(text).digest('hex'));
    plan ??= JSON.parse(text.toString('utf8')) as NonNullable<typeof plan>;
  }
  const t = district.manifest.tonight;
  return {
    accounts: district.manifest.accounts,
    googleAccounts: district.manifest.googleUsers,
    runs: options.runs,
    wallMs: median(walls),
    wallMsRuns: walls.map(Math.round),
    peakRssMb: Math.max(...rss),
    changes: plan?.summary.changes ?? 0,
    expectedChanges: Object.values(t).reduce((a, b) => a + b, 0),
    holds: plan?.holds.length ?? 0,
    ...(plan?.summary.lifecycle !== undefined ? { lifecycle: plan.summary.lifecycle } : {}),
    identicalPlans: digests.size === 1,
    planBytes,
    enrollments: district.manifest.classes?.enrollments ?? null,
    nodeArgs: options.nodeArgs ?? [],
  };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
