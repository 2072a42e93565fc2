/**
 * `rollcall show PLAN` for a terminal, in Terraform's manner: a header, then every change grouped
 * by school and action with a symbol, the account, the person and what changes, each followed by
 * its reasons; then validation issues and one closing line of totals.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import type { TargetVocabulary } from '../model/directory-port.js';
import { isGroupChange, type AccountChange, type DeleteAccountChange, type GroupChange, type GroupChangeKind, type Plan, type PlanIssue } from '../plan/types.js';
import { fieldChanges, formatFieldChange } from './describe-change.js';
import { issueLocation, issuesBySeverity } from './describe-issue.js';
import { personLabel } from './describe-person.js';
import { describeInputs, describeLeftAlone, describeRestoreWindows, describeTotals, noChanges } from './describe-plan.js';
import {
  ACTION_GROUP_LABELS,
  describeGroupCounts,
  groupBySchool,
  type ActionGroup,
  type ActionGroupOfChanges,
  type SchoolGroup,
} from './group-changes.js';
import { describeGroupChangeCounts, GROUP_CHANGE_LABELS, groupByGroup, groupChangeSubject, type ChangesOfGroup } from './managed-groups.js';
import type { TextSink } from './output.js';
import { wrapLine } from './wrap.js';

export interface TextOptions {
  /** Decided by the caller (NO_COLOR, FORCE_COLOR, isTTY): false means not one ANSI escape. */
  color: boolean;
  /**
   * Terminal columns: reasons, issues and totals wrap at it, and a change whose facts don't fit
   * lists them one per line; nothing is cut. Without it nothing wraps (a file or a pipe), and
   * facts go one per line past 120 columns.
   */
  width?: number;
}

const DEFAULT_WIDTH = 120;
/** Columns are aligned within a group, but one long address must not push every line right. */
const MAX_ADDRESS_COLUMN = 40;
const MAX_PERSON_COLUMN = 32;
const CHANGE_INDENT = '    ';
const DETAIL_INDENT = '        ';

type Paint = (text: string) => string;

interface Palette {
  symbol(action: ActionGroup | GroupChangeKind): string;
  action(action: ActionGroup | GroupChangeKind): Paint;
  bold: Paint;
  dim: Paint;
  severity(severity: PlanIssue['severity']): Paint;
  /** Holds: the one thing a reviewer must not miss. */
  error: Paint;
}

function palette(c: ChalkInstance): Palette {
  const colors: Record<ActionGroup | GroupChangeKind, Paint> = {
    'create-group': c.green,
    'add-member': c.green,
    'remove-member': c.red,
    'change-role': c.yellow,
    'delete-group': c.red,
    'delete-account': c.red.bold,
    create: c.green,
    suspend: c.red,
    unsuspend: c.green,
    rename: c.yellow,
    move: c.yellow,
    'update-attributes': c.yellow,
    'remove-from-group': c.red,
    'remove-licence': c.red,
    'assign-licence': c.green,
  };
  // Three columns wide, right-aligned, as Terraform aligns "  +" with "-/+".
  const symbols: Record<ActionGroup | GroupChangeKind, string> = {
    'create-group': `  ${c.green('+')}`,
    'add-member': `  ${c.green('+')}`,
    'remove-member': `  ${c.red('-')}`,
    'change-role': `  ${c.yellow('~')}`,
    'delete-group': `  ${c.red('-')}`,
    'delete-account': `  ${c.red.bold('x')}`,
    create: `  ${c.green('+')}`,
    suspend: `  ${c.red('-')}`,
    // Access comes back (+) by editing an existing account (~).
    unsuspend: `${c.green('+')}/${c.yellow('~')}`,
    rename: `  ${c.yellow('~')}`,
    move: `  ${c.yellow('~')}`,
    'update-attributes': `  ${c.yellow('~')}`,
    'remove-from-group': `  ${c.red('-')}`,
    'remove-licence': `  ${c.red('-')}`,
    'assign-licence': `  ${c.green('+')}`,
  };
  return {
    symbol: (action) => symbols[action],
    action: (action) => colors[action],
    bold: c.bold,
    dim: c.dim,
    severity: (severity) => (severity === 'error' ? c.red : c.yellow),
    error: c.red,
  };
}

