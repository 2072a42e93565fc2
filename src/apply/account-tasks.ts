/**
 * The unit of work: one account with its create, update or deletion, then its licences and its
 * group removals. An account's licence and group changes run after its own change (they follow
 * from the state it leaves the account in), and different accounts run independently.
 */
import { isAccountChange, type Change, type CreateChange, type DeleteAccountChange, type GroupRemovalChange, type LicenceChange, type UpdateChange } from '../plan/types.js';
import type { AccountKey } from '../model/directory-port.js';

export interface AccountTask {
  key: AccountKey;
  account?: CreateChange | UpdateChange;
  /** A deletion is planned alone: deleting takes the account out of its groups and frees its licences. */
  deletion?: DeleteAccountChange;
  /** In plan order: licences taken before licences given (Google allows one SKU of a product at a time). */
  licences: LicenceChange[];
  removals: GroupRemovalChange[];
}

/** Tasks in the order their first change appears in the plan (managed groups' changes are group-work.ts's). */
export function accountTasks(changes: readonly Change[]): AccountTask[] {
  const tasks = new Map<string, AccountTask>();
  const taskFor = (address: string): AccountTask => {
    const key = address.toLowerCase();
    let task = tasks.get(key);
    if (!task) tasks.set(key, (task = { key: { address: key }, licences: [], removals: [] }));
    return task;
  };
  for (const change of changes) {
    if (!isAccountChange(change)) continue;
    const task = taskFor(change.address);
    switch (change.kind) {
      case 'remove-from-group':
        task.removals.push(change);
        break;
      case 'assign-licence':
      case 'remove-licence':
        task.licences.push(change);
        break;
      case 'delete-account':
        task.deletion = change;
        if (change.accountId !== undefined) task.key.id = change.accountId;
        break;
      case 'create':
      case 'update':
        task.account = change;
        if (change.kind === 'update' && change.accountId !== undefined) task.key.id = change.accountId;
        break;
    }
  }
  return [...tasks.values()];
}
