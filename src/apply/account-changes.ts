/**
 * Applies one create or update: check, act, and when the act's outcome is unknown (or a create
 * meets "already exists"), check again. A write is only ever sent on a read younger than the
 * freshness bound: when its turn comes too late, the account is read again and the change
 * decided again. Each returns the change's outcome; only a bug throws.
 */
import type { DirectoryFailure } from '../model/directory-port.js';
import { SchedulerStopped } from '../pacing/scheduler.js';
import type { Change, CreateChange, UpdateChange } from '../plan/types.js';
import { readAccount, type AccountKey, type AccountRead } from './account-reader.js';
import { accountGone, evaluateCreate, evaluateUpdate, type Evaluation } from './evaluate.js';
import type { ChangeResult } from './outcome.js';
import type { PasswordSource } from './passwords.js';
import { StaleRead, type WriteAccess } from './write-access.js';

const REPLAN = 'make a new plan (rollcall plan) and review it';
/** Reads again before giving up on acting on a fresh read (only a very slow or throttled directory needs more than one). */
const MAX_REREADS = 3;

/** What this plan's runs know about the creates they sent (the journal's create-sent lines). */
export interface CreateRecord {
  /** Recorded just before each attempt of an insert is sent. */
  sending(change: CreateChange): Promise<void>;
  /** Whether an earlier run of this plan sent a create for `address`. */
  sentBefore(address: string): boolean;
}

/** A password source that keeps generated passwords in a file (which can hold a wrong one). */
export interface WithdrawablePasswords extends PasswordSource {
  has(address: string): boolean;
  withdraw(address: string): Promise<void>;
}

export interface AccountChangeContext {
  access: WriteAccess;
  /** Null when the run has no creates. */
  passwords: PasswordSource | null;
  creates: CreateRecord;
  /** Where passwords live, for messages (the handoff file), when they are generated. */
  passwordsFile?: string;
}

/**
 * `beforeWrite` runs once the account is found ready for the update, just before it is written
 * (offboarding steps that must precede a suspension); a StaleRead it throws means read again.
 */
export function applyUpdate(ctx: AccountChangeContext, change: UpdateChange, look: AccountRead, beforeWrite?: (read: AccountRead) => Promise<void>): Promise<ChangeResult> {
  const key = (read: AccountRead): AccountKey => {
    const id = change.accountId ?? read.account?.id;
    return id === undefined ? { address: change.address } : { address: change.address, id };
  };
  return onFreshRead(ctx, change, look, key, async (read) => {
    const live = read.account;
    if (live === null) return settledBefore(change, accountGone(change));
    const evaluation = evaluateUpdate(change, live);
    if (evaluation.state !== 'ready') return settledBefore(change, evaluation);
    // The directory's id survives a rename, so a retry after a rename that did land still finds the account.
    const accountKey: AccountKey = live.id === undefined ? { address: change.address } : { id: live.id, address: change.address };
    await beforeWrite?.(read);
    try {
      const changed = evaluation.pending.map((leaf) => leaf.path);
      const { attempts } = await ctx.access.writer.update(accountKey, changed, change.after, live, ctx.access.guard(read.readAt));
      return { change, outcome: 'done', attempts };
    } catch (caught) {
      const err = ctx.access.failure(passOn(caught));
      const attempts = err.attempts;
      if (err.kind === 'missing-container') return { change, outcome: 'failed', attempts, error: err.message };
      if (err.kind === 'duplicate') {
        return { change, outcome: 'failed', attempts, error: `${change.after.address} already belongs to another account or group, so the rename cannot be made: free the address, then ${REPLAN}` };
      }
      if (err.kind === 'outcome-unknown') return recheck(ctx, change, accountKey, err, (account) => evaluateUpdate(change, account));
      return { change, outcome: 'failed', attempts, error: err.message };
    }
  });
}

