/**
 * Works through the accounts of a plan, several at once, as the feed reads them: for each,
 * apply its create, update (a suspension with its offboarding steps) or deletion on the account
 * as just read, then its licences, then its group removals. Every
 * change ends with one recorded outcome. The run stops early (the changes not yet started are
 * recorded as skipped) when the directory refuses the credentials (every further call would fail the
 * same way), when too many changes have drifted, or when a person stops it (SIGINT/SIGTERM).
 */
import type { GroupRemovalChange, LicenceChange } from '../plan/types.js';
import type { AccountFeed, AccountRead } from './account-reader.js';
import { applyDeletion } from './account-deletion.js';
import { applyCreate, applyUpdate } from './account-changes.js';
import type { AccountTask } from './account-tasks.js';
import { followUp } from './follow-up.js';
import { applyRemoval } from './group-removal.js';
import { applyLicence } from './licence-change.js';
import { applySuspension, type OffboardingContext } from './offboarding.js';
import { isSettled, type ChangeResult } from './outcome.js';
import type { RunStops } from './run-stops.js';

export interface ExecutorOptions extends OffboardingContext {
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
      const changes = [...(task.deletion ? [task.deletion] : []), ...(task.account ? [task.account] : []), ...task.licences, ...task.removals];
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
      if (task.deletion) {
        await record(await applyDeletion(options, task.deletion, look));
        return;
      }
      let accountSettled = true;
      if (task.account) {
        const account = task.account;
        const result =
          account.kind === 'create'
            ? await applyCreate(options, account, look)
            : account.offboarding !== undefined
              ? await applySuspension(options, account, look)
              : await applyUpdate(options, account, look);
        await record(result);
        accountSettled = isSettled(result.outcome);
      }
      // In turn: a licence taken back frees the product for the one given next (Google holds one SKU of a product).
      for (const licence of task.licences) await record(await changeLicence(options, licence, look, task, accountSettled));
      await Promise.all(task.removals.map(async (removal) => record(await removeFromGroup(options, removal, look, task, accountSettled))));
    },
    () => stoppedBecause() !== undefined,
  );
  const stopped = stoppedBecause();
  return stopped !== undefined ? { stopped } : {};
}

async function removeFromGroup(options: ExecutorOptions, change: GroupRemovalChange, look: AccountRead, task: AccountTask, accountSettled: boolean): Promise<ChangeResult> {
  // Without an update in this run, the account must still be what the plan saw: disabled (and read recently enough to say so).
  const account = await followUp(options.access, change, task, look, accountSettled, { enabled: false, why: 'leave their groups' });
  if ('result' in account) return account.result;
  const { live } = account;
  return applyRemoval(options.access, change, live?.id !== undefined ? { id: live.id, address: change.address } : { address: change.address });
}

async function changeLicence(options: ExecutorOptions, change: LicenceChange, look: AccountRead, task: AccountTask, accountSettled: boolean): Promise<ChangeResult> {
  const why = change.enabled ? 'get their licences' : 'lose their licences';
  const account = await followUp(options.access, change, task, look, accountSettled, { enabled: change.enabled, why });
  if ('result' in account) return account.result;
  // By the address the account has once its own change is made (a rename in the same run), and by its id when known.
  const address = task.account?.after.address ?? change.address;
  const id = account.live?.id ?? change.accountId;
  return applyLicence(options.access, change, id !== undefined ? { id, address } : { address });
}
