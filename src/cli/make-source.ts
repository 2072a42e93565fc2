import path from 'node:path';
import type { LoadedConfig } from '../config/types.js';
import { ErrorCodes, RollcallError } from '../errors.js';
import { FilesSource } from '../sources/files/files-source.js';
import type { PowerSchoolSource } from '../sources/rows.js';

/**
 * Picks the PowerSchool source: --source-dir wins, then the config's powerschool.source.
 * Credentials come from `env` (the process environment unless a caller gives another).
 * The Oracle and REST sources are loaded only when picked: node-oracledb alone took longer to
 * load than a small district takes to plan.
 */
export async function makeSource(config: LoadedConfig, sourceDir: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<PowerSchoolSource> {
  if (sourceDir !== undefined) return new FilesSource(path.resolve(sourceDir));
  const ps = config.config.powerschool;
  switch (ps.source) {
    case 'files':
      return new FilesSource(path.resolve(config.baseDir, ps.files.dir));
    case 'oracle': {
      const { OracleSource } = await import('../sources/oracle/oracle-source.js').catch((err: NodeJS.ErrnoException) => {
        throw oracleDriverMissing(err, config.path);
      });
      return new OracleSource(ps.oracle, env);
    }
    case 'rest': {
      if (ps.rest === undefined) {
        throw new RollcallError(ErrorCodes.CONFIG_INVALID, `${config.path}: powerschool.source is "rest" but powerschool.rest (with baseUrl) is missing`);
      }
      const { RestSource } = await import('../sources/rest/rest-source.js');
      return new RestSource(ps.rest, env);
    }
  }
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