export function applyCreate(ctx: AccountChangeContext, change: CreateChange, look: AccountRead): Promise<ChangeResult> {
  return onFreshRead(ctx, change, look, () => ({ address: change.address }), async (read) => {
    const evaluation = evaluateCreate(change, read.account);
    if (evaluation.state === 'already-done') await withdrawUnlessOurs(ctx, change.address);
    if (evaluation.state !== 'ready') return settledBefore(change, evaluation);
    if (ctx.passwords === null) throw new Error('internal: a create without a password source');
    const password = await ctx.passwords.passwordFor(change.address);
    try {
      const { attempts } = await ctx.access.writer.create(change.after, change.person, password, ctx.access.guard(read.readAt, () => ctx.creates.sending(change)));
      return { change, outcome: 'done', attempts };
    } catch (caught) {
      const err = ctx.access.failure(passOn(caught));
      const attempts = err.attempts;
      if (err.kind === 'missing-container') return { change, outcome: 'failed', attempts, error: err.message };
      if (err.kind === 'duplicate' || err.kind === 'outcome-unknown') return recheck(ctx, change, { address: change.address }, err, (account) => evaluateCreate(change, account));
      return { change, outcome: 'failed', attempts, error: err.message };
    }
  });
}

/**
 * Runs `act` on the account as read, and again on a fresh read each time its write's turn came
 * after the read had grown older than the bound (the write was then not sent).
 */
export async function onFreshRead(
  ctx: Pick<AccountChangeContext, 'access'>,
  change: Change,
  look: AccountRead,
  keyOf: (read: AccountRead) => AccountKey,
  act: (read: AccountRead) => Promise<ChangeResult>,
): Promise<ChangeResult> {
  let read = look;
  for (let rereads = 0; ; rereads++) {
    try {
      return await act(read);
    } catch (caught) {
      if (caught instanceof SchedulerStopped) return stopped(change, caught, ctx.access.directory);
      if (!(caught instanceof StaleRead)) throw caught;
      const again = await readAgain(ctx, change, keyOf(read), rereads);
      if ('outcome' in again) return again;
      read = again;
    }
  }
}

/** The run's own signals (a stale read, a stop) go on to onFreshRead; the directory's failures stay here. */
export function passOn(caught: unknown): unknown {
  if (caught instanceof StaleRead || caught instanceof SchedulerStopped) throw caught;
  return caught;
}

/** The outcome when the first look decides it: nothing to send. */
function settledBefore(change: CreateChange | UpdateChange, evaluation: Exclude<Evaluation, { state: 'ready' }>): ChangeResult {
  if (evaluation.state === 'already-done') return { change, outcome: 'already-done', attempts: 0 };
  return { change, outcome: 'drifted', attempts: 0, error: `${evaluation.reason}; nothing was sent: ${REPLAN}`, differences: evaluation.differences };
}

/** The run is stopping: a change never sent is skipped; one whose request went out is unknown until checked. */
function stopped(change: Change, stop: SchedulerStopped, directory: string): ChangeResult {
  if (stop.attemptsSent === 0) return { change, outcome: 'skipped', attempts: 0, error: 'the run was stopped before this change was sent' };
  return {
    change,
    outcome: 'failed',
    attempts: stop.attemptsSent,
    error: `the run was stopped while this change was being sent, so whether ${directory} applied it is unknown: run apply again, it checks the account first`,
  };
}

/** A fresh read after a write's read grew too old, or the outcome when none could be had. */
async function readAgain(ctx: Pick<AccountChangeContext, 'access'>, change: Change, key: AccountKey, rereads: number): Promise<AccountRead | ChangeResult> {
  if (rereads >= MAX_REREADS) {
    return {
      change,
      outcome: 'failed',
      attempts: 0,
      error: `nothing was sent: the account was read ${rereads + 1} times, and each time the read was more than ${Math.round(ctx.access.freshnessMs / 1000)} s old before the change could go out (${ctx.access.directory} is slow or rate-limiting hard): run apply again`,
    };
  }
  const look = await readAccount(ctx.access, key);
  if (look === undefined) return { change, outcome: 'skipped', attempts: 0, error: 'the run was stopped before this change was sent' };
  if ('error' in look) return { change, outcome: 'failed', attempts: 0, error: `nothing was sent: reading the account again before acting failed: ${look.error}` };
  return look;
}

