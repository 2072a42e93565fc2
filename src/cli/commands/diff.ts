import { comparePlans } from '../../plan/compare-plans.js';
import { groupOf, subjectAddress } from '../../plan/change-subject.js';
import { readPlanFile } from '../../plan/plan-file.js';
import type { Change } from '../../plan/types.js';
import { renderComparisonMarkdown, renderComparisonText } from '../../render/comparison.js';
import type { RollcallCommand } from '../command.js';
import type { CommandContext } from '../context.js';
import { useColor } from '../terminal.js';

interface Args {
  before: string;
  after: string;
  format: 'text' | 'markdown' | 'json';
}

export function diffCommand(ctx: CommandContext): RollcallCommand<Args> {
  return {
    command: 'diff <before> <after>',
    synopsis: 'rollcall diff PLAN_BEFORE PLAN_AFTER [--format text|markdown|json] [options]',
    describe: 'Compare two plans (say, last night and tonight): changes that appeared, disappeared and persist',
    builder: (y) =>
      y
        .positional('before', { type: 'string', demandOption: true, describe: 'The earlier plan, e.g. last night\'s' })
        .positional('after', { type: 'string', demandOption: true, describe: 'The later plan, e.g. tonight\'s' })
        .option('format', { choices: ['text', 'markdown', 'json'] as const, default: 'text' as const, describe: 'text for a terminal, markdown for CI, json (change ids and addresses) for machines' }) as never,
    handler: async (args) => {
      const [a, b] = await Promise.all([readPlanFile(args.before), readPlanFile(args.after)]);
      const cmp = comparePlans(a, b);
      if (args.format === 'json') {
        const ids = (list: readonly Change[]) => list.map((c) => ({ id: c.id, address: subjectAddress(c), ...(groupOf(c) !== undefined ? { group: groupOf(c) } : {}) }));
        ctx.stdout.write(`${JSON.stringify({ before: args.before, after: args.after, appeared: ids(cmp.appeared), disappeared: ids(cmp.disappeared), persisting: ids(cmp.persisting) }, null, 2)}\n`);
      } else if (args.format === 'markdown') renderComparisonMarkdown(a, b, cmp, ctx.stdout);
      else renderComparisonText(a, b, cmp, ctx.stdout, { color: useColor(ctx.stdout, ctx.env) });
    },
  };
}
