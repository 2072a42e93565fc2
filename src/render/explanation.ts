/** `rollcall explain` for a person to read: each PowerSchool record found, the rules, the account, the plan. */
import { Chalk } from 'chalk';
import { enabledWord, type AccountView, type Explanation, type RecordExplanation, type SourceRecordView } from '../explain/explain-person.js';
import type { TargetVocabulary } from '../model/directory-port.js';
import { fieldChanges, formatFieldChange } from './describe-change.js';
import { issueLocation } from './describe-issue.js';
import type { TextSink } from './output.js';

const QUERY_LABEL = { address: 'address', dcid: 'DCID', 'student-number': 'student number' } as const;

export function renderExplanationText(explanation: Explanation, out: TextSink, options: { color: boolean }): void {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const lines: string[] = [];
  const { query } = explanation;
  const words = explanation.target.vocabulary;
  lines.push(c.bold(`rollcall explain: ${QUERY_LABEL[query.by]} ${query.value}`), `  rules as of ${explanation.today}, ${words.directory} ${explanation.target.identity}`);
  if (explanation.records.length === 0 && explanation.unmanaged.length === 0) {
    lines.push('', `No PowerSchool record has ${QUERY_LABEL[query.by]} ${query.value}${query.by === 'address' ? `, and no ${words.directory} account holds that address` : ''}.`);
    lines.push('A row PowerSchool exported with a missing or unreadable value is left out before this search: rollcall show PLAN lists such rows.');
  }
  for (const record of explanation.records) lines.push('', ...recordLines(record, words, c));
  for (const account of explanation.unmanaged) {
    lines.push('', c.bold(`${words.directory} account ${account.address}`), `  ${describeAccount(account, words)}`);
    lines.push('  No PowerSchool record claims it: it is unmanaged, and rollcall never changes it.');
  }
  if (explanation.holds.length > 0) {
    lines.push('', c.red.bold('The plan as a whole is held: apply refuses it unless given --override-holds:'), ...explanation.holds.map((h) => c.red(`  ! ${h}`)));
  }
  out.write(`${lines.join('\n')}\n`);
}

export function renderExplanationJson(explanation: Explanation, out: TextSink): void {
  out.write(`${JSON.stringify(explanation, null, 2)}\n`);
}

function recordLines(r: RecordExplanation, words: TargetVocabulary, c: InstanceType<typeof Chalk>): string[] {
  const who = `${r.record.columns.FIRST_NAME ?? ''} ${r.record.columns.LAST_NAME ?? ''}`.trim();
  const lines = [c.bold(`${r.record.file} row ${r.record.row}: ${r.population} ${who}`), `  PowerSchool holds: ${columns(r.record)}`];
  for (const a of r.assignments ?? []) lines.push(`    ${a.file} row ${a.row}: ${columns(a)}`);
  lines.push('  Rules:', ...r.rules.map((rule) => `    - ${rule}`));
  if (r.match !== null) {
    const found = r.match.accounts.length === 0 ? 'no account' : r.match.accounts.join(', ');
    lines.push(`  ${words.directory}: ${r.match.rule} looks for ${r.match.key} = ${r.match.value}: ${found}`);
    if (r.account !== null) lines.push(`    ${r.account.address}: ${describeAccount(r.account, words)}`);
  }
  lines.push(`  Plan: ${r.outcome}`);
  for (const change of r.changes) {
    for (const fact of fieldChanges(change, words)) lines.push(`    ${formatFieldChange(fact)}`);
    for (const reason of change.reasons) lines.push(c.dim(`      # ${reason}`));
  }
  if (r.issues.length > 0) {
    lines.push('  Issues:');
    for (const issue of r.issues) lines.push(`    ${issue.severity} ${[issueLocation(issue), issue.code, issue.message].filter((p) => p !== '').join('  ')}`);
  }
  return lines;
}

function columns(record: SourceRecordView): string {
  return Object.entries(record.columns)
    .map(([name, value]) => `${name} ${value === null || value === '' ? '(empty)' : String(value)}`)
    .join(', ');
}

function describeAccount(account: AccountView, words: TargetVocabulary): string {
  const parts = [account.id !== undefined ? `id ${account.id}` : null, account.name || null, account.placement.join(', '), enabledWord(account.enabled, words)];
  if (account.otherAddresses) parts.push(`also ${account.otherAddresses.join(', ')}`);
  return parts.filter((p) => p !== null).join(', ');
}
