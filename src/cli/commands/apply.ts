import { applyPlan } from '../../apply/apply-plan.js';
import { RunStop } from '../../apply/run-stop.js';
import { loadConfig } from '../../config/load.js';
import { readPlanFile } from '../../plan/plan-file.js';
import { deliverSummary } from '../../notify/deliver.js';
import { applyRefusedSummary, applySummary } from '../../notify/run-summary.js';
import { ErrorCodes, isRollcallError } from '../../errors.js';
import { planTarget } from '../../apply/preconditions.js';
import type { RollcallCommand } from '../command.js';
import type { CommandContext } from '../context.js';
import { targetOfKind } from '../open-target.js';
import { dateOption, pathOption } from '../options.js';
import { stopOnSignals } from '../stop-signals.js';
import { todayOr } from '../today.js';

interface Args {
  plan: string;
  config: string;
  only?: string[];
  exclude?: string[];
  'break-lock': boolean;
  read: 'auto' | 'each' | 'list';
  today?: string;
  'override-holds': boolean;
}

export function applyCommand(ctx: CommandContext): RollcallCommand<Args> {
  return {
    command: 'apply <plan>',
    synopsis: 'rollcall apply PLAN --config FILE [--only ID|ADDRESS ...] [--exclude ID|ADDRESS ...] [--override-holds] [options]',
    describe: 'Apply a reviewed plan to Google: each change is checked against the account as it is now, then made',
    builder: (y) =>
      y
        .positional('plan', { type: 'string', demandOption: true, describe: 'Plan file written by rollcall plan' })
        .option('config', pathOption('The config the plan was made with (JSON or YAML)', true))
        .option('only', { type: 'string', array: true, requiresArg: true, describe: 'Apply only these changes: change ids (see rollcall show --format json) or account addresses' })
        .option('exclude', { type: 'string', array: true, requiresArg: true, describe: 'Hold back these changes: change ids or account addresses' })
        .option('override-holds', { type: 'boolean', default: false, describe: 'Apply a plan held by a safety limit (after reviewing it); recorded in the journal' })
        .option('today', dateOption('The date apply runs on, YYYY-MM-DD (default: today, local time), for the plan-age check'))
        .option('break-lock', { type: 'boolean', default: false, describe: 'Take the apply lock for this domain even if another run holds it' })
        .option('read', {
          choices: ['auto', 'each', 'list'] as const,
          default: 'auto' as const,
          describe: 'How accounts are read before acting: each = one users.get per account, list = one listing of every account, auto = the cheaper',
        }) as never,
    handler: async (args) => {
      const config = await loadConfig(args.config);
      const events = ctx.log;
      for (const w of config.warnings) events.emit({ level: 'warn', code: 'CONFIG_WARNING', message: `${args.config}: ${w}` });
      const today = todayOr(args.today);
      const plan = await readPlanFile(args.plan, { ownerOnly: true });
      const notify = (summary: Parameters<typeof deliverSummary>[0]) =>
        deliverSummary(summary, config.config.notify, { env: ctx.env, baseDir: config.baseDir, events });
      const deadlineSeconds = config.config.apply.stopDeadlineSeconds;
      const stop = new RunStop(deadlineSeconds * 1000);
      const signals = stopOnSignals(stop, events, deadlineSeconds);
      const apply = async () =>
        applyPlan({
          plan,
          stop,
          planFile: args.plan,
          config,
          // The directory the plan was made for, as this config describes it.
          target: targetOfKind(config, planTarget(plan, args.plan, config), ctx),
          env: ctx.env,
          events,
          ...(args.only !== undefined ? { only: args.only } : {}),
          ...(args.exclude !== undefined ? { exclude: args.exclude } : {}),
          breakLock: args['break-lock'],
          today,
          overrideHolds: args['override-holds'],
          readMode: args.read,
        });
      const result = await apply()
        .catch(async (err: unknown) => {
          if (isRollcallError(err) && err.code === ErrorCodes.PLAN_REFUSED) await notify(applyRefusedSummary(plan, args.plan, err.message));
          throw err;
        })
        .finally(() => {
          signals.dispose();
          stop.dispose();
        });
      await notify(applySummary(plan, args.plan, result));
      ctx.exitCode = signals.exitCode ?? (result.ok ? 0 : 1);
    },
  };
}
