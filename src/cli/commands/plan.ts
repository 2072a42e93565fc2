import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../../config/load.js';
import { makePlan } from '../../engine/make-plan.js';
import { writePlanFile } from '../../plan/plan-file.js';
import type { Plan } from '../../plan/types.js';
import { deliverSummary } from '../../notify/deliver.js';
import { planSummary } from '../../notify/run-summary.js';
import { describeTotals } from '../../render/describe-plan.js';
import { redactKey } from '../redact-key.js';
import type { RollcallCommand } from '../command.js';
import type { CommandContext } from '../context.js';
import { openReader, openTarget, SNAPSHOT_OPTIONS, TARGET_OPTION, type TargetArgs } from '../open-target.js';
import { makeSource } from '../make-source.js';
import { dateOption, pathOption } from '../options.js';
import { refuseToOverwriteInputs, runInputs } from '../output-guard.js';
import { todayOr } from '../today.js';

interface Args extends TargetArgs {
  config: string;
  'source-dir'?: string;
  today?: string;
  out: string;
  'detailed-exitcode': boolean;
  redact: boolean;
}

/** Exit codes of plan --detailed-exitcode, as Terraform's 0/1/2 plus one for a held plan. */
export const DETAILED_EXIT = { noChanges: 0, changes: 2, held: 3 } as const;

/** Held wins: a held plan needs a person even when it has nothing to change (an empty export trips the limits). */
export function detailedExitCode(plan: Plan): number {
  if (plan.holds.length > 0) return DETAILED_EXIT.held;
  return plan.summary.changes > 0 ? DETAILED_EXIT.changes : DETAILED_EXIT.noChanges;
}

export function planCommand(ctx: CommandContext): RollcallCommand<Args> {
  return {
    command: 'plan',
    synopsis: 'rollcall plan --config FILE --out PLAN [--target NAME] [--source-dir DIR] [--snapshot FILE] [--today YYYY-MM-DD] [options]',
    describe: 'Compare PowerSchool with a directory (Google or Entra) and write a plan of the changes',
    builder: (y) =>
      y
        .option('config', pathOption('Config file (JSON or YAML)', true))
        .option('out', pathOption('Where to write the plan, e.g. plans/2026-11-23.json', true))
        .option('target', TARGET_OPTION)
        .option('source-dir', pathOption('Directory of PowerSchool CSV exports (overrides powerschool.source)'))
        .options(SNAPSHOT_OPTIONS)
        .option('today', dateOption('Evaluate the rules for this date, YYYY-MM-DD (default: today, local time)'))
        .option('detailed-exitcode', {
          type: 'boolean',
          default: false,
          describe: 'Exit 0 when there are no changes, 2 when there are, 3 when a safety limit holds the plan (with or without changes), 1 on error',
        })
        .option('redact', {
          type: 'boolean',
          default: false,
          describe: 'Also write OUT with .redacted.json: names and addresses as stable pseudonyms, for CI artifacts (needs ROLLCALL_REDACT_KEY)',
        }) as never,
    handler: async (args) => {
      const today = todayOr(args.today);
      const key = args.redact ? redactKey(ctx.env) : null;
      const config = await loadConfig(args.config);
      const redactedFile = args.out.replace(/(\.json)?$/, '.redacted.json');
      const target = openTarget(config, args.target, ctx);
      await refuseToOverwriteInputs(
        [{ file: args.out, flag: '--out' }, ...(key !== null ? [{ file: redactedFile, flag: '--redact (its copy)' }] : [])],
        runInputs(config, args['source-dir'], args.snapshot ?? args['google-snapshot'], target.vocabulary.directory),
      );
      const events = ctx.log;
      for (const w of config.warnings) events.emit({ level: 'warn', code: 'CONFIG_WARNING', message: `${args.config}: ${w}` });
      const reader = openReader(target, args);
      const plan = await makePlan({
        config,
        source: await makeSource(config, args['source-dir'], ctx.env, today),
        target,
        reader,
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
      // The same totals show prints (lifecycle and managed groups only when the plan has them).
      events.emit({
        level: 'info',
        code: 'PLAN_WRITTEN',
        message: `wrote ${args.out}: ${describeTotals(plan)} ${s.issues.error} source errors, ${s.issues.warning} warnings. Review it with: rollcall show ${args.out}`,
      });
      await deliverSummary(planSummary(plan, args.out), config.config.notify, { env: ctx.env, baseDir: config.baseDir, events });
      if (args['detailed-exitcode']) ctx.exitCode = detailedExitCode(plan);
    },
  };
}
