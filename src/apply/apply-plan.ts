/**
 * The apply recipe, for any target: check the plan fits this config and target (and carries the
 * approval the config asks for), take the target's lock, then for every account read it now, act
 * only where the plan's expectations hold, and record each outcome in the journal beside the
 * plan. Everything said to the directory goes through the target's writer (model/directory-port.ts),
 * opened only once there is something to do and the lock is held. Reports through events; never
 * prints, never exits. A run stopped by a person (`stop`) ends like any other: journal closed
 * with why, lock released, result returned.
 */
import { checkApprovals, type VerifiedApproval } from '../approval/check.js';
import type { LoadedConfig } from '../config/types.js';
import type { DirectoryTarget } from '../model/directory-port.js';
import type { EventSink } from '../model/events.js';
import { serialisePlan } from '../plan/plan-file.js';
import { isGroupChange, type CreateChange, type Plan } from '../plan/types.js';
import { groupTarget } from '../model/group-sync.js';
import { sha256Hex } from '../util/canonical-json.js';
import { chooseReadMode, EachFeed, type AccountFeed, type ReadMode } from './account-reader.js';
import { accountTasks } from './account-tasks.js';
import { executeTasks } from './executor.js';
import { GroupWork } from './group-work.js';
import { Journal } from './journal.js';
import { acquireApplyLock } from './lock.js';
import { emptyCounts, endsRunWell, isSettled, type ChangeResult, type OutcomeCounts } from './outcome.js';
import { PasswordFile } from './password-file.js';
import { environmentPassword, type PasswordSource } from './passwords.js';
import { checkPlanFitsConfig, checkPlanIsApplicable, selectChanges } from './preconditions.js';
import { ListingFeed } from './listing-feed.js';
import { ApplyProgress, reportFinished } from './progress.js';
import { RunStops } from './run-stops.js';
import type { RunStop } from './run-stop.js';
import { ensureStateDirectory, stateDirectory } from './state-dir.js';
import { WriteAccess } from './write-access.js';

export interface ApplyPlanOptions {
  plan: Plan;
  planFile: string;
  config: LoadedConfig;
  /** The directory the plan is for (the target factory made it from the config). */
  target: DirectoryTarget;
  env: Record<string, string | undefined>;
  events: EventSink;
  only?: string[];
  exclude?: string[];
  breakLock?: boolean;
  readMode?: ReadMode | 'auto';
  now?: () => Date;
  /** The date apply runs on (YYYY-MM-DD), for the plan-age check. */
  today: string;
  /** Apply a held plan anyway: a person's decision, recorded in the journal. */
  overrideHolds?: boolean;
  /** A person stopping the run (SIGINT/SIGTERM in the CLI). */
  stop?: RunStop;
}

export interface ApplyResult {
  /** True when every selected change ended done, already-done or waiting (a deletion whose file transfer is still running). */
  ok: boolean;
  counts: OutcomeCounts;
  results: ChangeResult[];
  /** Changes left out by --only / --exclude. */
  heldBack: number;
  journalFile?: string;
  passwordsFile?: string;
  stopped?: string;
  /** The approvals that verified. */
  approvals?: VerifiedApproval[];
}

