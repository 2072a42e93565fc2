import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { CommandModule } from 'yargs';
import { loadConfig } from '../../config/load.js';
import { membershipCandidates } from '../../plan/membership-candidates.js';
import { buildDesiredState } from '../../rules/desired-state.js';
import { writeSnapshotFile } from '../../targets/google/snapshot-file.js';
import type { CliContext } from '../context.js';
import { makeGoogleReader } from '../make-google-reader.js';
import { makeSource } from '../make-source.js';
import { refuseToOverwriteInputs, runInputs } from '../output-guard.js';
import { StderrSink } from '../terminal.js';
import { parseToday } from '../today.js';

interface Args {
  config: string;
  out: string;
  'source-dir'?: string;
  today?: string;
  verbose: boolean;
}

export function snapshotCommand(ctx: CliContext): CommandModule<object, Args> {
  return {
    command: 'snapshot',
    describe: 'Read Google in bulk and write a snapshot file (JSON Lines), to plan offline or seed the emulator',
    builder: (y) =>
      y
        .option('config', { type: 'string', demandOption: true })
        .option('out', { type: 'string', demandOption: true, describe: 'Snapshot file to write, e.g. snapshots/2026-11-23.jsonl' })
        .option('source-dir', { type: 'string', describe: 'PowerSchool CSV exports, to know whose group memberships to read' })
        .option('today', { type: 'string', describe: 'Date for the rules (YYYY-MM-DD), default today' })
        .option('verbose', { type: 'boolean', default: false, describe: 'Show progress and every retry' }) as never,
    handler: async (args) => {
      const today = parseToday(args.today);
      const config = await loadConfig(args.config);
      await refuseToOverwriteInputs([{ file: args.out, flag: '--out' }], runInputs(config, args['source-dir']));
      const events = new StderrSink({ verbose: args.verbose, quiet: false }, ctx.stderr);
      // Memberships are read for the accounts a plan could remove from groups: that needs the source.
      const rows = await (await makeSource(config, args['source-dir'], ctx.env)).read();
      const desired = buildDesiredState(rows, config.config, today);
      const state = await makeGoogleReader(config, undefined, ctx, events, { allSchemas: true }).read((users) => membershipCandidates(desired.accounts, users));
      await mkdir(path.dirname(path.resolve(args.out)), { recursive: true });
      await writeSnapshotFile(args.out, state);
      events.emit({ level: 'info', code: 'SNAPSHOT_WRITTEN', message: `wrote ${args.out}: ${state.users.length} accounts, ${state.orgUnits.length} org units, ${state.groups.length} groups` });
    },
  };
}
