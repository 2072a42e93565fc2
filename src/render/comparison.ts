import { Chalk } from 'chalk';
import type { PlanComparison } from '../plan/compare-plans.js';
import { subjectAddress } from '../plan/change-subject.js';
import type { Change, Plan } from '../plan/types.js';
import { actionGroupOf, ACTION_GROUP_LABELS } from './group-changes.js';
import { GROUP_CHANGE_LABELS } from './managed-groups.js';
import { escapeCell } from './markdown-escape.js';
import type { TextSink } from './output.js';

/** What a change does, after its address: "(Ann Lee): move — reason", "in alg@...: add member — reason". */
function what(c: Change): string {
  const reason = c.reasons[0] ? ` — ${c.reasons[0]}` : '';
  if ('address' in c) return `(${c.person.displayName}): ${c.kind === 'remove-from-group' ? `remove from ${c.group}` : ACTION_GROUP_LABELS[actionGroupOf(c)]}${reason}`;
  const where = c.kind === 'create-group' || c.kind === 'delete-group' ? '' : ` in ${c.group}`;
  return `${where}: ${GROUP_CHANGE_LABELS[c.kind]}${reason}`.replace(/^ /, '');
}

function describe(c: Change): string {
  const text = what(c);
  return `${subjectAddress(c)}${text.startsWith(':') ? '' : ' '}${text}`;
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
    for (const change of list) lines.push(`| \`${change.id}\` | ${escapeCell(subjectAddress(change))} | ${escapeCell(what(change).replace(/^: /, ''))} |`);
  }
  out.write(`${lines.join('\n')}\n`);
}
