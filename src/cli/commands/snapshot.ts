import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../../config/load.js';
import { takeSnapshot } from '../../engine/take-snapshot.js';
import type { RollcallCommand } from '../command.js';
import type { CommandContext } from '../context.js';
import { makeSource } from '../make-source.js';
import { openTarget, TARGET_OPTION } from '../open-target.js';
import { dateOption, pathOption } from '../options.js';
import { refuseToOverwriteInputs, runInputs } from '../output-guard.js';
import { todayOr } from '../today.js';

interface Args {
  config: string;
  out: string;
  target?: string;
  'source-dir'?: string;
  today?: string;
}

export function snapshotCommand(ctx: CommandContext): RollcallCommand<Args> {
  return {
    command: 'snapshot',
    synopsis: 'rollcall snapshot --config FILE --out SNAPSHOT [--target NAME] [--source-dir DIR] [--today YYYY-MM-DD] [options]',
    describe: 'Read a directory (Google or Entra) in bulk and write a snapshot file (JSON Lines), to plan offline or seed the emulator',
    builder: (y) =>
      y
        .option('config', pathOption('Config file (JSON or YAML)', true))
        .option('out', pathOption('Snapshot file to write, e.g. snapshots/2026-11-23.jsonl', true))
        .option('target', TARGET_OPTION)
        .option('source-dir', pathOption('PowerSchool CSV exports, to know whose group memberships to read (overrides powerschool.source)'))
        .option('today', dateOption('Date for the rules, YYYY-MM-DD (default: today, local time)')) as never,
    handler: async (args) => {
      const today = todayOr(args.today);
      const config = await loadConfig(args.config);
      const target = openTarget(config, args.target, ctx);
      await refuseToOverwriteInputs([{ file: args.out, flag: '--out' }], runInputs(config, args['source-dir']));
      // Memberships are read for the accounts a plan could remove from groups: that needs the source.
      const source = await makeSource(config, args['source-dir'], ctx.env, today);
      await mkdir(path.dirname(path.resolve(args.out)), { recursive: true });
      await takeSnapshot({ config, source, target, today, events: ctx.log, file: args.out });
    },
  };
}
