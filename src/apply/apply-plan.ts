/**
 * The apply recipe: check the plan fits this config, take the domain's lock, then for every
 * account read it now, act only where the plan's expectations hold, and record each outcome in
 * the journal beside the plan. Reports through events; never prints, never exits.
 */
import os from 'node:os';
import type { LoadedConfig } from '../config/types.js';
import type { EventSink } from '../model/events.js';
import { sha256Hex } from '../util/canonical-json.js';
import { serialisePlan } from '../plan/plan-file.js';
import type { Plan } from '../plan/types.js';
import type { DirectoryReadApi } from '../targets/google/directory-read-api.js';
import { LiveReader } from '../targets/google/live-reader.js';
import { managedSchemas } from '../targets/google/managed-schemas.js';
import { createScheduler, type RequestScheduler } from '../targets/google/scheduler.js';
import { chooseReadMode, EachReader, ListedReader, type AccountReader, type ReadMode } from './account-reader.js';
import { accountTasks } from './account-tasks.js';
import { DirectoryCalls, type DirectoryWriteApi } from './directory-calls.js';
import { executeTasks } from './executor.js';
import { Journal } from './journal.js';
import { acquireApplyLock, lockDirectory } from './lock.js';
import { emptyCounts, isSettled, type ChangeResult, type OutcomeCounts } from './outcome.js';
import { PasswordFile } from './password-file.js';
import { environmentPassword, type PasswordSource } from './passwords.js';
import { checkPlanFitsConfig, checkPlanIsApplicable, selectChanges } from './preconditions.js';
import { ApplyProgress, reportFinished } from './progress.js';
import { schedulerEventToEngineEvent } from './scheduler-events.js';

export type DirectoryApi = DirectoryWriteApi & DirectoryReadApi;

export interface ApplyPlanOptions {
  plan: Plan;
  planFile: string;
  config: LoadedConfig;
  env: Record<string, string | undefined>;
  events: EventSink;
  /** Opens the Directory API client; called only once there is something to do and the lock is held. */
  connect: () => Promise<DirectoryApi>;
  only?: string[];
  exclude?: string[];
  breakLock?: boolean;
  readMode?: ReadMode | 'auto';
  /** Default: paced by the config's google section, reporting to `events`. */
  scheduler?: RequestScheduler;
  now?: () => Date;
  /** The date apply runs on (YYYY-MM-DD), for the plan-age check. */
  today: string;
  /** Apply a held plan anyway: a person's decision, recorded in the journal. */
  overrideHolds?: boolean;
}

export interface ApplyResult {
  /** True when every selected change ended done or already-done. */
  ok: boolean;
  counts: OutcomeCounts;
  results: ChangeResult[];
  /** Changes left out by --only / --exclude. */
  heldBack: number;
  journalFile?: string;
  passwordsFile?: string;
  stopped?: string;
}