export function renderText(plan: Plan, out: TextSink, options: TextOptions): void {
  const p = palette(new Chalk({ level: options.color ? 1 : 0 }));
  const width = options.width ?? DEFAULT_WIDTH;
  const wrapAt = options.width;
  const line = (text = '', indent = '  '): void => {
    for (const part of wrapLine(text, wrapAt, indent)) out.write(`${part}\n`);
  };

  const words = plan.target.vocabulary;
  line(p.bold(`rollcall plan for ${plan.target.identity}`));
  line(`  evaluated for ${plan.today} by ${plan.tool.name} ${plan.tool.version}`);
  line(`  inputs: ${describeInputs(plan.inputs, words)}`);
  line();
  if (plan.holds.length > 0) {
    // First and loud: a held plan is not applied without a person deciding to.
    line(p.bold(p.error(`HELD: apply refuses this plan unless given --override-holds (${plan.holds.length} ${plan.holds.length === 1 ? 'reason' : 'reasons'}):`)));
    for (const hold of plan.holds) for (const part of wrapLine(`  ! ${hold.message}`, wrapAt, '    ')) line(p.error(part));
    line();
  }

  const deletions = plan.changes.filter((c): c is DeleteAccountChange => c.kind === 'delete-account');
  if (deletions.length > 0) {
    // Second only to holds: these cannot be undone once the directory's restore window has passed.
    for (const text of deletionLines(deletions, words, p)) line(text, '      ');
    line();
  }

  if (plan.changes.length > 0) {
    const licences = plan.changes.some((c) => c.kind === 'assign-licence' || c.kind === 'remove-licence');
    line(
      `Symbols: ${deletions.length > 0 ? `${p.symbol('delete-account').trim()} delete  ` : ''}${p.symbol('create').trim()} create${licences ? ' or assign licence' : ''}  ` +
        `${p.symbol('suspend').trim()} suspend or remove from group${licences ? ' or licence' : ''}  ` +
        `${p.symbol('unsuspend')} unsuspend  ${p.symbol('move').trim()} rename, move or update attributes` +
        (plan.changes.some(isGroupChange) ? `; groups: ${p.symbol('add-member').trim()} create or add  ${p.symbol('remove-member').trim()} remove or delete  ${p.symbol('change-role').trim()} change role` : ''),
    );
    line();
    for (const school of groupBySchool(plan.changes)) {
      // Already fitted: facts are kept whole, one per line, and reasons were wrapped.
      for (const text of schoolLines(school, words, p, width, wrapAt)) out.write(`${text}\n`);
      line();
    }
    for (const group of groupByGroup(plan.changes)) {
      for (const text of groupLinesOf(group, words, p, width, wrapAt)) out.write(`${text}\n`);
      line();
    }
  }

  if (plan.issues.length > 0) {
    for (const text of issueLines(plan.issues, p)) line(text, '    ');
    line();
  }

  const leftAlone = describeLeftAlone(plan.summary);
  const closing = plan.changes.length === 0 ? noChanges(words) : `${p.bold('Plan:')} ${describeTotals(plan)}`;
  line(leftAlone ? `${closing} ${leftAlone}` : closing, '');
  if (plan.holds.length > 0) line(p.error(`Held: ${plan.holds.length} safety ${plan.holds.length === 1 ? 'limit' : 'limits'} reached (see the top).`));
}

function schoolLines(school: SchoolGroup, words: TargetVocabulary, p: Palette, width: number, wrapAt: number | undefined): string[] {
  const changes = school.total === 1 ? '1 change' : `${school.total} changes`;
  const lines = [p.bold(`${school.label} — ${changes}: ${describeGroupCounts(school.actions)}`)];
  for (const group of school.actions) {
    lines.push('', `  ${p.action(group.action)(`${ACTION_GROUP_LABELS[group.action]} (${group.changes.length})`)}`);
    lines.push(...groupLines(group, words, p, width, wrapAt));
  }
  return lines;
}

function groupLines(group: ActionGroupOfChanges, words: TargetVocabulary, p: Palette, width: number, wrapAt: number | undefined): string[] {
  // A reduce, not Math.max(...spread): a rollover can put tens of thousands of changes in one group.
  const widest = (measure: (change: AccountChange) => number): number =>
    group.changes.reduce((most, change) => Math.max(most, measure(change)), 0);
  const addressColumn = Math.min(MAX_ADDRESS_COLUMN, widest((change) => change.address.length));
  const personColumn = Math.min(MAX_PERSON_COLUMN, widest((change) => personLabel(change.person).length));
  return group.changes.flatMap((change) =>
    changeLines({ change, address: change.address, who: personLabel(change.person) }, group.action, words, p, width, wrapAt, addressColumn, personColumn),
  );
}

