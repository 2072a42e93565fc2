/**
 * The unit of work: one account with its create or update and its group removals. An account's
 * removals run after its update (a removal follows from the suspension the update makes), and
 * different accounts run independently of each other.
 */
import { isAccountChange, type Change, type CreateChange, type GroupRemovalChange, type UpdateChange } from '../plan/types.js';
import type { AccountKey } from '../model/directory-port.js';

export interface AccountTask {
  key: AccountKey;
  account?: CreateChange | UpdateChange;
  removals: GroupRemovalChange[];
}

/** Tasks in the order their first change appears in the plan (managed groups' changes are group-work.ts's). */
export function accountTasks(changes: readonly Change[]): AccountTask[] {
  const tasks = new Map<string, AccountTask>();
  const taskFor = (address: string): AccountTask => {
    const key = address.toLowerCase();
    let task = tasks.get(key);
    if (!task) tasks.set(key, (task = { key: { address: key }, removals: [] }));
    return task;
  };
  for (const change of changes) {
    if (!isAccountChange(change)) continue;
    const task = taskFor(change.address);
    if (change.kind === 'remove-from-group') {
      task.removals.push(change);
    } else {
      task.account = change;
      if (change.kind === 'update' && change.accountId !== undefined) task.key.id = change.accountId;
    }
  }
  return [...tasks.values()];
}