export async function applyPlan(options: ApplyPlanOptions): Promise<ApplyResult> {
  const { plan, planFile, config, events } = options;
  const google = config.config.google;
  const now = options.now ?? (() => new Date());
  checkPlanFitsConfig(plan, planFile, config);
  const overrideHolds = options.overrideHolds ?? false;
  checkPlanIsApplicable(plan, planFile, { today: options.today, maxPlanAgeDays: config.config.safety.maxPlanAgeDays, overrideHolds });
  if (plan.holds.length > 0) {
    events.emit({ level: 'warn', code: 'HOLDS_OVERRIDDEN', message: `applying a held plan on request (--override-holds): ${plan.holds.map((h) => h.message).join('; ')}` });
  }
  const { selected, heldBack } = selectChanges(plan, options.only, options.exclude);
  if (selected.length === 0) {
    events.emit({ level: 'info', code: 'APPLY_NOTHING', message: `${planFile}: no changes to apply${heldBack > 0 ? ` (${heldBack} held back)` : ''}` });
    return { ok: true, counts: emptyCounts(), results: [], heldBack };
  }
  const hasCreates = selected.some((c) => c.kind === 'create');
  // Checked before anything is locked or sent: a missing password variable is a setup error.
  const sharedPassword = hasCreates && google.initialPassword.env !== null ? environmentPassword(google.initialPassword.env, options.env) : null;

  const warn = (message: string) => events.emit({ level: 'warn', code: 'APPLY_WARNING', message });
  const lock = await acquireApplyLock({ domain: plan.domain, plan: planFile, dir: lockDirectory(options.env), breakLock: options.breakLock ?? false, onWarning: warn });
  let journal: Journal | undefined;
  let passwords: PasswordSource | null = sharedPassword;
  let passwordFile: PasswordFile | undefined;
  const progress = new ApplyProgress(selected.length, events);
  const results: ChangeResult[] = [];
  try {
    if (hasCreates && passwords === null) passwords = passwordFile = await PasswordFile.open(`${planFile}.passwords.csv`, { onWarning: warn });
    journal = await Journal.open(`${planFile}.journal.jsonl`, `sha256:${sha256Hex(serialisePlan(plan))}`, now);
    const tasks = accountTasks(selected);
    const mode = chooseReadMode(options.readMode ?? 'auto', tasks.length, plan.summary.accounts.matched + plan.summary.accounts.unmanaged);

    await journal.started({
      plan: planFile,
      domain: plan.domain,
      pid: process.pid,
      host: os.hostname(),
      changes: selected.length,
      flags: { only: options.only ?? [], exclude: options.exclude ?? [], breakLock: options.breakLock ?? false, read: mode, overrideHolds },
      ...(plan.holds.length > 0 ? { holdsOverridden: plan.holds.map((h) => h.message) } : {}),
    });
    events.emit({
      level: 'info',
      code: 'APPLY_STARTED',
      message: `applying ${selected.length} changes (${tasks.length} accounts) of ${planFile} to ${plan.domain}${heldBack > 0 ? `, ${heldBack} held back` : ''}; journal ${journal.file}`,
      data: { changes: selected.length, accounts: tasks.length, heldBack, readMode: mode },
    });

    const api = await options.connect();
    const scheduler =
      options.scheduler ??
      createScheduler(google, {
        onEvent: (e) => {
          const event = schedulerEventToEngineEvent(e);
          if (event !== null) events.emit(event);
        },
      });
    const schemas = managedSchemas(config.config);
    const calls = new DirectoryCalls(api, scheduler, schemas);
    const reader: AccountReader = mode === 'list' ? await listAccounts(api, scheduler, google.customer, schemas, events) : new EachReader(calls);
    const activeJournal = journal;
    const report = await executeTasks(tasks, {
      calls,
      reader,
      passwords,
      changePasswordAtNextLogin: google.initialPassword.changeAtNextLogin,
      concurrency: google.concurrency,
      maxDrifted: config.config.safety.maxDriftedChanges,
      record: async (result) => {
        results.push(result);
        await activeJournal.change(result);
        progress.record(result);
      },
    });
    await journal.finished(progress.counts, report.stopped);
    const ok = report.stopped === undefined && results.every((r) => isSettled(r.outcome));
    reportFinished(events, progress.counts, journal.file, passwordFile?.file, report.stopped);
    return {
      ok,
      counts: progress.counts,
      results,
      heldBack,
      journalFile: journal.file,
      ...(passwordFile ? { passwordsFile: passwordFile.file } : {}),
      ...(report.stopped !== undefined ? { stopped: report.stopped } : {}),
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

async function listAccounts(api: DirectoryApi, scheduler: RequestScheduler, customer: string, schemas: string[], events: EventSink): Promise<AccountReader> {
  const reader = new LiveReader({ api, scheduler, customer, customSchemas: schemas });
  const users = await reader.readUsers();
  events.emit({
    level: 'info',
    code: 'APPLY_ACCOUNTS_READ',
    message: `read ${users.length} accounts in ${reader.stats().pages} pages`,
    data: { users: users.length, pages: reader.stats().pages },
  });
  return new ListedReader(users);
}
