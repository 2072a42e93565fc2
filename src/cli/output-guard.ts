import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { LoadedConfig } from '../config/types.js';
import { ErrorCodes, RollcallError } from '../errors.js';
import { POWERSCHOOL_TABLES } from '../sources/records.js';

export interface RunInput {
  file: string;
  /** What the run reads it as: "the config", "the Google snapshot". */
  what: string;
}

/** The files a plan or snapshot run reads: its config, the snapshot (of `directory`: "Google"), and a files source's CSVs. */
export function runInputs(config: LoadedConfig, sourceDir: string | undefined, snapshot?: string, directory = 'Google'): RunInput[] {
  const inputs: RunInput[] = [{ file: config.path, what: 'the config' }];
  if (snapshot !== undefined) inputs.push({ file: snapshot, what: `the ${directory} snapshot` });
  const ps = config.config.powerschool;
  const dir = sourceDir !== undefined ? path.resolve(sourceDir) : ps.source === 'files' ? path.resolve(config.baseDir, ps.files.dir) : undefined;
  if (dir !== undefined) for (const table of POWERSCHOOL_TABLES) inputs.push({ file: path.join(dir, `${table}.csv`), what: `the PowerSchool export ${table}.csv` });
  return inputs;
}

/**
 * Refuses, before anything is read, an output that is one of the run's own inputs (the same
 * file, by any path or link): writing it would destroy what the run reads, and what the next
 * run would need.
 */
export async function refuseToOverwriteInputs(outputs: ReadonlyArray<{ file: string; flag: string }>, inputs: readonly RunInput[]): Promise<void> {
  const identity = async (file: string) => {
    const s = await stat(file).catch(() => undefined);
    return s === undefined ? undefined : `${s.dev}:${s.ino}`;
  };
  const known = new Map<string, RunInput>();
  for (const input of inputs) {
    const id = await identity(input.file);
    if (id !== undefined) known.set(id, input);
  }
  for (const output of outputs) {
    const id = await identity(output.file);
    const input = id === undefined ? undefined : known.get(id);
    if (input !== undefined) {
      throw new RollcallError(ErrorCodes.USAGE, `${output.flag} ${output.file} is ${input.what} this run reads (${input.file}): writing there would destroy it; choose another file`, {
        details: { file: output.file, input: input.file },
      });
    }
  }
}
