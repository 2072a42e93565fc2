import path from 'node:path';
import type { LoadedConfig } from '../config/types.js';
import { ErrorCodes, RollcallError } from '../errors.js';
import { FilesSource } from '../sources/files/files-source.js';
import { OracleSource } from '../sources/oracle/oracle-source.js';
import { RestSource } from '../sources/rest/rest-source.js';
import type { PowerSchoolSource } from '../sources/rows.js';

/**
 * Picks the PowerSchool source: --source-dir wins, then the config's powerschool.source.
 * Credentials come from `env` (the process environment unless a caller gives another).
 */
export function makeSource(config: LoadedConfig, sourceDir: string | undefined, env: NodeJS.ProcessEnv = process.env): PowerSchoolSource {
  if (sourceDir !== undefined) return new FilesSource(path.resolve(sourceDir));
  const ps = config.config.powerschool;
  switch (ps.source) {
    case 'files':
      return new FilesSource(path.resolve(config.baseDir, ps.files.dir));
    case 'oracle':
      return new OracleSource(ps.oracle, env);
    case 'rest':
      if (ps.rest === undefined) {
        throw new RollcallError(ErrorCodes.CONFIG_INVALID, `${config.path}: powerschool.source is "rest" but powerschool.rest (with baseUrl) is missing`);
      }
      return new RestSource(ps.rest, env);
  }
}