/**
 * A create found already done was ours only if a run of this plan sent it. A generated password
 * the file holds for it otherwise is not the account's: it is withdrawn.
 */
async function withdrawUnlessOurs(ctx: AccountChangeContext, address: string): Promise<void> {
  const passwords = ctx.passwords as Partial<WithdrawablePasswords> | null;
  if (passwords?.withdraw === undefined || !passwords.has?.(address) || ctx.creates.sentBefore(address)) return;
  await passwords.withdraw(address);
}

/** Check again after a call whose effect is unknown (or a create that met "already exists"): the account decides, not the error. */
async function recheck(
  ctx: AccountChangeContext,
  change: CreateChange | UpdateChange,
  key: AccountKey,
  failure: DirectoryFailure,
  evaluate: (account: AccountRead['account']) => Evaluation,
): Promise<ChangeResult> {
  const attempts = failure.attempts;
  const look = await readAccount(ctx.access, key);
  if (look === undefined) {
    return { change, outcome: 'failed', attempts, error: `${failure.message}; the run was stopped before the account could be checked again: run apply again, it checks the account first` };
  }
  if ('error' in look) {
    return { change, outcome: 'failed', attempts, error: `${failure.message}; ${look.error.replace(/^could not/, 'reading the account again also failed: could not')}` };
  }
  const evaluation = evaluate(look.account);
  if (failure.kind === 'duplicate' && change.kind === 'create') return duplicateCreate(ctx, change, failure, evaluation);
  if (evaluation.state === 'already-done') return { change, outcome: 'done', attempts };
  return { change, outcome: 'failed', attempts, error: `${failure.message}; the account was read again and is not in the planned state: run apply again, it will check the account first` };
}

/**
 * "Already exists" on a create. It is this change done only when the account found is the
 * planned one AND could have been created by this plan: an earlier attempt of this insert may
 * have landed (its answer was lost), or an earlier run of this plan sent it. Otherwise someone
 * else made the account while this run worked, with a password rollcall does not know.
 */
async function duplicateCreate(ctx: AccountChangeContext, change: CreateChange, failure: DirectoryFailure, evaluation: Evaluation): Promise<ChangeResult> {
  const directory = ctx.access.directory;
  const attempts = failure.attempts;
  const ours = failure.uncertainAttempts > 0 || ctx.creates.sentBefore(change.address);
  if (evaluation.state === 'already-done' && ours) return { change, outcome: 'done', attempts };
  if (evaluation.state === 'drifted') {
    await withdrawUnlessOurs(ctx, change.address);
    return { change, outcome: 'drifted', attempts, error: `${evaluation.reason} (${directory}: already exists); ${REPLAN}`, differences: evaluation.differences };
  }
  if (evaluation.state === 'already-done') {
    const passwords = ctx.passwords as Partial<WithdrawablePasswords> | null;
    const withdrawn = passwords?.withdraw !== undefined && passwords.has?.(change.address) === true;
    if (withdrawn) await passwords.withdraw?.(change.address);
    return {
      change,
      outcome: 'drifted',
      attempts,
      error:
        `${change.address} was created by someone else while this run was working (${directory}: already exists, and no run of this plan sent a create that could have made it); ` +
        `it looks as planned, but its password is not one rollcall set${withdrawn && ctx.passwordsFile !== undefined ? ` (its entry was taken out of ${ctx.passwordsFile})` : ''}: find out who created it`,
    };
  }
  return { change, outcome: 'failed', attempts, error: `${directory} says ${change.address} already exists, but no account answers to it yet: run apply again later` };
}
