import path from 'node:path';
import type { LoadedConfig } from '../config/types.js';
import { ErrorCodes, RollcallError } from '../errors.js';
import { FilesSource } from '../sources/files/files-source.js';
import type { PowerSchoolSource } from '../sources/rows.js';

/** Picks the PowerSchool source: --source-dir wins, then the config's powerschool.source. */
export function makeSource(config: LoadedConfig, sourceDir: string | undefined): PowerSchoolSource {
  if (sourceDir !== undefined) return new FilesSource(path.resolve(sourceDir));
  const ps = config.config.powerschool;
  if (ps.source === 'files') return new FilesSource(path.resolve(config.baseDir, ps.files.dir));
  throw new RollcallError(
    ErrorCodes.USAGE,
    `${config.path}: powerschool.source "${ps.source}" is not available in this version; export the data to CSV files and use --source-dir, or set powerschool.source to "files"`,
  );
}
