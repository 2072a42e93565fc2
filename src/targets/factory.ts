/**
 * The one place a target is chosen: a target kind from the config to the object that implements
 * the port (model/directory-port.ts). A new target is its folder under targets/, one case here,
 * and its section of the config.
 */
import { targetPopulations, type TargetKind } from '../config/targets.js';
import type { LoadedConfig } from '../config/types.js';
import { ErrorCodes, RollcallError } from '../errors.js';
import type { DirectoryTarget, TargetContext } from '../model/directory-port.js';
import { EntraTarget } from './entra/target.js';
import { GoogleTarget } from './google/target.js';

export function createTarget(loaded: LoadedConfig, kind: TargetKind, context: TargetContext): DirectoryTarget {
  const { config } = loaded;
  const populations = targetPopulations(config, kind);
  switch (kind) {
    case 'google':
      if (config.google === undefined) break;
      return new GoogleTarget({ ...config, google: config.google }, populations, context);
    case 'entra':
      if (config.entra === undefined) break;
      return new EntraTarget({ ...config, entra: config.entra }, populations, context);
  }
  throw new RollcallError(ErrorCodes.CONFIG_INVALID, `${loaded.path}: has no ${kind} section`, { details: { file: loaded.path, target: kind } });
}
