import { approvalsToShow } from '../../approval/check.js';
import { readPlanFile } from '../../plan/plan-file.js';
import { renderApprovalsMarkdown, renderApprovalsText } from '../../render/approvals.js';
import { redactPlan } from '../../plan/redact.js';
import { redactKey } from '../redact-key.js';
import { renderJson } from '../../render/json.js';
import { renderMarkdown } from '../../render/markdown.js';
import { renderReviewJson, renderReviewMarkdown, renderReviewText } from '../../render/review.js';
import { renderText } from '../../render/text.js';
import type { RollcallCommand } from '../command.js';
import type { CommandContext } from '../context.js';
import { integerOption } from '../options.js';
import { useColor } from '../terminal.js';

interface Args {
  plan: string;
  format: 'text' | 'markdown' | 'json';
  view: 'changes' | 'review';
  redact: boolean;
  color?: boolean;
  width?: number;
}

export function showCommand(ctx: CommandContext): RollcallCommand<Args> {
  return {
    command: 'show <plan>',
    synopsis: 'rollcall show PLAN [--view changes|review] [--format text|markdown|json] [--redact] [options]',
    describe: 'Show a plan for review: text for a person, markdown for CI, json for machines',
    builder: (y) =>
      y
        .positional('plan', { type: 'string', demandOption: true, describe: 'Plan file written by rollcall plan' })
        .option('format', { choices: ['text', 'markdown', 'json'] as const, default: 'text' as const, describe: 'text for a terminal, markdown for a CI summary or pull request, json for machines' })
        .option('view', {
          choices: ['changes', 'review'] as const,
          default: 'changes' as const,
          describe: 'changes: every change with its reasons; review: counts by school, the largest groups of similar changes, graduates, issues (for a rollover)',
        })
        .option('redact', { type: 'boolean', default: false, describe: 'Show names and addresses as stable pseudonyms (needs ROLLCALL_REDACT_KEY)' })
        .option('color', { type: 'boolean', describe: 'Force colour on or off (default: on for a terminal, off with NO_COLOR)' })
        .option('width', integerOption('width', 'Wrap text at this many columns (default: the terminal width, or 120 when not writing to a terminal)', { min: 40 })) as never,
    handler: async (args) => {
      const read = await readPlanFile(args.plan);
      const plan = args.redact ? redactPlan(read, redactKey(ctx.env)) : read;
      const color = args.color ?? useColor(ctx.stdout, ctx.env);
      const width = args.width ?? (ctx.stdout.isTTY === true ? ctx.stdout.columns : undefined);
      const review = args.view === 'review';
      // Approvals sign the plan file itself, so they are checked against it, redacted view or not.
      const approvals = await approvalsToShow(read, args.plan);
      if (args.format === 'json') {
        if (review) renderReviewJson(plan, ctx.stdout);
        else renderJson(plan, ctx.stdout, approvals);
      } else if (args.format === 'markdown') {
        (review ? renderReviewMarkdown : renderMarkdown)(plan, ctx.stdout);
        renderApprovalsMarkdown(approvals, ctx.stdout);
      } else {
        (review ? renderReviewText : renderText)(plan, ctx.stdout, { color, ...(width !== undefined ? { width } : {}) });
        renderApprovalsText(approvals, ctx.stdout);
      }
    },
  };
}
