/**
 * The directories (targets) a config describes, and which one a run is for. A config may name
 * Google, Entra or both; a plan is for one target, so with more than one the run must say which
 * (--target). Pure: the config in, an answer or a usage error out.
 */
import { ErrorCodes, RollcallError } from '../errors.js';
import type { Population } from '../model/person.js';
import type { Config } from './types.js';

export const TARGET_KINDS = ['google', 'entra'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

/** The targets the config has a section for, in TARGET_KINDS order. */
export function configuredTargets(config: Config): TargetKind[] {
  return TARGET_KINDS.filter((kind) => config[kind] !== undefined);
}

/** The populations a target manages: its `populations`, less those switched off (students.enabled, staff.enabled). */
export function targetPopulations(config: Config, kind: TargetKind): Population[] {
  const section = config[kind];
  if (section === undefined) return [];
  return section.populations.filter((p) => (p === 'student' ? config.students.enabled : config.staff.enabled));
}

/** Who a target is: Google's domain, Entra's tenant. */
export function targetIdentity(config: Config, kind: TargetKind): string {
  return kind === 'google' ? (config.google?.domain ?? '') : (config.entra?.tenant ?? '');
}

/** The target a run is for: the one asked for, or the only one the config names. */
export function chooseTarget(config: Config, requested: string | undefined, configPath: string): TargetKind {
  const configured = configuredTargets(config);
  if (requested !== undefined) {
    const kind = configured.find((k) => k === requested);
    if (kind === undefined) {
      throw new RollcallError(ErrorCodes.USAGE, `--target ${requested}: ${configPath} has no ${requested} section (it names ${describe(configured)})`, {
        details: { target: requested, configured },
      });
    }
    return kind;
  }
  if (configured.length === 1) return configured[0] as TargetKind;
  throw new RollcallError(ErrorCodes.USAGE, `${configPath} names ${configured.length} targets (${configured.join(', ')}): say which this run is for with --target ${configured.join('|')}`, {
    details: { configured },
  });
}

function describe(kinds: readonly TargetKind[]): string {
  return kinds.length === 0 ? 'no target' : kinds.join(' and ');
}
