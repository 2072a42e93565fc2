/** The benchmark's results, the issue's targets checked against them, and the markdown table. */
import type { ApplyResult } from './measure/apply.js';
import type { EntraResult } from './measure/entra.js';
import type { GroupReadResult } from './measure/group-read.js';
import type { LifecycleResult } from './measure/lifecycle.js';
import type { PlanResult } from './measure/plan.js';
import type { ReadResult } from './measure/read.js';

export interface Target {
  target: string;
  measured: string;
  /** null: not measured in this mode. */
  met: boolean | null;
}

export interface BenchResults {
  mode: 'quick' | 'full';
  date: string;
  machine: { cpus: number; cpuModel: string; memoryGb: number; freeMemoryGb: number; os: string; node: string };
  seed: number;
  read: ReadResult[];
  plan: PlanResult[];
  /** One run per way of reading accounts (each, list). */
  apply: ApplyResult[];
  /** The district's Entra tenant: read and planned from the Graph emulator. */
  entra: EntraResult[];
  /** Group sync: districts planned with their group sets, and the group read's calls from the emulator. */
  groups: { plan: PlanResult[]; read: GroupReadResult[] };
  /** Licences read and the lifecycle planned on the district (older results have none). */
  lifecycle?: LifecycleResult[];
  targets: Target[];
  durationS: number;
}

const s = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
const n = (x: number) => x.toLocaleString('en-US');
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const mb = (x: number) => (x >= 1000 ? `${(x / 1000).toFixed(2)} GB` : `${x.toFixed(0)} MB`);
const duration = (ms: number) => (ms >= 3_600_000 ? `${(ms / 3_600_000).toFixed(1)} h` : ms >= 60_000 ? `${(ms / 60_000).toFixed(0)} min` : s(ms));

