/**
 * Works through the accounts of a plan, several at once: for each, read it as it is now, apply
 * its create or update, then its group removals. Every change ends with one recorded outcome.
 * A refusal of the credentials stops the run (every further call would fail the same way): the
 * changes not yet started are recorded as skipped.
 */
import type { GroupRemovalChange } from '../plan/types.js';
import type { DirectoryUser } from '../targets/google/directory-types.js';
import type { AccountReader } from './account-reader.js';
import { applyCreate, applyUpdate, type AccountChangeContext } from './account-changes.js';
import type { AccountTask } from './account-tasks.js';
import { describeFailure, googleFailure } from './failures.js';
import { applyRemoval } from './group-removal.js';
import { isSettled, type ChangeResult } from './outcome.js';
import { runPool } from './run-pool.js';

export interface ExecutorOptions extends AccountChangeContext {
  reader: AccountReader;
  /** Accounts worked on at once; the scheduler separately bounds requests in flight. */
  concurrency: number;
  /** Records one outcome (journal, progress); awaited, so a journal that cannot be written stops the run. */
  record: (result: ChangeResult) => Promise<void>;
  /** Stop once more changes than this have drifted: the plan no longer describes Google. */
  maxDrifted?: number;
}

export interface ExecutionReport {
  /** Why the run stopped before the end, when it did. */
  stopped?: string;
}

export async function executeTasks(tasks: readonly AccountTask[], options: ExecutorOptions): Promise<ExecutionReport> {
  let drifted = 0;
  const record = async (result: ChangeResult): Promise<void> => {
    if (result.outcome === 'drifted') drifted++;
    await options.record(result);
  };
  const stoppedBecause = (): string | undefined => {
    if (options.calls.authFailure !== undefined) return `Google refused the credentials (${options.calls.authFailure})`;
    if (options.maxDrifted !== undefined && drifted > options.maxDrifted) {
      return `${drifted} changes had drifted (safety.maxDriftedChanges is ${options.maxDrifted}): Google no longer looks as the plan expected; make the plan again`;
    }
    return undefined;
  };

  await runPool(tasks, options.concurrency, async (task) => {
    const changes = [...(task.account ? [task.account] : []), ...task.removals];
    const stopped = stoppedBecause();
    if (stopped !== undefined) {
      for (const change of changes) await record({ change, outcome: 'skipped', attempts: 0, error: `the run stopped: ${stopped}` });
      return;
    }

    let live: DirectoryUser | null;
    try {
      live = await options.reader.read(task.key);
    } catch (caught) {
      const error = `could not read the account: ${describeFailure(googleFailure(caught))}; run apply again`;
      for (const change of changes) await record({ change, outcome: 'failed', attempts: 0, error });
      return;
    }

    let accountSettled = true;
    if (task.account) {
      const result = task.account.kind === 'create' ? await applyCreate(options, task.account, live) : await applyUpdate(options, task.account, live);
      await record(result);
      accountSettled = isSettled(result.outcome);
    }
    await Promise.all(task.removals.map(async (removal) => record(await removeFromGroup(options, removal, live, task, accountSettled))));
  });
  const stopped = stoppedBecause();
  return stopped !== undefined ? { stopped } : {};
}

async function removeFromGroup(
  options: ExecutorOptions,
  change: GroupRemovalChange,
  live: DirectoryUser | null,
  task: AccountTask,
  accountSettled: boolean,
): Promise<ChangeResult> {
  if (!accountSettled) {
    return { change, outcome: 'skipped', attempts: 0, error: `the account's ${task.account?.kind ?? 'change'} was not applied, and leaving groups follows from it: see that change` };
  }
  // Without an update in this run, the account must still be what the plan saw: suspended.
  if (!task.account) {
    if (live === null) {
      return { change, outcome: 'drifted', attempts: 0, error: 'the account no longer exists; nothing was sent', differences: [{ path: '/primaryEmail', live: null, expected: change.address }] };
    }
    if (live.suspended !== true) {
      return {
        change,
        outcome: 'drifted',
        attempts: 0,
        error: 'the account is no longer suspended, and only suspended accounts leave their groups; nothing was sent: make a new plan (rollcall plan) and review it',
        differences: [{ path: '/suspended', live: false, expected: true }],
      };
    }
  }
  return applyRemoval(options.calls, change, live?.id ?? change.address);
}
