/**
 * Applies one create or update: check, act, and when the act's outcome is unknown (or a create
 * meets "already exists"), check again. Each returns the change's outcome; only a bug throws.
 */
import type { CreateChange, UpdateChange } from '../plan/types.js';
import type { DirectoryUser } from '../targets/google/directory-types.js';
import type { GoogleApiError } from '../targets/google/api-error.js';
import type { DirectoryCalls } from './directory-calls.js';
import { evaluateCreate, evaluateUpdate, type Evaluation } from './evaluate.js';
import { describeFailure, googleFailure, invalidOrgUnitMessage, isDuplicate, isInvalidOrgUnit, isOutcomeUnknown } from './failures.js';
import type { ChangeResult } from './outcome.js';
import type { PasswordSource } from './passwords.js';
import { insertBody, updateBody } from './request-bodies.js';

const REPLAN = 'make a new plan (rollcall plan) and review it';

export interface AccountChangeContext {
  calls: DirectoryCalls;
  /** Null when the run has no creates. */
  passwords: PasswordSource | null;
  changePasswordAtNextLogin: boolean;
}

export async function applyUpdate(ctx: AccountChangeContext, change: UpdateChange, live: DirectoryUser | null): Promise<ChangeResult> {
  const evaluation = evaluateUpdate(change, live);
  if (evaluation.state !== 'ready') return settledBefore(change, evaluation);
  // Google's id survives a rename, so a retry after a rename that did land still finds the account.
  const userKey = live?.id ?? change.address;
  try {
    const { attempts } = await ctx.calls.updateUser(userKey, change.address, updateBody(evaluation.pending, change.after));
    return { change, outcome: 'done', attempts };
  } catch (caught) {
    const err = googleFailure(caught);
    const attempts = err.attempts;
    if (isInvalidOrgUnit(err)) return { change, outcome: 'failed', attempts, error: invalidOrgUnitMessage(change.after.orgUnitPath) };
    if (isDuplicate(err)) {
      return { change, outcome: 'failed', attempts, error: `${change.after.primaryEmail} already belongs to another account or group, so the rename cannot be made: free the address, then ${REPLAN}` };
    }
    if (isOutcomeUnknown(err)) return recheck(ctx, change, userKey, err, (user) => evaluateUpdate(change, user));
    return { change, outcome: 'failed', attempts, error: describeFailure(err) };
  }
}

export async function applyCreate(ctx: AccountChangeContext, change: CreateChange, live: DirectoryUser | null): Promise<ChangeResult> {
  const evaluation = evaluateCreate(change, live);
  if (evaluation.state !== 'ready') return settledBefore(change, evaluation);
  if (ctx.passwords === null) throw new Error('internal: a create without a password source');
  const password = await ctx.passwords.passwordFor(change.address);
  try {
    const { attempts } = await ctx.calls.insertUser(insertBody(change.after, password, ctx.changePasswordAtNextLogin));
    return { change, outcome: 'done', attempts };
  } catch (caught) {
    const err = googleFailure(caught);
    const attempts = err.attempts;
    if (isInvalidOrgUnit(err)) return { change, outcome: 'failed', attempts, error: invalidOrgUnitMessage(change.after.orgUnitPath) };
    // 409 after a retry usually means our own first attempt landed: look, and decide from what is there.
    if (isDuplicate(err) || isOutcomeUnknown(err)) return recheck(ctx, change, change.address, err, (user) => evaluateCreate(change, user));
    return { change, outcome: 'failed', attempts, error: describeFailure(err) };
  }
}

/** The outcome when the first look decides it: nothing to send. */
function settledBefore(change: CreateChange | UpdateChange, evaluation: Exclude<Evaluation, { state: 'ready' }>): ChangeResult {
  if (evaluation.state === 'already-done') return { change, outcome: 'already-done', attempts: 0 };
  return { change, outcome: 'drifted', attempts: 0, error: `${evaluation.reason}; nothing was sent: ${REPLAN}`, differences: evaluation.differences };
}

/** Check again after a call whose effect is unknown: the account decides, not the error. */
async function recheck(
  ctx: AccountChangeContext,
  change: CreateChange | UpdateChange,
  userKey: string,
  failure: GoogleApiError,
  evaluate: (user: DirectoryUser | null) => Evaluation,
): Promise<ChangeResult> {
  const attempts = failure.attempts;
  let user: DirectoryUser | null;
  try {
    user = (await ctx.calls.getUser(userKey)).value;
  } catch (caught) {
    const err = googleFailure(caught);
    return { change, outcome: 'failed', attempts, error: `${describeFailure(failure)}; reading the account again also failed (${describeFailure(err)}): run apply again, it will check the account first` };
  }
  const evaluation = evaluate(user);
  if (evaluation.state === 'already-done') return { change, outcome: 'done', attempts };
  if (isDuplicate(failure)) {
    if (evaluation.state === 'drifted') {
      return { change, outcome: 'drifted', attempts, error: `${evaluation.reason} (Google: already exists); ${REPLAN}`, differences: evaluation.differences };
    }
    return { change, outcome: 'failed', attempts, error: `Google says ${change.address} already exists, but no account answers to it yet: run apply again later` };
  }
  return { change, outcome: 'failed', attempts, error: `${describeFailure(failure)}; the account was read again and is not in the planned state: run apply again, it will check the account first` };
}