export function checkTargets(r: BenchResults): Target[] {
  const targets: Target[] = [];
  for (const read of r.read) {
    targets.push({
      target: `read ${n(read.accounts)} accounts in at most ceil(N/500) + 20 = ${n(read.rollcall.callBudget)} calls`,
      measured: `${n(read.rollcall.calls)} calls`,
      met: read.rollcall.calls <= read.rollcall.callBudget,
    });
  }
  const read100k = r.read.find((x) => x.accounts >= 90_000 && x.accounts <= 110_000);
  targets.push({
    target: 'read 100k accounts in under 10 s at 100 ms per call',
    measured: read100k ? `${s(read100k.rollcall.wallMs)} (${n(read100k.accounts)} accounts; no listing without \`query\` can beat ${s(read100k.rollcall.floorMs)})` : 'not measured',
    met: read100k ? read100k.rollcall.wallMs < 10_000 : null,
  });
  const plan = (size: number) => r.plan.find((p) => p.accounts === size);
  // Districts read with their classes (--classes) answer to issue 15's targets too, reading the class tables without group sets.
  const classes = r.plan.some((p) => p.enrollments !== null);
  const limits = classes
    ? ([
        [100_000, 5_000, 1_000],
        [1_000_000, 60_000, 4_000],
      ] as const)
    : ([
        [100_000, 2_000, 500],
        [1_000_000, 30_000, 4_000],
      ] as const);
  for (const [size, maxMs, maxMb] of limits) {
    const p = plan(size);
    const what = classes ? ` with their ${p?.enrollments ? n(p.enrollments) : 'about 6 per student'} enrollments (read only: no group sets)` : '';
    targets.push({
      target: `plan ${n(size)} accounts${what} in under ${s(maxMs)} and ${mb(maxMb)} peak RSS`,
      measured: p ? `${s(p.wallMs)}, ${mb(p.peakRssMb)}` : r.mode === 'quick' && size > 100_000 ? 'not measured (full mode only)' : 'not measured',
      met: p ? p.wallMs < maxMs && p.peakRssMb < maxMb : null,
    });
  }
  targets.push(...groupTargets(r));
  // The pacing target is about the rate, so it is judged where the rate is what bounds the run: a get per account.
  const a = r.apply.find((x) => x.readMode === 'each');
  targets.push({
    target: 'apply at >= 90% of the configured rate with injected 429s, no change lost',
    measured: a ? `${pct(a.shareOfConfiguredRate)} of ${n(a.settings.requestsPerMinute)}/min (--read each); ${a.lostChanges} lost, ${a.changesLeft} left, ${a.duplicateAddresses} duplicate addresses` : 'not measured',
    met: a ? a.shareOfConfiguredRate >= 0.9 && a.lostChanges === 0 && a.changesLeft === 0 && a.duplicateAddresses === 0 : null,
  });
  const list = r.apply.find((x) => x.readMode === 'list');
  if (a && list) {
    targets.push({
      target: 'apply reading the listing page by page: fewer requests per change, nothing lost',
      measured: `${list.requestsPerChange.toFixed(2)} requests per change (--read each: ${a.requestsPerChange.toFixed(2)}), ${s(list.applyWindowMs)} (each: ${s(a.applyWindowMs)}); ${list.lostChanges} lost, ${list.changesLeft} left, ${list.duplicateAddresses} duplicate addresses`,
      met: list.requestsPerChange < a.requestsPerChange && list.lostChanges === 0 && list.changesLeft === 0 && list.duplicateAddresses === 0,
    });
  }
  for (const e of r.entra) {
    targets.push({
      target: `Entra: read ${n(e.accounts)} users in at most ceil(N/999) + one call per managed container page (+ 2 listings) = ${n(e.read.budget.total)}`,
      measured: `${n(e.read.calls)} calls, ${e.ratios.calls.toFixed(0)}× fewer than one lookup per person (${n(e.sds.calls)})`,
      met: e.read.calls <= e.read.budget.total,
    });
    targets.push({
      target: 'Entra: a plan against Graph and a plan from its snapshot are the same bytes',
      measured: `${e.plan.identicalPlans ? 'identical' : 'different'} (${n(e.plan.changes)} changes)`,
      met: e.plan.identicalPlans,
    });
  }
  for (const l of r.lifecycle ?? []) {
    targets.push({
      target: `licences: read each SKU's holders in ceil(holders / 1000) calls (${l.licenceRead.skus.map((s) => `${s.sku}: ${n(s.holders)} holders, budget ${n(s.budget)}`).join('; ')})`,
      measured: `${l.licenceRead.skus.map((s) => `${n(s.calls)}`).join(' + ')} calls (${n(l.licenceRead.calls)} for both at once, ${s(l.licenceRead.wallMs)} at ${l.latencyMs} ms per call)`,
      met: l.licenceRead.skus.every((s) => s.calls <= s.budget) && l.licenceRead.calls <= l.licenceRead.budget,
    });
    targets.push({
      target: `plan ${n(l.accounts)} accounts with the lifecycle on in under ${s(2_000)} and ${mb(500)} peak RSS, the same bytes every run`,
      measured: `${s(l.plan.on.wallMs)}, ${mb(l.plan.on.peakRssMb)} (off: ${s(l.plan.off.wallMs)}, ${mb(l.plan.off.peakRssMb)}); ${l.plan.on.identicalPlans ? 'identical' : 'different'}`,
      met: l.plan.on.wallMs < 2_000 && l.plan.on.peakRssMb < 500 && l.plan.on.identicalPlans,
    });
  }
  return targets;
}

/** Before group sync, same machine: the 100k accounts-only plan of bench/results/plan-accounts.md (2026-12-01). */
export const ACCOUNTS_ONLY_BEFORE = { accounts: 100_000, wallMs: 1960, peakRssMb: 343 };
/** How much runs of this machine vary from one to the next (see the README's Performance section). */
const RUN_SPREAD = 0.2;

