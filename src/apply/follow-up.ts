/**
 * The changes that follow from an account's state (leaving groups once suspended, licences given
 * to an active account and taken from a suspended one) act only while the account is in that
 * state. When the task made the account's own change, that change settling says so; otherwise
 * the account is read (again, if its read has grown too old) and must still be as the plan saw it.
 */
import type { ActualAccount } from '../model/account.js';
import { ADDRESS_PATH, ENABLED_PATH } from '../model/field-path.js';
import type { AccountChange } from '../plan/types.js';
import { readAccount, type AccountLook, type AccountRead } from './account-reader.js';
import type { AccountTask } from './account-tasks.js';
import type { ChangeResult } from './outcome.js';
import type { WriteAccess } from './write-access.js';

/** The account to act on (null for one just created, whose read showed none), or the outcome that stops the change. */
export type FollowUp = { live: ActualAccount | null } | { result: ChangeResult };

/**
 * `enabled`: the state the change needs the account in; `why`, what the change is for, in a
 * drifted message ("leave their groups").
 */
export async function followUp(
  access: WriteAccess,
  change: AccountChange,
  task: AccountTask,
  look: AccountRead,
  accountSettled: boolean,
  need: { enabled: boolean; why: string },
): Promise<FollowUp> {
  if (!accountSettled) {
    return { result: { change, outcome: 'skipped', attempts: 0, error: `the account's ${task.account?.kind ?? 'change'} was not applied, and this change follows from it: see that change` } };
  }
  if (task.account) return { live: look.account };
  let live = look.account;
  if (!access.isFresh(look.readAt)) {
    const again: AccountLook = await readAccount(access, task.key);
    if (again === undefined) return { result: { change, outcome: 'skipped', attempts: 0, error: 'the run was stopped before this change was sent' } };
    if ('error' in again) return { result: { change, outcome: 'failed', attempts: 0, error: again.error } };
    live = again.account;
  }
  if (live === null) {
    return { result: { change, outcome: 'drifted', attempts: 0, error: 'the account no longer exists; nothing was sent', differences: [{ path: ADDRESS_PATH, live: null, expected: change.address }] } };
  }
  if (live.enabled !== need.enabled) {
    const state = need.enabled ? 'no longer enabled' : 'no longer suspended';
    return {
      result: {
        change,
        outcome: 'drifted',
        attempts: 0,
        error: `the account is ${state}, and only ${need.enabled ? 'enabled' : 'suspended'} accounts ${need.why}; nothing was sent: make a new plan (rollcall plan) and review it`,
        differences: [{ path: ENABLED_PATH, live: live.enabled, expected: need.enabled }],
      },
    };
  }
  return { live };
}
