import type { SourceIssue } from '../sources/rows.js';
import type { DesiredAccount } from './desired-account.js';

/**
 * Two PowerSchool records claiming one address (or one DCID, or one match key) cannot both own
 * an account. When exactly one of them is active it wins (an old duplicate record is common in
 * PowerSchool) and the others are reported as warnings; otherwise none is acted on and all are
 * reported as errors: guessing would hand one person's account to another.
 */
export function resolveDuplicates(accounts: DesiredAccount[]): { accounts: DesiredAccount[]; issues: SourceIssue[] } {
  const dropped = new Set<DesiredAccount>();
  const issues: SourceIssue[] = [];
  const keys: Array<[string, string, (a: DesiredAccount) => string]> = [
    ['DUPLICATE_EMAIL', 'address', (a) => a.primaryEmail],
    ['DUPLICATE_DCID', 'DCID', (a) => `${a.person.population} ${a.person.dcid}`],
    ['DUPLICATE_MATCH_KEY', 'match key', (a) => `${a.match.target}=${a.match.value}`],
  ];
  for (const [code, label, keyOf] of keys) {
    const groups = new Map<string, DesiredAccount[]>();
    for (const a of accounts) {
      if (dropped.has(a)) continue;
      const key = keyOf(a);
      const group = groups.get(key);
      if (group) group.push(a);
      else groups.set(key, [a]);
    }
    for (const [key, group] of groups) {
      if (group.length < 2) continue;
      const active = group.filter((a) => !a.suspended);
      const winner = active.length === 1 ? active[0] : undefined;
      // Sorted so the message does not depend on the order PowerSchool returned the rows in.
      const sorted = [...group].sort((x, y) => (x.origin.file < y.origin.file ? -1 : x.origin.file > y.origin.file ? 1 : x.origin.row - y.origin.row));
      for (const a of sorted) {
        const rows = sorted.filter((o) => o !== a).map((o) => `${o.origin.file} row ${o.origin.row}`).join(', ');
        if (a === winner) continue;
        dropped.add(a);
        issues.push({
          severity: winner ? 'warning' : 'error',
          code,
          file: a.origin.file,
          row: a.origin.row,
          message: winner
            ? `${a.origin.file} row ${a.origin.row}: same ${label} ${key} as ${rows}; the active record (${winner.origin.file} row ${winner.origin.row}) is used and this one left out`
            : `${a.origin.file} row ${a.origin.row}: same ${label} ${key} as ${rows}; none is acted on until PowerSchool has one record`,
        });
      }
    }
  }
  return { accounts: accounts.filter((a) => !dropped.has(a)), issues };
}
