import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { CommandModule } from 'yargs';
import { loadConfig } from '../../config/load.js';
import { makePlan } from '../../engine/make-plan.js';
import { writePlanFile } from '../../plan/plan-file.js';
import { deliverSummary } from '../../notify/deliver.js';
import { planSummary } from '../../notify/run-summary.js';
import { redactKey } from '../redact-key.js';
import type { CliContext } from '../context.js';
import { makeGoogleReader } from '../make-google-reader.js';
import { makeSource } from '../make-source.js';
import { refuseToOverwriteInputs, runInputs } from '../output-guard.js';
import { StderrSink } from '../terminal.js';
import { parseToday } from '../today.js';

interface Args {
  config: string;
  'source-dir'?: string;
  'google-snapshot'?: string;
  today?: string;
  out: string;
  'detailed-exitcode': boolean;
  quiet: boolean;
  verbose: boolean;
  redact: boolean;
}

export function planCommand(ctx: CliContext): CommandModule<object, Args> {
  return {
    command: 'plan',
    describe: 'Compare PowerSchool with Google and write a plan of the changes',
    builder: (y) =>
      y
        .option('config', { type: 'string', demandOption: true, describe: 'Config file (JSON or YAML)' })
        .option('source-dir', { type: 'string', describe: 'Directory of PowerSchool CSV exports (overrides powerschool.source)' })
        .option('google-snapshot', { type: 'string', describe: 'Google snapshot file (JSON Lines); without it Google is read live' })
        .option('today', { type: 'string', describe: 'Evaluate the rules for this date, YYYY-MM-DD (default: today, local time)' })
        .option('out', { type: 'string', demandOption: true, describe: 'Where to write the plan, e.g. plans/2026-11-23.json' })
        .option('detailed-exitcode', { type: 'boolean', default: false, describe: 'Exit 0 when there are no changes, 2 when there are, 1 on error' })
        .option('quiet', { type: 'boolean', default: false, describe: 'Only warnings and errors on stderr' })
        .option('redact', {
          type: 'boolean',
          default: false,
          describe: 'Also write OUT with .redacted.json: names and addresses as stable pseudonyms, for CI artifacts (needs ROLLCALL_REDACT_KEY)',
        })
        .option('verbose', { type: 'boolean', default: false, describe: 'Show progress of the Google read and every retry' }) as never,
    handler: async (args) => {
      const today = parseToday(args.today);
      const key = args.redact ? redactKey(ctx.env) : null;
      const config = await loadConfig(args.config);
      const redactedFile = args.out.replace(/(\.json)?$/, '.redacted.json');
      await refuseToOverwriteInputs(
        [{ file: args.out, flag: '--out' }, ...(key !== null ? [{ file: redactedFile, flag: '--redact (its copy)' }] : [])],
        runInputs(config, args['source-dir'], args['google-snapshot']),
      );
      const events = new StderrSink({ verbose: args.verbose, quiet: args.quiet }, ctx.stderr);
      for (const w of config.warnings) events.emit({ level: 'warn', code: 'CONFIG_WARNING', message: `${args.config}: ${w}` });
      const plan = await makePlan({
        config,
        source: await makeSource(config, args['source-dir'], ctx.env),
        google: makeGoogleReader(config, args['google-snapshot'], ctx, events),
        today,
        events,
      });
      await mkdir(path.dirname(path.resolve(args.out)), { recursive: true });
      await writePlanFile(args.out, plan);
      if (key !== null) {
        const { redactPlan } = await import('../../plan/redact.js');
        await writePlanFile(redactedFile, redactPlan(plan, key));
        events.emit({ level: 'info', code: 'PLAN_REDACTED', message: `wrote ${redactedFile} (pseudonyms, for sharing)` });
      }
      const s = plan.summary;
      events.emit({
        level: 'info',
        code: 'PLAN_WRITTEN',
        message: `wrote ${args.out}: ${s.create} to create, ${s.update} to update, ${s.removeFromGroup} group removals; ${s.issues.error} source errors, ${s.issues.warning} warnings. Review it with: rollcall show ${args.out}`,
      });
      await deliverSummary(planSummary(plan, args.out), config.config.notify, { env: ctx.env, baseDir: config.baseDir, events });
      if (args['detailed-exitcode']) ctx.exitCode = s.changes > 0 ? 2 : 0;
    },
  };
}
