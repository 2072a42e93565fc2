/**
 * The plan as GitHub-flavoured Markdown for a job summary or a pull-request comment: totals,
 * counts per school and action, then each school's changes in a collapsed table. Long tables are
 * cut at `maxRowsPerGroup` rows (a PR comment holds at most 65,536 characters), saying how many
 * rows were left out.
 */
import type { TargetVocabulary } from '../model/directory-port.js';
import { GROUP_CHANGE_KINDS, type AccountChange, type DeleteAccountChange, type GroupChangeKind, type Plan } from '../plan/types.js';
import { UPDATE_ACTIONS } from '../plan/types.js';
import { fieldChanges, formatFieldChange } from './describe-change.js';
import { issueLocation, issuesBySeverity } from './describe-issue.js';
import { personLabel } from './describe-person.js';
import { describeInputs, describeLeftAlone, describeRestoreWindows, describeTotals, noChanges } from './describe-plan.js';
import {
  ACTION_GROUP_LABELS,
  ACTION_GROUPS,
  actionGroupOf,
  COUNTED_ONCE,
  countByActionGroup,
  describeGroupCounts,
  groupByAction,
  groupBySchool,
  type SchoolGroup,
} from './group-changes.js';
import { countGroupChanges, describeGroupChangeCounts, emptyGroupCounts, GROUP_CHANGE_LABELS, groupByGroup, groupChangeSubject, type ChangesOfGroup } from './managed-groups.js';
import { escapeCell } from './markdown-escape.js';
import type { TextSink } from './output.js';

export interface MarkdownOptions {
  /** Rows shown per table before the rest is summarised in one line. */
  maxRowsPerGroup?: number;
}

export const DEFAULT_MAX_ROWS_PER_GROUP = 200;

export function renderMarkdown(plan: Plan, out: TextSink, options: MarkdownOptions = {}): void {
  const maxRows = Math.max(0, options.maxRowsPerGroup ?? DEFAULT_MAX_ROWS_PER_GROUP);
  const blocks: string[][] = [headerLines(plan)];
  const deletions = plan.changes.filter((c): c is DeleteAccountChange => c.kind === 'delete-account');
  if (deletions.length > 0) blocks.push(deletionTable(deletions, plan.target.vocabulary));
  if (plan.changes.length > 0) {
    const schools = groupBySchool(plan.changes);
    blocks.push(actionTable(plan));
    if (schools.length > 0) blocks.push(schoolTable(plan, schools));
    for (const school of schools) blocks.push(schoolDetails(school, plan.target.vocabulary, maxRows));
    const groups = groupByGroup(plan.changes);
    if (groups.length > 0) blocks.push(setTable(groups));
    for (const group of groups) blocks.push(groupDetails(group, plan.target.vocabulary, maxRows));
  }
  if (plan.issues.length > 0) blocks.push(issueTable(plan, maxRows));
  out.write(`${blocks.map((lines) => lines.join('\n')).join('\n\n')}\n`);
}

function headerLines(plan: Plan): string[] {
  const words = plan.target.vocabulary;
  const leftAlone = describeLeftAlone(plan.summary);
  const closing = plan.changes.length === 0 ? `**${noChanges(words)}**` : `**Plan:** ${describeTotals(plan)}`;
  return [
    `## rollcall plan for ${escapeCell(plan.target.identity)}`,
    '',
    `Evaluated for ${escapeCell(plan.today)} by ${plan.tool.name} ${escapeCell(plan.tool.version)}. ` +
      `Inputs: ${describeInputs(plan.inputs, words).replace(/ ([0-9a-f]{12})/g, ' `$1`')}.`,
    '',
    leftAlone ? `${closing} ${leftAlone}` : closing,
    ...(plan.holds.length > 0
      ? ['', `> [!WARNING]`, `> **Held:** apply refuses this plan unless given \`--override-holds\`.`, ...plan.holds.map((h) => `> - ${escapeCell(h.message)}`)]
      : []),
  ];
}

