import path from 'node:path';
import type { Config, LoadedConfig } from '../config/types.js';
import { ErrorCodes, RollcallError } from '../errors.js';
import { classWindowOn } from '../sources/class-window.js';
import { FilesSource } from '../sources/files/files-source.js';
import { ACCOUNT_TABLES_ONLY, type TableSelection } from '../sources/records.js';
import type { PowerSchoolSource } from '../sources/rows.js';
import { localToday } from './today.js';

/**
 * Picks the PowerSchool source: --source-dir wins, then the config's powerschool.source.
 * Credentials come from `env` (the process environment unless a caller gives another); `today`
 * places the class tables' window. The Oracle and REST sources are loaded only when picked:
 * node-oracledb alone took longer to load than a small district takes to plan.
 */
export async function makeSource(
  config: LoadedConfig,
  sourceDir: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  today: string = localToday(),
): Promise<PowerSchoolSource> {
  const ps = config.config.powerschool;
  const selection = tableSelection(config.config, today);
  if (sourceDir !== undefined) return new FilesSource(path.resolve(sourceDir), selection);
  switch (ps.source) {
    case 'files':
      return new FilesSource(path.resolve(config.baseDir, ps.files.dir), selection);
    case 'oracle': {
      const { OracleSource } = await import('../sources/oracle/oracle-source.js').catch((err: NodeJS.ErrnoException) => {
        throw oracleDriverMissing(err, config.path);
      });
      return new OracleSource(ps.oracle, env, undefined, selection);
    }
    case 'rest': {
      if (ps.rest === undefined) {
        throw new RollcallError(ErrorCodes.CONFIG_INVALID, `${config.path}: powerschool.source is "rest" but powerschool.rest (with baseUrl) is missing`);
      }
      const { RestSource } = await import('../sources/rest/rest-source.js');
      return new RestSource(ps.rest, env, {}, selection);
    }
  }
}

/**
 * What the config has a run read: the class tables, for the school year of `today` on, with
 * powerschool.classes or when a group set is made of sections (syncing class groups turns
 * reading them on).
 */
export function tableSelection(config: Pick<Config, 'powerschool' | 'groups'>, today: string): TableSelection {
  const sections = config.groups?.sets.some((set) => set.kind === 'section') ?? false;
  return config.powerschool.classes === true || sections ? { classes: classWindowOn(today) } : ACCOUNT_TABLES_ONLY;
}

/**
 * node-oracledb is an optional dependency (only the Oracle source needs it): an install made
 * with --omit=optional, or where it failed to install, lacks it. That is said plainly, with the
 * fix; any other failure to load is a bug and passes through.
 */
function oracleDriverMissing(err: NodeJS.ErrnoException, configPath: string): unknown {
  if (err?.code !== 'ERR_MODULE_NOT_FOUND' || !/['"]oracledb['"]/.test(err.message)) return err;
  return new RollcallError(
    ErrorCodes.POWERSCHOOL,
    `${configPath}: powerschool.source is "oracle", which needs the node-oracledb package, and it is not installed. ` +
      'Install it beside rollcall (npm install -g oracledb, or reinstall rollcall without --omit=optional), or use the files or rest source',
  );
}
