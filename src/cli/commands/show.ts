import type { CommandModule } from 'yargs';
import { readPlanFile } from '../../plan/plan-file.js';
import { renderJson } from '../../render/json.js';
import { renderMarkdown } from '../../render/markdown.js';
import { renderText } from '../../render/text.js';
import type { CliContext } from '../context.js';
import { useColor } from '../terminal.js';

interface Args {
  plan: string;
  format: 'text' | 'markdown' | 'json';
  color?: boolean;
}

export function showCommand(ctx: CliContext): CommandModule<object, Args> {
  return {
    command: 'show <plan>',
    describe: 'Show a plan for review: text for a person, markdown for CI, json for machines',
    builder: (y) =>
      y
        .positional('plan', { type: 'string', demandOption: true, describe: 'Plan file written by rollcall plan' })
        .option('format', { choices: ['text', 'markdown', 'json'] as const, default: 'text' as const })
        .option('color', { type: 'boolean', describe: 'Force colour on or off (default: on for a terminal, off with NO_COLOR)' }) as never,
    handler: async (args) => {
      const plan = await readPlanFile(args.plan);
      if (args.format === 'json') renderJson(plan, ctx.stdout);
      else if (args.format === 'markdown') renderMarkdown(plan, ctx.stdout);
      else renderText(plan, ctx.stdout, { color: args.color ?? useColor(ctx.stdout, ctx.env) });
    },
  };
}