/** As every view counts: each change once, under its most serious action, so the updates' rows add up. */
function actionTable(plan: Plan): string[] {
  const { summary } = plan;
  const counts = countByActionGroup(plan.changes);
  return [
    '| Action | Count |',
    '| --- | ---: |',
    `| create | ${summary.create} |`,
    `| update | ${summary.update} |`,
    ...UPDATE_ACTIONS.filter((action) => counts[action] > 0).map((action) => `| &nbsp;&nbsp;${ACTION_GROUP_LABELS[action]} | ${counts[action]} |`),
    `| remove from group | ${summary.removeFromGroup} |`,
    ...(summary.lifecycle === undefined
      ? []
      : [
          ...(summary.lifecycle.deleteAccount > 0 ? [`| delete account | ${summary.lifecycle.deleteAccount} |`] : []),
          ...(summary.lifecycle.removeLicence > 0 ? [`| remove licence | ${summary.lifecycle.removeLicence} |`] : []),
          ...(summary.lifecycle.assignLicence > 0 ? [`| assign licence | ${summary.lifecycle.assignLicence} |`] : []),
        ]),
    ...(summary.groups !== undefined ? GROUP_CHANGE_KINDS.map((kind) => `| ${GROUP_CHANGE_LABELS[kind]} | ${countGroupChanges(plan.changes)[kind]} |`) : []),
    `| **total changes** | **${summary.changes}** |`,
  ];
}

/** First after the totals: the accounts deleted for good, when each was suspended and how long it can be restored. */
function deletionTable(deletions: readonly DeleteAccountChange[], words: TargetVocabulary): string[] {
  return [
    '> [!CAUTION]',
    `> **${deletions.length === 1 ? '1 account is' : `${deletions.length} accounts are`} deleted.** ${words.directory} can restore each for ${describeRestoreWindows(deletions)} after, then it is gone for good.`,
    '',
    '| Address | Name | Suspended since | Files to |',
    '| --- | --- | --- | --- |',
    ...deletions.map((d) => `| ${escapeCell(d.address)} | ${escapeCell(personLabel(d.person))} | ${d.suspendedOn} | ${escapeCell(d.transferTo ?? '')} |`),
  ];
}

/** Managed groups' changes per set: how many groups change, and each kind of change. */
function setTable(groups: readonly ChangesOfGroup[]): string[] {
  const bySet = new Map<string, { groups: number; counts: Record<GroupChangeKind, number> }>();
  for (const g of groups) {
    let entry = bySet.get(g.set);
    if (entry === undefined) bySet.set(g.set, (entry = { groups: 0, counts: emptyGroupCounts() }));
    entry.groups++;
    for (const kind of GROUP_CHANGE_KINDS) entry.counts[kind] += g.counts[kind];
  }
  return [
    `| Group set | groups changed | ${GROUP_CHANGE_KINDS.map((kind) => GROUP_CHANGE_LABELS[kind]).join(' | ')} |`,
    `| --- | ---: | ${GROUP_CHANGE_KINDS.map(() => '---:').join(' | ')} |`,
    ...[...bySet.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([set, e]) => `| ${escapeCell(set)} | ${e.groups} | ${GROUP_CHANGE_KINDS.map((kind) => e.counts[kind] || '').join(' | ')} |`),
  ];
}

function groupDetails(group: ChangesOfGroup, words: TargetVocabulary, maxRows: number): string[] {
  const shown = group.changes.slice(0, maxRows);
  const noun = group.changes.length === 1 ? 'change' : 'changes';
  const lines = [
    '<details>',
    `<summary><strong>${escapeCell(group.group)}</strong> (set ${escapeCell(group.set)}): ${group.changes.length} ${noun} (${describeGroupChangeCounts(group.counts)})</summary>`,
    '',
    '| Change | Member | Name | What changes | Reason |',
    '| --- | --- | --- | --- | --- |',
    ...shown.map((change) => {
      const subject = groupChangeSubject(change);
      const facts = fieldChanges(change, words).map((field) => escapeCell(formatFieldChange(field, '→')));
      return `| ${GROUP_CHANGE_LABELS[change.kind]} | ${escapeCell(subject.address)} | ${escapeCell(subject.who)} | ${facts.join('<br>')} | ${change.reasons.map(escapeCell).join('<br>')} |`;
    }),
  ];
  const hidden = group.changes.length - shown.length;
  if (hidden > 0) lines.push('', leftOutLine(hidden, 'change'));
  lines.push('', '</details>');
  return lines;
}

