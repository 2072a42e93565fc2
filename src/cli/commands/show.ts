import type { CommandModule } from 'yargs';
import { approvalsToShow } from '../../approval/check.js';
import { readPlanFile } from '../../plan/plan-file.js';
import { renderApprovalsMarkdown, renderApprovalsText } from '../../render/approvals.js';
import { redactPlan } from '../../plan/redact.js';
import { redactKey } from '../redact-key.js';
import { renderJson } from '../../render/json.js';
import { renderMarkdown } from '../../render/markdown.js';
import { renderReviewMarkdown, renderReviewText } from '../../render/review.js';
import { renderText } from '../../render/text.js';
import type { CliContext } from '../context.js';
import { useColor } from '../terminal.js';

interface Args {
  plan: string;
  format: 'text' | 'markdown' | 'json';
  view: 'changes' | 'review';
  redact: boolean;
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
        .option('view', {
          choices: ['changes', 'review'] as const,
          default: 'changes' as const,
          describe: 'changes: every change with its reasons; review: counts by school, the largest groups of similar changes, graduates, issues (for a rollover)',
        })
        .option('redact', { type: 'boolean', default: false, describe: 'Show names and addresses as stable pseudonyms (needs ROLLCALL_REDACT_KEY)' })
        .option('color', { type: 'boolean', describe: 'Force colour on or off (default: on for a terminal, off with NO_COLOR)' }) as never,
    handler: async (args) => {
      const read = await readPlanFile(args.plan);
      const plan = args.redact ? redactPlan(read, redactKey(ctx.env)) : read;
      const color = args.color ?? useColor(ctx.stdout, ctx.env);
      // Approvals sign the plan file itself, so they are checked against it, redacted view or not.
      const approvals = await approvalsToShow(read, args.plan);
      if (args.format === 'json') renderJson(plan, ctx.stdout, approvals);
      else if (args.view === 'review') {
        if (args.format === 'markdown') renderReviewMarkdown(plan, ctx.stdout);
        else renderReviewText(plan, ctx.stdout, { color });
      } else if (args.format === 'markdown') renderMarkdown(plan, ctx.stdout);
      else renderText(plan, ctx.stdout, { color });
      if (args.format === 'markdown') renderApprovalsMarkdown(approvals, ctx.stdout);
      else if (args.format === 'text') renderApprovalsText(approvals, ctx.stdout);
    },
  };
}
