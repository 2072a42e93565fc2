import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../../config/load.js';
import { membershipCandidates } from '../../plan/membership-candidates.js';
import { buildDesiredState } from '../../rules/desired-state.js';
import { writeSnapshotFile } from '../../targets/google/snapshot-file.js';
import type { RollcallCommand } from '../command.js';
import type { CommandContext } from '../context.js';
import { makeGoogleReader } from '../make-google-reader.js';
import { makeSource } from '../make-source.js';
import { dateOption, pathOption } from '../options.js';
import { refuseToOverwriteInputs, runInputs } from '../output-guard.js';
import { todayOr } from '../today.js';

interface Args {
  config: string;
  out: string;
  'source-dir'?: string;
  today?: string;
}

export function snapshotCommand(ctx: CommandContext): RollcallCommand<Args> {
  return {
    command: 'snapshot',
    synopsis: 'rollcall snapshot --config FILE --out SNAPSHOT [--source-dir DIR] [--today YYYY-MM-DD] [options]',
    describe: 'Read Google in bulk and write a snapshot file (JSON Lines), to plan offline or seed the emulator',
    builder: (y) =>
      y
        .option('config', pathOption('Config file (JSON or YAML)', true))
        .option('out', pathOption('Snapshot file to write, e.g. snapshots/2026-11-23.jsonl', true))
        .option('source-dir', pathOption('PowerSchool CSV exports, to know whose group memberships to read (overrides powerschool.source)'))
        .option('today', dateOption('Date for the rules, YYYY-MM-DD (default: today, local time)')) as never,
    handler: async (args) => {
      const today = todayOr(args.today);
      const config = await loadConfig(args.config);
      await refuseToOverwriteInputs([{ file: args.out, flag: '--out' }], runInputs(config, args['source-dir']));
      const events = ctx.log;
      // Memberships are read for the accounts a plan could remove from groups: that needs the source.
      const rows = await (await makeSource(config, args['source-dir'], ctx.env, today)).read();
      const desired = buildDesiredState(rows, config.config, today);
      const state = await makeGoogleReader(config, undefined, ctx, events, { allSchemas: true }).read((users) => membershipCandidates(desired.accounts, users));
      await mkdir(path.dirname(path.resolve(args.out)), { recursive: true });
      await writeSnapshotFile(args.out, state);
      events.emit({ level: 'info', code: 'SNAPSHOT_WRITTEN', message: `wrote ${args.out}: ${state.users.length} accounts, ${state.orgUnits.length} org units, ${state.groups.length} groups` });
    },
  };
}