/** Each change counted once, under its most serious action, so a row adds up to its total. */
function schoolTable(plan: Plan, schools: readonly SchoolGroup[]): string[] {
  const all = countByActionGroup(plan.changes);
  const columns = ACTION_GROUPS.filter((action) => all[action] > 0);
  const row = (label: string, counts: Record<string, number>, total: number): string =>
    `| ${label} | ${columns.map((action) => counts[action] || '').join(' | ')} | ${total} |`;
  return [
    `| School | ${columns.map((action) => ACTION_GROUP_LABELS[action]).join(' | ')} | Total |`,
    `| --- | ${columns.map(() => '---:').join(' | ')} | ---: |`,
    ...schools.map((school) => {
      const counts = Object.fromEntries(school.actions.map((group) => [group.action, group.changes.length]));
      return row(escapeCell(school.label), counts, school.total);
    }),
    row('**all schools**', all, plan.changes.length),
    '',
    `_${COUNTED_ONCE}_`,
  ];
}

function schoolDetails(school: SchoolGroup, words: TargetVocabulary, maxRows: number): string[] {
  const changes = school.actions.flatMap((group) => group.changes);
  const shown = changes.slice(0, maxRows);
  const noun = school.total === 1 ? 'change' : 'changes';
  const lines = [
    '<details>',
    `<summary><strong>${escapeCell(school.label)}</strong>: ${school.total} ${noun} (${describeGroupCounts(school.actions)})</summary>`,
    '',
    '| Action | Address | Name | What changes | Reason |',
    '| --- | --- | --- | --- | --- |',
    ...shown.map((change) => changeRow(change, words)),
  ];
  const hidden = changes.slice(shown.length);
  if (hidden.length > 0) {
    const byAction = describeGroupCounts(groupByAction(hidden));
    lines.push('', leftOutLine(hidden.length, 'change', byAction));
  }
  lines.push('', '</details>');
  return lines;
}

function changeRow(change: AccountChange, words: TargetVocabulary): string {
  const facts = fieldChanges(change, words).map((field) => escapeCell(formatFieldChange(field, '→')));
  const reasons = change.reasons.map(escapeCell);
  return `| ${ACTION_GROUP_LABELS[actionGroupOf(change)]} | ${escapeCell(change.address)} | ${escapeCell(personLabel(change.person))} | ${facts.join('<br>')} | ${reasons.join('<br>')} |`;
}

function issueTable(plan: Plan, maxRows: number): string[] {
  const issues = issuesBySeverity(plan.issues);
  const shown = issues.slice(0, maxRows);
  const lines = [
    '### Issues',
    '',
    '| Severity | Code | Where | Message | Account |',
    '| --- | --- | --- | --- | --- |',
    ...shown.map(
      (issue) =>
        `| ${issue.severity} | ${escapeCell(issue.code)} | ${escapeCell(issueLocation(issue))} | ${escapeCell(issue.message)} | ${escapeCell(issue.address ?? '')} |`,
    ),
  ];
  if (issues.length > shown.length) lines.push('', leftOutLine(issues.length - shown.length, 'issue'));
  return lines;
}

function leftOutLine(count: number, noun: string, breakdown?: string): string {
  const what = `${count} more ${count === 1 ? noun : `${noun}s`}${breakdown ? ` (${breakdown})` : ''}`;
  return `_${what} not shown here; \`rollcall show\` lists them all._`;
}
