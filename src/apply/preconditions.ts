/**
 * Whether a plan may be applied here at all, decided before anything is read from the
 * directory: it must be for a target this config names, for that target's very domain or tenant,
 * and made with this very config (the digest covers every rule that shaped the plan), and
 * `--only` / `--exclude` must name changes the plan holds.
 */
import { configuredTargets, type TargetKind } from '../config/targets.js';
import type { LoadedConfig } from '../config/types.js';
import { ErrorCodes, RollcallError } from '../errors.js';
import type { TargetDescription } from '../model/directory-port.js';
import { groupOf, subjectAddress } from '../plan/change-subject.js';
import type { Change, Plan } from '../plan/types.js';

/** The target a plan is for, when this config names it. */
export function planTarget(plan: Plan, planFile: string, config: LoadedConfig): TargetKind {
  const kind = configuredTargets(config.config).find((k) => k === plan.target.kind);
  if (kind === undefined) {
    throw new RollcallError(
      ErrorCodes.PLAN_REFUSED,
      `${planFile} is a plan for ${plan.target.vocabulary.directory} (${plan.target.kind} ${plan.target.identity}), but ${config.path} has no ${plan.target.kind} section; apply it with the config it was made with`,
      { details: { file: planFile, planTarget: plan.target.kind } },
    );
  }
  return kind;
}

export function checkPlanFitsConfig(plan: Plan, planFile: string, config: LoadedConfig, target: TargetDescription): void {
  if (plan.target.kind !== target.kind || plan.target.identity !== target.identity) {
    throw new RollcallError(
      ErrorCodes.PLAN_REFUSED,
      `${planFile} is a plan for ${plan.target.identity}, but ${config.path} manages ${target.identity}; make the plan again with this config (rollcall plan --config ${config.path} ...)`,
      { details: { file: planFile, planTarget: `${plan.target.kind} ${plan.target.identity}`, configTarget: `${target.kind} ${target.identity}` } },
    );
  }
  if (plan.inputs.config !== config.digest) {
    throw new RollcallError(
      ErrorCodes.PLAN_REFUSED,
      `${planFile} was made with another config (${shortDigest(plan.inputs.config)}; ${config.path} is ${shortDigest(config.digest)}): the rules may have changed since. Make the plan again with this config (rollcall plan --config ${config.path} ...), review it, then apply that plan`,
      { details: { file: planFile, planConfig: plan.inputs.config, config: config.digest } },
    );
  }
}

export interface ApplicabilityOptions {
  /** The date apply runs on (YYYY-MM-DD). */
  today: string;
  maxPlanAgeDays: number;
  overrideHolds: boolean;
}

/**
 * Whether this plan may still be applied (Terraform likewise refuses a stale saved plan): not a
 * redacted copy, evaluated for today or at most `maxPlanAgeDays` ago (its rules depend on the
 * date), and not held by a safety limit unless a person said --override-holds.
 */
export function checkPlanIsApplicable(plan: Plan, planFile: string, options: ApplicabilityOptions): void {
  const refuse = (message: string, details: Record<string, unknown> = {}) =>
    new RollcallError(ErrorCodes.PLAN_REFUSED, `${planFile}: ${message}`, { details: { file: planFile, ...details } });
  if (plan.redacted) throw refuse('is a redacted copy (pseudonyms, not real accounts) and can only be shown; apply the plan it was made from');
  const age = daysBetween(plan.today, options.today);
  if (age < 0) {
    throw refuse(`was evaluated for ${plan.today}, which has not come yet (today is ${options.today}); a preview cannot be applied: make the plan again on the day`, { planDate: plan.today, today: options.today });
  }
  if (age > options.maxPlanAgeDays) {
    throw refuse(
      `was evaluated for ${plan.today}, ${age} days ago (safety.maxPlanAgeDays is ${options.maxPlanAgeDays}): PowerSchool and ${plan.target.vocabulary.directory} have moved on since. Make the plan again, review it, then apply that plan`,
      { planDate: plan.today, today: options.today },
    );
  }
  if (plan.holds.length > 0 && !options.overrideHolds) {
    throw refuse(
      `is held by ${plan.holds.length === 1 ? 'a safety limit' : `${plan.holds.length} safety limits`}:\n${plan.holds.map((h) => `  - ${h.message}`).join('\n')}\n` +
        `Review it (rollcall show ${planFile} --view review). If these changes are right, apply with --override-holds (the journal records it); if not, fix the cause and plan again`,
      { holds: plan.holds.map((h) => h.code) },
    );
  }
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

function shortDigest(digest: string): string {
  return digest.replace(/^sha256:/, '').slice(0, 12);
}

export interface Selection {
  /** The changes to apply, in plan order. */
  selected: Change[];
  /** Held back by --only / --exclude: not applied, not journaled, not counted as failures. */
  heldBack: number;
}

/** The addresses that select a change: its account's (or member's), and its group's. */
function selectors(c: Change): string[] {
  const group = groupOf(c);
  return [subjectAddress(c).toLowerCase(), ...(group !== undefined ? [group.toLowerCase()] : [])];
}

/**
 * Picks the changes to apply, by change id, by account address (every change of that account,
 * its group memberships included) or by group address (every change of that group); a value the
 * plan does not hold is a usage error (a typo must not apply everything).
 */
export function selectChanges(plan: Plan, only: readonly string[] | undefined, exclude: readonly string[] | undefined): Selection {
  const keys = new Set(plan.changes.flatMap((c) => [c.id, ...selectors(c)]));
  for (const [flag, list] of [['--only', only], ['--exclude', exclude]] as const) {
    const unknown = (list ?? []).filter((key) => !keys.has(key.toLowerCase()));
    if (unknown.length > 0) {
      throw new RollcallError(ErrorCodes.USAGE, `${flag}: the plan has no change with id or address ${unknown.join(', ')} (ids are shown by rollcall show --format json)`, {
        details: { flag, ids: unknown },
      });
    }
  }
  const matches = (set: Set<string>, c: Change) => set.has(c.id) || selectors(c).some((key) => set.has(key));
  const onlySet = only !== undefined && only.length > 0 ? new Set(only.map((k) => k.toLowerCase())) : undefined;
  const excludeSet = new Set((exclude ?? []).map((k) => k.toLowerCase()));
  const selected = plan.changes.filter((c) => (onlySet === undefined || matches(onlySet, c)) && !matches(excludeSet, c));
  return { selected, heldBack: plan.changes.length - selected.length };
}