/** Issue 15's: the group read's calls, planning with group sets at 100k and 1M, and a district without them as fast as before. */
function groupTargets(r: BenchResults): Target[] {
  const targets: Target[] = [];
  for (const g of r.groups.read) {
    targets.push({
      target: `read the groups of the ${n(g.accounts)}-account district in at most ceil(groups/200) + sum over managed groups of max(1, ceil(members/200)) = ${n(g.budget)} calls`,
      measured: `${n(g.calls.total)} calls (${n(g.calls.groupsList)} groups.list, ${n(g.calls.membersList)} members.list) for ${n(g.groups)} groups, ${n(g.rosters)} managed (and, apart, ${n(g.membershipLookups)} groups.list by account for the accounts the plan suspends); live plan ${g.sameAsSnapshotPlan ? 'the same as' : '**not** the same as'} the plan from the snapshot (directory digest aside)`,
      met: g.calls.total <= g.budget && g.sameAsSnapshotPlan,
    });
  }
  for (const [size, maxMs, maxMb] of [
    [100_000, 5_000, 1_000],
    [1_000_000, 60_000, 4_000],
  ] as const) {
    const p = r.groups.plan.find((x) => x.accounts === size);
    const what = p ? `with their ${n(p.enrollments ?? 0)} enrollments and ${n(p.groups?.managed ?? 0)} managed groups (${n(p.groups?.memberships ?? 0)} memberships)` : 'with their enrollments and group sets';
    targets.push({
      target: `plan ${n(size)} accounts ${what} in under ${s(maxMs)} and ${mb(maxMb)} peak RSS`,
      measured: p ? `${s(p.wallMs)}, ${mb(p.peakRssMb)}; ${n(p.groups?.changes ?? 0)} group changes (${n(p.groups?.expectedChanges ?? 0)} planted)` : r.mode === 'quick' && size > 100_000 ? 'not measured (full mode only)' : 'not measured',
      // The group changes must be the ones planted (the account changes answer to the accounts' own row).
      met: p ? p.wallMs < maxMs && p.peakRssMb < maxMb && p.groups?.changes === p.groups?.expectedChanges && p.identicalPlans : null,
    });
  }
  const plain = r.plan.find((x) => x.accounts === ACCOUNTS_ONLY_BEFORE.accounts && x.enrollments === null);
  // Measured in this run by the earlier build (--before-cli) when given; otherwise the figure recorded on another day.
  const before = plain?.before ?? ACCOUNTS_ONLY_BEFORE;
  const against = plain?.before ? `the build before it (${plain.before.cli}), run for run in this bench: ${s(before.wallMs)}, ${mb(before.peakRssMb)}` : `the figure recorded before it (${s(before.wallMs)}, ${mb(before.peakRssMb)}, another day: give --before-cli for a same-run comparison)`;
  targets.push({
    target: `plan ${n(ACCOUNTS_ONLY_BEFORE.accounts)} accounts with no group sets as fast as before group sync, within this machine's run-to-run spread (${RUN_SPREAD * 100}%), against ${against}`,
    measured: plain ? `${s(plain.wallMs)}, ${mb(plain.peakRssMb)} (this run's accounts-only plan)` : 'not measured',
    met: plain ? plain.wallMs <= before.wallMs * (1 + RUN_SPREAD) && plain.peakRssMb <= before.peakRssMb * (1 + RUN_SPREAD) : null,
  });
  return targets;
}

