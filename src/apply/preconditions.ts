/**
 * Whether a plan may be applied here at all, decided before anything is read from Google: it
 * must be for this domain and made with this very config (the digest covers every rule that
 * shaped the plan), and `--only` / `--exclude` must name changes the plan holds.
 */
import type { LoadedConfig } from '../config/types.js';
import { ErrorCodes, RollcallError } from '../errors.js';
import type { Change, Plan } from '../plan/types.js';

export function checkPlanFitsConfig(plan: Plan, planFile: string, config: LoadedConfig): void {
  const domain = config.config.google.domain;
  if (plan.domain !== domain) {
    throw new RollcallError(
      ErrorCodes.PLAN_REFUSED,
      `${planFile} is a plan for ${plan.domain}, but ${config.path} manages ${domain}; make the plan again with this config (rollcall plan --config ${config.path} ...)`,
      { details: { file: planFile, planDomain: plan.domain, configDomain: domain } },
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

function shortDigest(digest: string): string {
  return digest.replace(/^sha256:/, '').slice(0, 12);
}

export interface Selection {
  /** The changes to apply, in plan order. */
  selected: Change[];
  /** Held back by --only / --exclude: not applied, not journaled, not counted as failures. */
  heldBack: number;
}

/** Picks the changes to apply; an id the plan does not hold is a usage error (a typo must not apply everything). */
export function selectChanges(plan: Plan, only: readonly string[] | undefined, exclude: readonly string[] | undefined): Selection {
  const ids = new Set(plan.changes.map((c) => c.id));
  for (const [flag, list] of [['--only', only], ['--exclude', exclude]] as const) {
    const unknown = (list ?? []).filter((id) => !ids.has(id));
    if (unknown.length > 0) {
      throw new RollcallError(ErrorCodes.USAGE, `${flag}: the plan has no change with id ${unknown.join(', ')} (ids are shown by rollcall show --format json)`, {
        details: { flag, ids: unknown },
      });
    }
  }
  const onlySet = only !== undefined && only.length > 0 ? new Set(only) : undefined;
  const excludeSet = new Set(exclude ?? []);
  const selected = plan.changes.filter((c) => (onlySet === undefined || onlySet.has(c.id)) && !excludeSet.has(c.id));
  return { selected, heldBack: plan.changes.length - selected.length };
}
