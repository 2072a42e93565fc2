import type { CommandModule } from 'yargs';
import { loadConfig } from '../../config/load.js';
import type { CliContext } from '../context.js';

interface Args {
  config: string;
}

export function validateCommand(ctx: CliContext): CommandModule<object, Args> {
  return {
    command: 'validate',
    describe: 'Check a config file against the schema and print the effective settings',
    builder: (y) =>
      y.option('config', { type: 'string', demandOption: true, describe: 'Config file (JSON or YAML)' }) as never,
    handler: async (args) => {
      const loaded = await loadConfig(args.config);
      for (const w of loaded.warnings) ctx.stderr.write(`rollcall: warning: ${args.config}: ${w}\n`);
      ctx.stdout.write(`${args.config}: valid (domain ${loaded.config.google.domain}, ${loaded.digest.slice(0, 19)}…)\n`);
      ctx.stdout.write(`${JSON.stringify(loaded.config, null, 2)}\n`);
    },
  };
}
