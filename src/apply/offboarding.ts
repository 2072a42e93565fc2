/**
 * A suspension with its offboarding steps: the steps that must come first (backup codes, which
 * Google keeps once an account is suspended) just before the update is written, the others once
 * it is made. Each step is journaled as it settles and taken once per plan: a rerun after a crash
 * in the middle skips the steps an earlier run took (a sign-out leaves nothing to read back), and
 * those the directory shows (tokens, app passwords, backup codes) are read first anyway, so one
 * taken just before a crash, unjournaled, is found already done. A step that fails does not undo
 * or hold back the suspension, which is what cuts access: the change is reported failed, saying
 * which step, for a rerun to finish.
 */
import type { AccountKey } from '../model/directory-port.js';
import { STEPS_BEFORE_SUSPENSION, type OffboardingStep } from '../model/lifecycle.js';
import { SchedulerStopped } from '../pacing/scheduler.js';
import type { UpdateChange } from '../plan/types.js';
import type { AccountRead } from './account-reader.js';
import { applyUpdate, passOn, type AccountChangeContext } from './account-changes.js';
import { isSettled, type ChangeResult, type Outcome } from './outcome.js';
import { generatePassword } from './passwords.js';

/** What a run knows of the steps this plan's runs took (the journal's step lines). */
export interface StepRecord {
  taken(changeId: string, step: OffboardingStep): boolean;
  /** Records one step's outcome; awaited, so a journal that cannot be written stops the run. */
  record(line: { id: string; address: string; step: OffboardingStep; outcome: Outcome; attempts: number; error?: string }): Promise<void>;
}

export interface OffboardingContext extends AccountChangeContext {
  steps: StepRecord;
}

const noCheck = async (): Promise<void> => undefined;

export async function applySuspension(ctx: OffboardingContext, change: UpdateChange, look: AccountRead): Promise<ChangeResult> {
  const steps = change.offboarding ?? [];
  const first = steps.filter((s) => STEPS_BEFORE_SUSPENSION.has(s));
  const then = steps.filter((s) => !STEPS_BEFORE_SUSPENSION.has(s));
  const failures: string[] = [];
  let id = change.accountId ?? look.account?.id;
  const key = (): AccountKey => (id === undefined ? { address: change.after.address } : { id, address: change.after.address });
  const take = async (step: OffboardingStep, read?: AccountRead): Promise<void> => {
    const failure = await takeStep(ctx, change, step, key(), read);
    if (failure !== undefined) failures.push(failure);
  };

  const result = await applyUpdate(ctx, change, look, async (read) => {
    id ??= read.account?.id;
    for (const step of first) await take(step, read);
  });
  if (!isSettled(result.outcome)) return result;
  // Found suspended already (an earlier run, or someone else): the first steps were not taken
  // before it, and are tried now (Google then refuses backup codes that are still there).
  if (result.outcome === 'already-done') for (const step of first) await take(step);
  for (const step of then) await take(step);
  if (failures.length === 0) return result;
  return {
    change,
    outcome: 'failed',
    attempts: result.attempts,
    error: `the account is suspended, but ${failures.join('; ')}: run apply again, it takes only the steps not yet taken`,
  };
}

/**
 * One step, unless a run of this plan took it. `read`: the account as read before the update,
 * for a step that must come before it (it is not sent on a read grown too old). Returns what
 * went wrong, in words, or undefined.
 */
async function takeStep(ctx: OffboardingContext, change: UpdateChange, step: OffboardingStep, key: AccountKey, read?: AccountRead): Promise<string | undefined> {
  if (ctx.steps.taken(change.id, step)) return undefined;
  const line = { id: change.id, address: change.address, step };
  try {
    // Random and told to no one: the password is sent and forgotten.
    const password = step === 'reset-password' ? generatePassword() : undefined;
    const taken = await ctx.access.writer.offboard(key, step, read === undefined ? noCheck : ctx.access.guard(read.readAt), password);
    await ctx.steps.record({ ...line, outcome: taken.outcome, attempts: taken.attempts });
    return undefined;
  } catch (caught) {
    if (read !== undefined) passOn(caught);
    if (caught instanceof SchedulerStopped) {
      const error = 'the run stopped before this step was taken';
      await ctx.steps.record({ ...line, outcome: caught.attemptsSent === 0 ? 'skipped' : 'failed', attempts: caught.attemptsSent, error });
      return `${step}: ${error}`;
    }
    const failure = ctx.access.failure(caught);
    await ctx.steps.record({ ...line, outcome: 'failed', attempts: failure.attempts, error: failure.message });
    return `${step} failed: ${failure.message}`;
  }
}