/** A managed group's changes: a header naming the group and its set, then each change. */
function groupLinesOf(group: ChangesOfGroup, words: TargetVocabulary, p: Palette, width: number, wrapAt: number | undefined): string[] {
  const count = group.changes.length === 1 ? '1 change' : `${group.changes.length} changes`;
  const lines = [p.bold(`${group.group} (set "${group.set}") — ${count}: ${describeGroupChangeCounts(group.counts)}`)];
  const subjects = group.changes.map((change) => ({ change, ...groupChangeSubject(change) }));
  const addressColumn = Math.min(MAX_ADDRESS_COLUMN, subjects.reduce((most, s) => Math.max(most, s.address.length), 0));
  const personColumn = Math.min(MAX_PERSON_COLUMN, subjects.reduce((most, s) => Math.max(most, s.who.length), 0));
  for (const subject of subjects) {
    const kind = subject.change.kind;
    const label = kind === 'create-group' || kind === 'delete-group' ? { ...subject, address: GROUP_CHANGE_LABELS[kind] } : subject;
    lines.push(...changeLines(label, kind, words, p, width, wrapAt, addressColumn, personColumn));
  }
  return lines;
}

/** One change as a line (or more): who or what it is about, and its facts and reasons. */
interface ShownChange {
  change: AccountChange | GroupChange;
  address: string;
  who: string;
}

function changeLines(
  shown: ShownChange,
  action: ActionGroup | GroupChangeKind,
  words: TargetVocabulary,
  p: Palette,
  width: number,
  wrapAt: number | undefined,
  addressColumn: number,
  personColumn: number,
): string[] {
  const { change } = shown;
  // A new group's name is shown beside it already.
  const facts = fieldChanges(change, words)
    .filter((field) => !(change.kind === 'create-group' && field.field === 'name'))
    .map((field) => formatFieldChange(field));
  // Measured without color: the symbol is always three columns.
  const lead = `${shown.address.padEnd(addressColumn)}  ${shown.who.padEnd(personColumn)}`;
  const inline = facts.join('; ');
  const fits = CHANGE_INDENT.length + 4 + lead.length + 2 + inline.length <= width;
  const lines: string[] = [];
  // One fact stays beside the account unless the line would pass a terminal's edge.
  if (facts.length === 0 || fits || (facts.length === 1 && wrapAt === undefined)) {
    lines.push(`${CHANGE_INDENT}${p.symbol(action)} ${inline ? `${lead}  ${inline}` : lead.trimEnd()}`);
  } else {
    lines.push(`${CHANGE_INDENT}${p.symbol(action)} ${lead.trimEnd()}`);
    lines.push(...facts.map((fact) => `${DETAIL_INDENT}${fact}`));
  }
  // Wrapped before colouring, so each line carries its own colour codes.
  for (const reason of change.reasons) lines.push(...wrapLine(`${DETAIL_INDENT}# ${reason}`, wrapAt, `${DETAIL_INDENT}  `).map((part) => p.dim(part)));
  return lines;
}

/** The accounts deleted for good, listed before everything else, each with when it was suspended and how long it can be restored. */
function deletionLines(deletions: readonly DeleteAccountChange[], words: TargetVocabulary, p: Palette): string[] {
  const count = deletions.length === 1 ? '1 account is' : `${deletions.length} accounts are`;
  const lines = [p.bold(p.error(`DELETIONS: ${count} deleted (${words.directory} can restore each for ${describeRestoreWindows(deletions)} after, then it is gone for good):`))];
  for (const d of deletions) {
    lines.push(`  ${p.symbol('delete-account')} ${d.address}  ${personLabel(d.person)}  suspended since ${d.suspendedOn}${d.transferTo !== undefined ? `, files to ${d.transferTo} first` : ''}`);
  }
  return lines;
}

function issueLines(issues: readonly PlanIssue[], p: Palette): string[] {
  const errors = issues.filter((issue) => issue.severity === 'error').length;
  const warnings = issues.length - errors;
  const counts = [
    ...(errors > 0 ? [p.severity('error')(errors === 1 ? '1 error' : `${errors} errors`)] : []),
    ...(warnings > 0 ? [p.severity('warning')(warnings === 1 ? '1 warning' : `${warnings} warnings`)] : []),
  ];
  const lines = [`${p.bold('Issues:')} ${counts.join(', ')}`];
  for (const issue of issuesBySeverity(issues)) {
    const parts = [p.severity(issue.severity)(issue.severity.padEnd('warning'.length)), issueLocation(issue), issue.code, issue.message];
    if (issue.address !== undefined) parts.push(`(${issue.address})`);
    lines.push(`  ${parts.filter((part) => part !== '').join('  ')}`);
  }
  return lines;
}
