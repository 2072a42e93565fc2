import { loadConfig } from '../../config/load.js';
import { configuredTargets, targetIdentity, targetPopulations } from '../../config/targets.js';
import type { RollcallCommand } from '../command.js';
import type { CommandContext } from '../context.js';
import { pathOption } from '../options.js';

interface Args {
  config: string;
}

/** The verdict is a log line (stderr) and the effective config the output (stdout), so `validate > effective.json` holds JSON only. */
export function validateCommand(ctx: CommandContext): RollcallCommand<Args> {
  return {
    command: 'validate',
    synopsis: 'rollcall validate --config FILE [options]',
    describe: 'Check a config file against the schema and print the effective settings (every default filled in) as JSON',
    builder: (y) => y.option('config', pathOption('Config file (JSON or YAML)', true)) as never,
    handler: async (args) => {
      const loaded = await loadConfig(args.config);
      for (const w of loaded.warnings) ctx.log.emit({ level: 'warn', code: 'CONFIG_WARNING', message: `${args.config}: ${w}` });
      const targets = configuredTargets(loaded.config).map((kind) => ({ kind, identity: targetIdentity(loaded.config, kind), populations: targetPopulations(loaded.config, kind) }));
      ctx.log.emit({
        level: 'info',
        code: 'CONFIG_VALID',
        message: `${args.config}: valid (${targets.map((t) => `${t.kind} ${t.identity}: ${t.populations.join(' and ') || 'nobody'}`).join('; ')}; digest ${loaded.digest.slice(0, 19)}…)`,
        data: { targets, digest: loaded.digest },
      });
      ctx.stdout.write(`${JSON.stringify(loaded.config, null, 2)}\n`);
    },
  };
}
