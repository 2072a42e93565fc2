import { Chalk } from 'chalk';
import type { PlanComparison } from '../plan/compare-plans.js';
import type { Change, Plan } from '../plan/types.js';
import { actionGroupOf, ACTION_GROUP_LABELS } from './group-changes.js';
import { escapeCell } from './markdown-escape.js';
import type { TextSink } from './output.js';

function describe(c: Change): string {
  const what = c.kind === 'remove-from-group' ? `remove from ${c.group}` : ACTION_GROUP_LABELS[actionGroupOf(c)];
  return `${c.address} (${c.person.displayName}): ${what}${c.reasons[0] ? ` — ${c.reasons[0]}` : ''}`;
}

const SECTIONS = [
  ['persisting', 'Persisting (planned on both nights: check why they did not happen)', '='],
  ['appeared', 'Appeared', '+'],
  ['disappeared', 'Disappeared (done, or no longer wanted)', '-'],
] as const;

export function renderComparisonText(a: Plan, b: Plan, cmp: PlanComparison, out: TextSink, options: { color: boolean }): void {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const paint = { persisting: c.yellow, appeared: c.green, disappeared: c.dim } as const;
  out.write(`${c.bold(`rollcall diff: ${a.today} -> ${b.today} (${a.target.identity})`)}\n`);
  out.write(`  ${cmp.appeared.length} appeared, ${cmp.disappeared.length} disappeared, ${cmp.persisting.length} persisting\n`);
  if (cmp.holds.before !== cmp.holds.after) out.write(`  holds: ${cmp.holds.before} -> ${cmp.holds.after}\n`);
  for (const [key, title, symbol] of SECTIONS) {
    const list = cmp[key];
    if (list.length === 0) continue;
    out.write(`\n${c.bold(`${title} (${list.length})`)}\n`);
    for (const change of list) out.write(`  ${paint[key](symbol)} ${describe(change)}\n`);
  }
}

export function renderComparisonMarkdown(a: Plan, b: Plan, cmp: PlanComparison, out: TextSink): void {
  const lines = [
    `## rollcall diff: ${escapeCell(a.today)} → ${escapeCell(b.today)}`,
    '',
    `| appeared | disappeared | persisting |`,
    `|---:|---:|---:|`,
    `| ${cmp.appeared.length} | ${cmp.disappeared.length} | ${cmp.persisting.length} |`,
  ];
  for (const [key, title] of SECTIONS) {
    const list = cmp[key];
    if (list.length === 0) continue;
    lines.push('', `### ${title}: ${list.length}`, '', '| change | account | what |', '|---|---|---|');
    for (const change of list) lines.push(`| \`${change.id}\` | ${escapeCell(change.address)} | ${escapeCell(describe(change).slice(change.address.length + 1))} |`);
  }
  out.write(`${lines.join('\n')}\n`);
}
