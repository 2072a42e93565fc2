import { loadConfig } from '../../config/load.js';
import { makeExplanation } from '../../engine/explain.js';
import type { PersonQuery } from '../../explain/explain-person.js';
import { renderExplanationJson, renderExplanationText } from '../../render/explanation.js';
import type { RollcallCommand } from '../command.js';
import type { CommandContext } from '../context.js';
import { openReader, openTarget, SNAPSHOT_OPTIONS, TARGET_OPTION, type TargetArgs } from '../open-target.js';
import { makeSource } from '../make-source.js';
import { dateOption, pathOption } from '../options.js';
import { useColor } from '../terminal.js';
import { todayOr } from '../today.js';

interface Args extends TargetArgs {
  config: string;
  address?: string;
  dcid?: string;
  'student-number'?: string;
  'source-dir'?: string;
  today?: string;
  format: 'text' | 'json';
}

const KEYS = ['address', 'dcid', 'student-number'] as const;

/**
 * One person, explained: it makes the plan `rollcall plan` would make from the same inputs
 * (reading PowerSchool and Google the same way) and shows that person's part in it.
 */
export function explainCommand(ctx: CommandContext): RollcallCommand<Args> {
  return {
    command: 'explain',
    synopsis: 'rollcall explain --config FILE (--address ADDRESS | --dcid DCID | --student-number N) [--target NAME] [--today YYYY-MM-DD] [--source-dir DIR] [--snapshot FILE] [options]',
    describe: 'Explain one person: what PowerSchool holds, which account matched and why, which rules applied, what the plan does',
    builder: (y) =>
      y
        .option('config', pathOption('Config file (JSON or YAML)', true))
        .option('address', { type: 'string', requiresArg: true, describe: 'The person by account address (a student\'s constructed address, a staff EMAIL_ADDR, or any address or alias the directory holds)' })
        .option('dcid', { type: 'string', requiresArg: true, describe: 'The person by PowerSchool DCID (STUDENTS.DCID or USERS.DCID)' })
        .option('student-number', { type: 'string', requiresArg: true, describe: 'The student by STUDENTS.STUDENT_NUMBER' })
        .conflicts('address', ['dcid', 'student-number'])
        .conflicts('dcid', 'student-number')
        .check((argv) => {
          if (KEYS.every((k) => argv[k] === undefined)) throw new Error('say whom to explain: --address, --dcid or --student-number');
          return true;
        })
        .option('target', TARGET_OPTION)
        .option('source-dir', pathOption('Directory of PowerSchool CSV exports (overrides powerschool.source)'))
        .options(SNAPSHOT_OPTIONS)
        .option('today', dateOption('Evaluate the rules for this date, YYYY-MM-DD (default: today, local time)'))
        .option('format', { choices: ['text', 'json'] as const, default: 'text' as const, describe: 'text for a person, json for machines' }) as never,
    handler: async (args) => {
      const by = KEYS.find((k) => args[k] !== undefined) as PersonQuery['by'];
      const query: PersonQuery = { by, value: args[by] as string };
      const config = await loadConfig(args.config);
      const events = ctx.log;
      for (const w of config.warnings) events.emit({ level: 'warn', code: 'CONFIG_WARNING', message: `${args.config}: ${w}` });
      const today = todayOr(args.today);
      const target = openTarget(config, args.target, ctx);
      const reader = openReader(target, args);
      const explanation = await makeExplanation({
        config,
        source: await makeSource(config, args['source-dir'], ctx.env, today),
        target,
        reader,
        today,
        events,
        query,
      });
      if (args.format === 'json') renderExplanationJson(explanation, ctx.stdout);
      else renderExplanationText(explanation, ctx.stdout, { color: useColor(ctx.stdout, ctx.env) });
    },
  };
}
