import { chooseTarget, TARGET_KINDS, type TargetKind } from '../config/targets.js';
import type { LoadedConfig } from '../config/types.js';
import { ErrorCodes, RollcallError } from '../errors.js';
import type { DirectoryReader, DirectoryTarget } from '../model/directory-port.js';
import { createTarget } from '../targets/factory.js';
import type { CommandContext } from './context.js';
import { pathOption } from './options.js';

/** The --target option: which of the config's directories a run is for. */
export const TARGET_OPTION = {
  choices: TARGET_KINDS,
  requiresArg: true,
  describe: 'The directory to plan for, when the config names more than one (google, entra)',
} as const;

/** The snapshot options: a generic one, and the name it had when Google was the only target. */
export const SNAPSHOT_OPTIONS = {
  snapshot: pathOption('A snapshot file of the target directory (JSON Lines); without it the directory is read live'),
  'google-snapshot': pathOption('The same as --snapshot, for the Google target'),
} as const;

export interface TargetArgs {
  target?: string;
  snapshot?: string;
  'google-snapshot'?: string;
}

/** The target the run is for (the factory builds it), reporting through the command's log. */
export function openTarget(config: LoadedConfig, requested: string | undefined, ctx: CommandContext): DirectoryTarget {
  return targetOfKind(config, chooseTarget(config.config, requested, config.path), ctx);
}

/** The target of a kind the config names (apply: the plan's). */
export function targetOfKind(config: LoadedConfig, kind: TargetKind, ctx: CommandContext): DirectoryTarget {
  return createTarget(config, kind, { env: ctx.env, baseDir: config.baseDir, events: ctx.log, showProgress: ctx.stderr.isTTY === true });
}

/** How the target is read: the snapshot file given, or the directory itself. */
export function openReader(target: DirectoryTarget, args: TargetArgs): DirectoryReader {
  if (args.snapshot !== undefined && args['google-snapshot'] !== undefined) {
    throw new RollcallError(ErrorCodes.USAGE, '--snapshot and --google-snapshot name the same file: give one');
  }
  if (args['google-snapshot'] !== undefined && target.kind !== 'google') {
    throw new RollcallError(ErrorCodes.USAGE, `--google-snapshot: this run is for the ${target.kind} target; give its snapshot with --snapshot`);
  }
  const file = args.snapshot ?? args['google-snapshot'];
  return target.openReader(file !== undefined ? { snapshotFile: file } : {});
}
