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
  /** The same district planned by an earlier build (--before-cli), its runs interleaved with these. */
  before?: { cli: string; wallMs: number; wallMsRuns: number[]; peakRssMb: number };
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
  /** A district generated with its groups (group sets in its config): what the plan's summary says of them. */
  groups: PlanGroups | null;
  nodeArgs: string[];
}

export interface PlanGroups {
  managed: number;
  memberships: number;
  leftAlone: number;
  /** create-group, add-member, remove-member, change-role and delete-group changes. */
  changes: number;
  /** The group changes the generator planted (generate-groups.ts). */
  expectedChanges: number;
}

interface PlanSummaryRead {
  summary: {
    changes: number;
    lifecycle?: PlanResult['lifecycle'];
    groups?: { managed: number; memberships: number; leftAlone: number; create: number; delete: number; addMember: number; removeMember: number; changeRole: number };
  };
  holds: unknown[];
}

/**
 * Plans the district `runs` times. With `before` (another build's CLI), that build plans it too,
 * each of its runs right after one of this build's, so both meet the machine in the same state.
 */
export async function measurePlan(district: District, options: { runs: number; workDir: string; nodeArgs?: string[]; before?: string }): Promise<PlanResult> {
  const out = path.join(options.workDir, `plan-${district.manifest.accounts}.json`);
  const planArgs = (file: string) => ['plan', '--config', district.config, '--source-dir', district.sourceDir, '--google-snapshot', district.snapshot, '--today', BENCH_TODAY, '--out', file, '--quiet'];
  const walls: number[] = [];
  const rss: number[] = [];
  const beforeWalls: number[] = [];
  const beforeRss: number[] = [];
  const digests = new Set<string>();
  let plan: PlanSummaryRead | undefined;
  let planBytes = 0;
  for (let i = 0; i < options.runs; i++) {
    await rm(out, { force: true });
    const run = await runCli(planArgs(out), { nodeArgs: options.nodeArgs ?? [] });
    if (run.code !== 0) throw new Error(`rollcall plan failed (exit ${run.code}): ${run.stderr}`);
    if (options.before !== undefined) {
      const earlier = await runCli(planArgs(`${out}.before`), { nodeArgs: options.nodeArgs ?? [], cli: options.before });
      if (earlier.code !== 0) throw new Error(`the earlier build's rollcall plan failed (exit ${earlier.code}): ${earlier.stderr}`);
      beforeWalls.push(earlier.wallMs);
      beforeRss.push(earlier.peakRssMb);
    }
    walls.push(run.wallMs);
    rss.push(run.peakRssMb);
    const text = await readFile(out);
    planBytes = text.length;
    digests.add(createHash('sha256').update(text).digest('hex'));
    plan ??= JSON.parse(text.toString('utf8')) as PlanSummaryRead;
  }
  const t = district.manifest.tonight;
  const planted = district.manifest.groupSync;
  const g = plan?.summary.groups;
  const groupExpected = planted ? Object.values(planted.tonight).reduce((a, b) => a + b, 0) : 0;
  return {
    accounts: district.manifest.accounts,
    googleAccounts: district.manifest.googleUsers,
    runs: options.runs,
    wallMs: median(walls),
    wallMsRuns: walls.map(Math.round),
    peakRssMb: Math.max(...rss),
    changes: plan?.summary.changes ?? 0,
    expectedChanges: Object.values(t).reduce((a, b) => a + b, 0) + groupExpected,
    holds: plan?.holds.length ?? 0,
    ...(plan?.summary.lifecycle !== undefined ? { lifecycle: plan.summary.lifecycle } : {}),
    identicalPlans: digests.size === 1,
    planBytes,
    enrollments: district.manifest.classes?.enrollments ?? null,
    groups:
      planted && g
        ? { managed: g.managed, memberships: g.memberships, leftAlone: g.leftAlone, changes: g.create + g.delete + g.addMember + g.removeMember + g.changeRole, expectedChanges: groupExpected }
        : null,
    nodeArgs: options.nodeArgs ?? [],
    ...(options.before !== undefined ? { before: { cli: options.before, wallMs: median(beforeWalls), wallMsRuns: beforeWalls.map(Math.round), peakRssMb: Math.max(...beforeRss) } } : {}),
  };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
