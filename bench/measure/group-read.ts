/**
 * The group part of a live read: `rollcall plan` against the Directory API emulator seeded with
 * a district generated with its groups, as its own process. The calls the emulator served for
 * groups (groups.list, members.list) against the budget the live reader states in its event
 * (GOOGLE_GROUP_CALLS: ceil(groups/200) + for each managed group max(1, ceil(members/200))); the
 * groups.list calls by account (the memberships of accounts a plan may suspend) are counted apart.
 * Unpaced and without latency: what is measured is the number of calls, not their time. The
 * plan it makes must hold what the plan from the district's snapshot file holds: all but the
 * directory's digest (and so the integrity line), which covers what each read saw: the file has
 * every member of the groups no set asks for, a live read only the memberships it asked about.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { BENCH_TODAY, benchConfig } from '../district/config.js';
import type { District } from '../district/cache.js';
import { runCli } from './child-process.js';
import { EmulatorProcess } from './emulator-process.js';

export interface GroupReadResult {
  accounts: number;
  /** Groups the customer has, and of them managed ones with their members read. */
  groups: number;
  rosters: number;
  memberships: number;
  /**
   * What the emulator served for the group read: the listing's groups.list pages (as the reader
   * counts them: the emulator's groups.list also serves the per-account lookups below) and every
   * members.list page.
   */
  calls: { groupsList: number; membersList: number; total: number };
  /** groups.list by account, for the accounts a plan may take out of groups (suspensions): counted apart, as `plan` logs them. */
  membershipLookups: number;
  /** As the reader's event states it. */
  budget: number;
  /** The same calls as the reader counted them (they equal the emulator's when nothing is retried). */
  readerCalls: { groupsList: number; membersList: number };
  planWallMs: number;
  /** The plan from the live read equals the plan from the snapshot file, the directory's digest aside. */
  sameAsSnapshotPlan: boolean;
}

interface GroupCallsEvent {
  code: string;
  data?: { groups: number; rosters: number; groupsList: number; membersList: number; budget: number };
}

export async function measureGroupRead(district: District, options: { workDir: string; log: (line: string) => void }): Promise<GroupReadResult> {
  const configFile = path.join(options.workDir, 'group-read.config.json');
  await writeFile(configFile, JSON.stringify(benchConfig({ requestsPerMinute: 1_000_000, concurrency: 16 }, { groups: true }), null, 2));
  const emulator = new EmulatorProcess();
  try {
    const started = await emulator.start({ seedFile: district.snapshot, latencyMs: 0 });
    options.log(`  emulator seeded with ${started.users.toLocaleString('en-US')} accounts and the groups (file read ${(started.readMs / 1000).toFixed(1)} s)`);
    await emulator.reset();
    const common = ['--config', configFile, '--source-dir', district.sourceDir, '--today', BENCH_TODAY];
    const livePlan = path.join(options.workDir, 'group-read-live.json');
    const run = await runCli(['plan', ...common, '--out', livePlan, '--log-format', 'json'], { env: { ROLLCALL_GOOGLE_ROOT_URL: started.url } });
    if (run.code !== 0) throw new Error(`rollcall plan against the emulator failed (exit ${run.code}): ${run.stderr.slice(-2000)}`);
    const stats = await emulator.stats();
    const event = run.stderr
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as GroupCallsEvent)
      .find((e) => e.code === 'GOOGLE_GROUP_CALLS');
    if (event?.data === undefined) throw new Error('rollcall plan logged no GOOGLE_GROUP_CALLS event');
    const snapshotPlan = path.join(options.workDir, 'group-read-snapshot.json');
    const fromFile = await runCli(['plan', ...common, '--google-snapshot', district.snapshot, '--out', snapshotPlan, '--quiet']);
    if (fromFile.code !== 0) throw new Error(`rollcall plan from the snapshot failed (exit ${fromFile.code}): ${fromFile.stderr.slice(-2000)}`);
    // Everything a reviewer sees, in the file's own order: the directory's digest and the integrity line over it aside.
    const content = async (file: string) => {
      const { inputs, integrity: _integrity, ...rest } = JSON.parse(await readFile(file, 'utf8')) as { inputs: Record<string, unknown>; integrity: string };
      const { directory: _directory, ...otherInputs } = inputs;
      return JSON.stringify({ ...rest, inputs: otherInputs });
    };
    const groupsList = event.data.groupsList;
    const membersList = stats.byRoute['members.list'] ?? 0;
    return {
      accounts: district.manifest.accounts,
      groups: event.data.groups,
      rosters: event.data.rosters,
      memberships: district.manifest.groupSync?.memberships ?? 0,
      calls: { groupsList, membersList, total: groupsList + membersList },
      membershipLookups: (stats.byRoute['groups.list'] ?? 0) - groupsList,
      budget: event.data.budget,
      readerCalls: { groupsList: event.data.groupsList, membersList: event.data.membersList },
      planWallMs: run.wallMs,
      sameAsSnapshotPlan: (await content(livePlan)) === (await content(snapshotPlan)),
    };
  } finally {
    await emulator.close();
  }
}
