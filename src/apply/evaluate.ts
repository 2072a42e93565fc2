/**
 * Check before acting: compares an account as the directory holds it now with what a change expected
 * and intended. Pure, so the same evaluation serves a first run, a rerun after a crash, and the
 * second look after a call whose outcome is unknown.
 */
import type { ActualAccount } from '../model/account.js';
import { ADDRESS_PATH } from '../model/field-path.js';
import type { CreateChange, UpdateChange } from '../plan/types.js';
import { attributesOfChange, leavesOf, touchedLeaves, type Leaf } from './managed-leaves.js';
import type { Difference } from './outcome.js';

export type Evaluation =
  /** The account already holds the change's end state: nothing to send. */
  | { state: 'already-done' }
  /** Safe to act: `pending` are the leaves still to write. */
  | { state: 'ready'; pending: Leaf[] }
  /** The account is not as the plan expected: refuse, and say what differs. */
  | { state: 'drifted'; reason: string; differences: Difference[] };

/**
 * An update is ready when every field its patch changes still holds the plan's `before` value
 * (what the patch's `test` operations say) or already its `after` value (someone made the same
 * change by hand: not a conflict). Any other value is drift. Fields the patch does not touch are
 * not this change's business and are ignored.
 */
export function evaluateUpdate(change: UpdateChange, current: ActualAccount | null): Evaluation {
  if (current === null) return accountGone(change);
  const touched = touchedLeaves(change.patch, leavesOf(attributesOfChange(change)));
  const pending = touched.filter((leaf) => !leaf.same(leaf.read(current), leaf.read(change.after)));
  if (pending.length === 0) return { state: 'already-done' };
  const differences = pending
    .filter((leaf) => !leaf.same(leaf.read(current), leaf.read(change.before)))
    .map((leaf) => ({ path: leaf.path, live: leaf.read(current), expected: leaf.read(change.before) }));
  if (differences.length > 0) {
    return { state: 'drifted', reason: 'the account changed since the plan was made', differences };
  }
  return { state: 'ready', pending };
}

/** An update's account is not there any more. */
export function accountGone(change: UpdateChange): Extract<Evaluation, { state: 'drifted' }> {
  return { state: 'drifted', reason: 'the account no longer exists', differences: [{ path: ADDRESS_PATH, live: null, expected: change.before.address }] };
}

/** A create is ready when no account holds the address; done when one holds exactly the planned fields. */
export function evaluateCreate(change: CreateChange, current: ActualAccount | null): Evaluation {
  const leaves = leavesOf(attributesOfChange(change));
  if (current === null) return { state: 'ready', pending: leaves };
  const differences = leaves
    .filter((leaf) => !leaf.same(leaf.read(current), leaf.read(change.after)))
    .map((leaf) => ({ path: leaf.path, live: leaf.read(current), expected: leaf.read(change.after) }));
  if (differences.length === 0) return { state: 'already-done' };
  return { state: 'drifted', reason: `an account already answers to ${change.address} and is not the planned one`, differences };
}