export function renderMarkdown(r: BenchResults): string {
  const m = r.machine;
  const out: string[] = [
    `### rollcall benchmark, ${r.mode} mode`,
    '',
    `${r.date.slice(0, 10)}; ${m.cpus} × ${m.cpuModel}, ${m.memoryGb} GB, ${m.os}, Node ${m.node}; synthetic district seed ${r.seed}; ${r.durationS} s in all.`,
    '',
  ];
  if (r.read.length > 0) {
    const latency = r.read[0]?.latencyMs ?? 0;
    out.push(
      `**Reading Google** (Directory API emulator, ${latency} ms per call; D118: one \`users.get\` per person, in turn, timed on ${r.read[0]?.d118.sample ?? 0} accounts and extrapolated)`,
      '',
      '| accounts | rollcall calls (budget) | rollcall time | of which emulator + client work | D118 calls | D118 time (extrapolated) | fewer calls | faster |',
      '|---:|---:|---:|---:|---:|---:|---:|---:|',
      ...r.read.map(
        (x) =>
          `| ${n(x.accounts)} | ${n(x.rollcall.calls)} (${n(x.rollcall.callBudget)}) | ${s(x.rollcall.wallMs)} | ${s(x.rollcall.wallMsWithoutLatency)} | ${n(x.d118.calls)} | ${duration(x.d118.extrapolatedWallMs)} | ${x.ratios.calls.toFixed(0)}× | ${x.ratios.wallTime.toFixed(0)}× |`,
      ),
      '',
    );
  }
  if (r.plan.length > 0) {
    out.push(
      `**Planning** (\`rollcall plan\` from tonight's CSV export and last night's snapshot file, as a child process; wall time is the median of ${[...new Set(r.plan.map((p) => p.runs))].join(' or ')} runs, peak RSS the highest)`,
      '',
      '| accounts | Google accounts | enrollments read | changes (made on purpose) | wall time | peak RSS | plans byte-identical |',
      '|---:|---:|---:|---:|---:|---:|:---:|',
      ...r.plan.map(
        (p) =>
          `| ${n(p.accounts)} | ${n(p.googleAccounts)} | ${p.enrollments === null ? '–' : n(p.enrollments)} | ${n(p.changes)} (${n(p.expectedChanges)}) | ${s(p.wallMs)} | ${mb(p.peakRssMb)} | ${p.identicalPlans ? 'yes' : '**no**'} |`,
      ),
      '',
    );
  }
  if (r.groups.plan.length > 0 || r.groups.read.length > 0) {
    out.push(
      `**Group sync** (districts generated with their group sets: a class group per section of the current terms, building students and staff, class-of; last night's groups in the snapshot with planted differences; \`rollcall plan\` as above)`,
      '',
      '| accounts | enrollments | managed groups | memberships | changes (made on purpose) | of which group changes (planted) | wall time | peak RSS | plans byte-identical |',
      '|---:|---:|---:|---:|---:|---:|---:|---:|:---:|',
      ...r.groups.plan.map(
        (p) =>
          `| ${n(p.accounts)} | ${n(p.enrollments ?? 0)} | ${n(p.groups?.managed ?? 0)} | ${n(p.groups?.memberships ?? 0)} | ${n(p.changes)} (${n(p.expectedChanges)}) | ${n(p.groups?.changes ?? 0)} (${n(p.groups?.expectedChanges ?? 0)}) | ${s(p.wallMs)} | ${mb(p.peakRssMb)} | ${p.identicalPlans ? 'yes' : '**no**'} |`,
      ),
      '',
    );
    if (r.groups.read.length > 0) {
      out.push(
        '*The group read*: `rollcall plan` reading Google live from the emulator (no latency, unpaced: the calls are counted, not timed); calls the emulator served against the budget the reader states.',
        '',
        '| accounts | groups | managed groups read | groups.list | members.list | calls (budget) | groups.list by account (apart) | live plan = snapshot plan (directory digest aside) |',
        '|---:|---:|---:|---:|---:|---:|---:|:---:|',
        ...r.groups.read.map(
          (g) =>
            `| ${n(g.accounts)} | ${n(g.groups)} | ${n(g.rosters)} | ${n(g.calls.groupsList)} | ${n(g.calls.membersList)} | ${n(g.calls.total)} (${n(g.budget)}) | ${n(g.membershipLookups)} | ${g.sameAsSnapshotPlan ? 'yes' : '**no**'} |`,
        ),
        '',
      );
    }
  }
  const first = r.apply[0];
  if (first) {
    const st = first.settings;
    out.push(
      `**Applying** (the ${n(first.accounts)}-account district's plan; configured ${n(st.requestsPerMinute)} requests/min, concurrency ${st.concurrency}; emulator: ${st.latencyMs} ms per call, its own limit ${n(st.emulatorPerMinute)}/min, every ${st.faultEvery}th request answered 429 without Retry-After)`,
      '',
      '| read | changes | requests (429s) | requests per change | apply time | changes/s | share of configured rate | lost | left on re-plan | duplicate addresses |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
      ...r.apply.map(
        (a) =>
          `| ${a.readMode} | ${n(a.changes)} | ${n(a.requests)} (${n(a.rejected)}) | ${a.requestsPerChange.toFixed(2)} | ${s(a.applyWindowMs)} | ${a.changesPerSecond.toFixed(1)} | ${pct(a.shareOfConfiguredRate)} (${pct(a.sentShareOfConfiguredRate)} with 429s) | ${a.lostChanges} | ${a.changesLeft} | ${a.duplicateAddresses} |`,
      ),
      '',
    );
  }
  const entra = r.entra[0];
  if (entra) {
    out.push(
      `**Entra** (the district's tenant in the Graph emulator, ${entra.latencyMs} ms per call; rollcall's bulk read and \`rollcall plan\` against it and from its snapshot file; SDS-style matching: one lookup per person, in turn, timed on ${entra.sds.sample} people and extrapolated)`,
      '',
      '| users | people | rollcall calls (users, members, listings) | read time | without latency | plan against Graph | plan from snapshot | SDS-style calls | SDS-style time (extrapolated) | fewer calls | faster |',
      '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
      ...r.entra.map(
        (e) =>
          `| ${n(e.accounts)} | ${n(e.people)} | ${n(e.read.calls)} (${n(e.read.byRoute['users.list'] ?? 0)}, ${n(e.read.budget.containerPages)}, ${n(e.read.budget.listings)}) | ${s(e.read.wallMs)} | ${s(e.read.wallMsWithoutLatency)} | ${s(e.plan.liveWallMs)}, ${mb(e.plan.livePeakRssMb)} | ${s(e.plan.snapshotWallMs)}, ${mb(e.plan.snapshotPeakRssMb)} | ${n(e.sds.calls)} | ${duration(e.sds.extrapolatedWallMs)} | ${e.ratios.calls.toFixed(0)}× | ${e.ratios.wallTime.toFixed(0)}× |`,
      ),
      '',
    );
  }
  for (const l of r.lifecycle ?? []) {
    const c = l.plan.on.lifecycle;
    out.push(
      `**Lifecycle** (the ${n(l.accounts)}-account district with licences held and suspension dates kept; the Licensing API read at ${l.latencyMs} ms per call; \`rollcall plan\` from files with the lifecycle off and on: licences, every offboarding step, suspension dates, deletion after 180 days)`,
      '',
      '| licence | holders | calls | budget ceil(holders / 1000) |',
      '|---|---:|---:|---:|',
      ...l.licenceRead.skus.map((x) => `| ${x.sku} | ${n(x.holders)} | ${n(x.calls)} | ${n(x.budget)} |`),
      `| both at once (as a plan reads them) | | ${n(l.licenceRead.calls)} in ${s(l.licenceRead.wallMs)} | ${n(l.licenceRead.budget)} |`,
      '',
      '| plan | time | peak RSS | changes | licences to assign | to remove | accounts to delete |',
      '|---|---:|---:|---:|---:|---:|---:|',
      `| lifecycle off | ${s(l.plan.off.wallMs)} | ${mb(l.plan.off.peakRssMb)} | ${n(l.plan.off.changes)} | | | |`,
      `| lifecycle on | ${s(l.plan.on.wallMs)} | ${mb(l.plan.on.peakRssMb)} | ${n(l.plan.on.changes)} | ${n(c.assignLicence)} | ${n(c.removeLicence)} | ${n(c.deleteAccount)} |`,
      '',
    );
  }
  out.push('**Targets**', '', '| target | measured | met |', '|---|---|:---:|');
  for (const t of r.targets) out.push(`| ${t.target} | ${t.measured} | ${t.met === null ? '–' : t.met ? 'yes' : '**no**'} |`);
  out.push('');
  return out.join('\n');
}