export async function applyPlan(options: ApplyPlanOptions): Promise<ApplyResult> {
  const { plan, planFile, config, target, events } = options;
  const settings = target.apply;
  const now = options.now ?? (() => new Date());
  checkPlanFitsConfig(plan, planFile, config, target);
  const approvals = await checkApprovals(plan, planFile, config, options.env);
  for (const why of approvals.rejected) events.emit({ level: 'warn', code: 'APPROVAL_REJECTED', message: `${planFile}: ${why}` });
  for (const a of approvals.valid) {
    events.emit({ level: 'info', code: 'APPROVED', message: `${planFile} was approved by ${a.by} at ${a.at} (key ${a.key})${a.overrideHolds ? ', overriding its holds' : ''}` });
  }
  const approvedOverride = approvals.valid.find((a) => a.overrideHolds);
  const overrideHolds = (options.overrideHolds ?? false) || approvedOverride !== undefined;
  checkPlanIsApplicable(plan, planFile, { today: options.today, maxPlanAgeDays: config.config.safety.maxPlanAgeDays, overrideHolds });
  if (plan.holds.length > 0) {
    const by = options.overrideHolds ? 'on request (--override-holds)' : `as approved by ${approvedOverride?.by ?? 'an approver'}`;
    events.emit({ level: 'warn', code: 'HOLDS_OVERRIDDEN', message: `applying a held plan ${by}: ${plan.holds.map((h) => h.message).join('; ')}` });
  }
  const { selected, heldBack } = selectChanges(plan, options.only, options.exclude);
  if (selected.length === 0) {
    events.emit({ level: 'info', code: 'APPLY_NOTHING', message: `${planFile}: no changes to apply${heldBack > 0 ? ` (${heldBack} held back)` : ''}` });
    return { ok: true, counts: emptyCounts(), results: [], heldBack };
  }
  // A plan with group changes for a target that syncs none is refused before anything is locked.
  if (selected.some(isGroupChange)) groupTarget(target);
  const hasCreates = selected.some((c) => c.kind === 'create');
  // Checked before anything is locked or sent: a missing password variable is a setup error.
  const sharedPassword = hasCreates && settings.initialPasswordEnv !== null ? environmentPassword(settings.initialPasswordEnv, settings, options.env) : null;

  const warn = (message: string) => events.emit({ level: 'warn', code: 'APPLY_WARNING', message });
  const stateDir = stateDirectory(config.config.apply.stateDir, config.baseDir, planFile);
  await ensureStateDirectory(stateDir);
  const lock = await acquireApplyLock({ domain: plan.target.identity, plan: planFile, dir: stateDir, breakLock: options.breakLock ?? false, onWarning: warn });
  let journal: Journal | undefined;
  let passwords: PasswordSource | null = sharedPassword;
  let passwordFile: PasswordFile | undefined;
  const progress = new ApplyProgress(selected.length, events, plan.target.vocabulary);
  const results: ChangeResult[] = [];
  try {
    // Only the lock's holder writes these two files.
    if (hasCreates && passwords === null) passwords = passwordFile = await PasswordFile.open(`${planFile}.passwords.csv`, { onWarning: warn });
    journal = await Journal.open(`${planFile}.journal.jsonl`, `sha256:${sha256Hex(serialisePlan(plan))}`, { now, onWarning: warn });
    const tasks = accountTasks(selected);
    const groupWork = new GroupWork(selected);
    const freshnessSeconds = config.config.apply.freshnessSeconds;
    const mode = chooseReadMode(options.readMode ?? 'auto', tasks.length, plan.summary.accounts.matched + plan.summary.accounts.unmanaged, settings.listPageSize);

    await journal.started({
      plan: planFile,
      target: plan.target.kind,
      domain: plan.target.identity,
      pid: lock.holder.pid,
      host: lock.holder.host,
      runId: lock.holder.runId,
      changes: selected.length,
      flags: { only: options.only ?? [], exclude: options.exclude ?? [], breakLock: options.breakLock ?? false, read: mode, overrideHolds: options.overrideHolds ?? false, freshnessSeconds },
      ...(plan.holds.length > 0 ? { holdsOverridden: plan.holds.map((h) => h.message) } : {}),
      ...(approvals.valid.length > 0 ? { approvals: approvals.valid.map((a) => ({ by: a.by, at: a.at, key: a.key })) } : {}),
    });
    events.emit({
      level: 'info',
      code: 'APPLY_STARTED',
      message: `applying ${selected.length} changes (${tasks.length} accounts${groupWork.size > 0 ? `, ${groupWork.size} group changes` : ''}) of ${planFile} to ${plan.target.vocabulary.directory} ${plan.target.identity}${heldBack > 0 ? `, ${heldBack} held back` : ''}; reading accounts ${mode === 'list' ? 'page by page from the listing' : 'one by one'}, never acting on a read older than ${freshnessSeconds} s; journal ${journal.file}`,
      data: { changes: selected.length, accounts: tasks.length, heldBack, readMode: mode, freshnessSeconds },
    });

    // Opened once there is something to do, the lock is held and the run is journaled: its credentials are checked now.
    const writer = await target.openWriter({
      events,
      ...(options.stop ? { stop: options.stop.signal, abortRequests: options.stop.requestSignal } : {}),
    });
    const access = new WriteAccess(writer, freshnessSeconds * 1000, plan.target.vocabulary.directory);
    const feed: AccountFeed = mode === 'list' ? new ListingFeed(access, settings.concurrency, warn) : new EachFeed(access, settings.concurrency);
    const activeJournal = journal;
    const sentThisRun = new Set<string>();
    const stops = new RunStops(access, { maxDrifted: config.config.safety.maxDriftedChanges, ...(options.stop ? { interrupted: () => options.stop?.reason } : {}) });
    const record = async (result: ChangeResult): Promise<void> => {
      results.push(result);
      await activeJournal.change(result);
      progress.record(result);
    };
    const groupContext = { access, concurrency: settings.concurrency, stops, record };
    await groupWork.beforeAccounts(groupContext);
    const report = await executeTasks(tasks, {
      access,
      feed,
      passwords,
      ...(passwordFile ? { passwordsFile: passwordFile.file } : {}),
      creates: {
        sending: async (change: CreateChange) => {
          if (sentThisRun.has(change.id)) return;
          sentThisRun.add(change.id);
          await activeJournal.createSent(change.id, change.address);
        },
        sentBefore: (address) => activeJournal.sentCreateBefore(address),
      },
      steps: {
        taken: (changeId, step) => activeJournal.stepTaken(changeId, step),
        record: (line) => activeJournal.step(line),
      },
      stops,
      record,
    });
    await groupWork.afterAccounts(groupContext, accountOutcomes(results));
    const read = feed.stats();
    events.emit({
      level: 'info',
      code: 'APPLY_ACCOUNTS_READ',
      message: `read ${read.pages > 0 ? `${read.pages} listing pages and ` : ''}${read.gets} accounts one by one`,
      data: { ...read },
    });
    const stopped = report.stopped ?? stops.reason();
    await journal.finished(progress.counts, stopped);
    const ok = stopped === undefined && results.every((r) => endsRunWell(r.outcome));
    reportFinished(events, progress.counts, journal.file, passwordFile?.file, stopped);
    return {
      ok,
      counts: progress.counts,
      results,
      heldBack,
      journalFile: journal.file,
      ...(passwordFile ? { passwordsFile: passwordFile.file } : {}),
      ...(stopped !== undefined ? { stopped } : {}),
      ...(approvals.valid.length > 0 ? { approvals: approvals.valid } : {}),
    };
  } catch (err) {
    await journal?.finished(progress.counts, `error: ${(err as Error).message}`).catch(() => undefined);
    throw err;
  } finally {
    await journal?.close().catch(() => undefined);
    await passwordFile?.close().catch(() => undefined);
    await lock.release();
  }
}

/** Whether each account change of the run settled, by the address the account has once it is made. */
function accountOutcomes(results: readonly ChangeResult[]): (address: string) => boolean | undefined {
  const settled = new Map<string, boolean>();
  for (const { change, outcome } of results) {
    if (change.kind === 'create') settled.set(change.address, isSettled(outcome));
    else if (change.kind === 'update') settled.set(change.after.address, isSettled(outcome));
  }
  return (address) => settled.get(address);
}
