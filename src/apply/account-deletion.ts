/**
 * Deletes one account, checked as everything else: only while it is still suspended, where it
 * was, with the suspension date the plan counted from (an account re-activated, moved into a
 * frozen container or re-dated since is refused as drifted, never deleted), and on a read younger
 * than the freshness bound. An account already gone is the end state. When its files go to
 * another account first (Google Drive), the deletion waits for that transfer: the first run
 * starts it, each run until Google has finished it ends `waiting` (planned, not a failure), and a
 * later run, finding it completed, deletes.
 */
import { attributePath, ENABLED_PATH, PLACEMENT_PATH } from '../model/field-path.js';
import type { AccountKey } from '../model/directory-port.js';
import type { DeleteAccountChange } from '../plan/types.js';
import { readAccount, type AccountRead } from './account-reader.js';
import { onFreshRead, passOn, type AccountChangeContext } from './account-changes.js';
import { leavesOf } from './managed-leaves.js';
import type { ChangeResult } from './outcome.js';

const REPLAN = 'make a new plan (rollcall plan) and review it';

export function applyDeletion(ctx: Pick<AccountChangeContext, 'access'>, change: DeleteAccountChange, look: AccountRead): Promise<ChangeResult> {
  const keyOf = (read: AccountRead): AccountKey => {
    const id = read.account?.id ?? change.accountId;
    return id === undefined ? { address: change.address } : { id, address: change.address };
  };
  return onFreshRead(ctx, change, look, keyOf, async (read) => {
    const live = read.account;
    if (live === null) return { change, outcome: 'already-done', attempts: 0 };
    const checked = new Set([ENABLED_PATH, PLACEMENT_PATH, attributePath(change.suspendedOnAttribute)]);
    const differences = leavesOf([change.suspendedOnAttribute])
      .filter((leaf) => checked.has(leaf.path) && !leaf.same(leaf.read(live), leaf.read(change.before)))
      .map((leaf) => ({ path: leaf.path, live: leaf.read(live), expected: leaf.read(change.before) }));
    if (differences.length > 0) {
      return { change, outcome: 'drifted', attempts: 0, error: `the account changed since the plan was made, so it is not deleted; nothing was sent: ${REPLAN}`, differences };
    }
    const key = keyOf(read);
    const { writer } = ctx.access;
    try {
      if (change.transferTo !== undefined) {
        if (writer.transferFiles === undefined) throw new Error(`internal: a deletion hands files to ${change.transferTo}, which this target cannot do`);
        const transfer = await writer.transferFiles(key, change.transferTo);
        if (transfer.state === 'failed') return { change, outcome: 'failed', attempts: 0, error: `handing its files to ${change.transferTo} failed (${transfer.message}), so it is not deleted: see to the transfer, then run apply again` };
        if (transfer.state !== 'completed') {
          const started = transfer.state === 'started' ? ' (this run started the transfer)' : '';
          return {
            change,
            outcome: 'waiting',
            attempts: 0,
            error: `files going to ${change.transferTo} since ${transfer.since}${started}; deleted by a later run once the transfer has completed`,
          };
        }
      }
      const { attempts } = await writer.deleteAccount(key, ctx.access.guard(read.readAt));
      return { change, outcome: 'done', attempts };
    } catch (caught) {
      const err = ctx.access.failure(passOn(caught));
      if (err.kind === 'not-found') return { change, outcome: err.attempts > 1 ? 'done' : 'already-done', attempts: err.attempts };
      if (err.kind === 'outcome-unknown') {
        const again = await readAccount(ctx.access, key);
        if (again !== undefined && !('error' in again) && again.account === null) return { change, outcome: 'done', attempts: err.attempts };
      }
      return { change, outcome: 'failed', attempts: err.attempts, error: `${err.message}; run apply again, it checks the account first` };
    }
  });
}
