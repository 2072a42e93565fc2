/**
 * Works through the accounts of a plan, several at once, as the feed reads them: for each,
 * apply its create or update on the account as just read, then its group removals. Every
 * change ends with one recorded outcome. The run stops early (the changes not yet started are
 * recorded as skipped) when the directory refuses the credentials (every further call would fail the
 * same way), when too many changes have drifted, or when a person stops it (SIGINT/SIGTERM).
 */
import { ADDRESS_PATH, ENABLED_PATH } from '../model/field-path.js';
import type { GroupRemovalChange } from '../plan/types.js';
import type { AccountFeed, AccountLook, AccountRead } from './account-reader.js';
import { readAccount } from './account-reader.js';
import { applyCreate, applyUpdate, type AccountChangeContext } from './account-changes.js';
import type { AccountTask } from './account-tasks.js';
import { applyRemoval } from './group-removal.js';
import { isSettled, type ChangeResult } from './outcome.js';
import type { RunStops } from './run-stops.js';

export interface ExecutorOptions extends AccountChangeContext {
  feed: AccountFeed;
  /** Records one outcome (journal, progress); awaited, so a journal that cannot be written stops the run. */
  record: (result: ChangeResult) => Promise<void>;
  /** When the run stops early (shared with the run's other phases). */
  stops: RunStops;
}

export interface ExecutionReport {
  /** Why the run stopped before the end, when it did. */
  stopped?: string;
}

export async function executeTasks(tasks: readonly AccountTask[], options: ExecutorOptions): Promise<ExecutionReport> {
  const { stops } = options;
  const record = async (result: ChangeResult): Promise<void> => {
    stops.saw(result);
    await options.record(result);
  };
  const stoppedBecause = (): string | undefined => stops.reason();

  await options.feed.run(
    tasks,
    async (task, look) => {
      const changes = [...(task.account ? [task.account] : []), ...task.removals];
      // A read that failed is this account's failure, even when it is what stops the run (refused credentials).
      if (look !== undefined && 'error' in look) {
        for (const change of changes) await record({ change, outcome: 'failed', attempts: 0, error: look.error });
        return;
      }
      const stopped = stoppedBecause();
      if (look === undefined || stopped !== undefined) {
        const why = stopped ?? 'the run stopped';
        for (const change of changes) await record({ change, outcome: 'skipped', attempts: 0, error: `not started: ${why}` });
        return;
      }
      let accountSettled = true;
      if (task.account) {
        const result = task.account.kind === 'create' ? await applyCreate(options, task.account, look) : await applyUpdate(options, task.account, look);
        await record(result);
        accountSettled = isSettled(result.outcome);
      }
      await Promise.all(task.removals.map(async (removal) => record(await removeFromGroup(options, removal, look, task, accountSettled))));
    },
    () => stoppedBecause() !== undefined,
  );
  const stopped = stoppedBecause();
  return stopped !== undefined ? { stopped } : {};
}

async function removeFromGroup(options: ExecutorOptions, change: GroupRemovalChange, look: AccountRead, task: AccountTask, accountSettled: boolean): Promise<ChangeResult> {
  if (!accountSettled) {
    return { change, outcome: 'skipped', attempts: 0, error: `the account's ${task.account?.kind ?? 'change'} was not applied, and leaving groups follows from it: see that change` };
  }
  let live = look.account;
  // Without an update in this run, the account must still be what the plan saw: disabled (and read recently enough to say so).
  if (!task.account) {
    if (!options.access.isFresh(look.readAt)) {
      const again: AccountLook = await readAccount(options.access, task.key);
      if (again === undefined) return { change, outcome: 'skipped', attempts: 0, error: 'the run was stopped before this change was sent' };
      if ('error' in again) return { change, outcome: 'failed', attempts: 0, error: again.error };
      live = again.account;
    }
    if (live === null) {
      return { change, outcome: 'drifted', attempts: 0, error: 'the account no longer exists; nothing was sent', differences: [{ path: ADDRESS_PATH, live: null, expected: change.address }] };
    }
    if (live.enabled) {
      return {
        change,
        outcome: 'drifted',
        attempts: 0,
        error: 'the account is no longer suspended, and only suspended accounts leave their groups; nothing was sent: make a new plan (rollcall plan) and review it',
        differences: [{ path: ENABLED_PATH, live: true, expected: false }],
      };
    }
  }
  return applyRemoval(options.access, change, live?.id !== undefined ? { id: live.id, address: change.address } : { address: change.address });
}
