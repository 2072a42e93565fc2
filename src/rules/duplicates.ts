import { ADDRESS_KEY, type DesiredAccount } from '../model/account.js';
import type { Issue } from '../model/issue.js';

/**
 * Two PowerSchool records claiming one address (or one DCID, or one match key) cannot both own
 * an account. When exactly one of them is active it wins (an old duplicate record is common in
 * PowerSchool) and the others are reported as warnings; otherwise none is acted on and all are
 * reported as errors: guessing would hand one person's account to another. Addresses and match
 * keys are the target's (a template may give two students one address in one directory and not
 * in another), so this runs on the accounts a target's mapping made. `addressLabel` names the
 * address match key in messages, as the target calls it.
 */
export function resolveDuplicates(accounts: DesiredAccount[], addressLabel: string): { accounts: DesiredAccount[]; issues: Issue[] } {
  const dropped = new Set<DesiredAccount>();
  const issues: Issue[] = [];
  const kept = () => (dropped.size === 0 ? accounts : accounts.filter((a) => !dropped.has(a)));

  const byAddress = new SharedKeys();
  for (const a of accounts) byAddress.add('', a.fields.address, a);
  settle(byAddress, 'DUPLICATE_EMAIL', 'address', (_, value) => value, dropped, issues);

  const byDcid = new SharedKeys();
  for (const a of kept()) byDcid.add(a.person.population, a.person.dcid, a);
  settle(byDcid, 'DUPLICATE_DCID', 'DCID', (population, dcid) => `${population} ${dcid}`, dropped, issues);

  // An account matched by its own (already unique) address cannot share its match key with
  // another such account, only with one matched some other way: it is only looked up.
  const byMatchKey = new SharedKeys();
  const byOwnAddress: DesiredAccount[] = [];
  for (const a of kept()) {
    if (a.match.key === ADDRESS_KEY && a.match.value === a.fields.address) byOwnAddress.push(a);
    else byMatchKey.add(a.match.key, a.match.value, a);
  }
  for (const a of byOwnAddress) if (byMatchKey.has(a.match.key, a.match.value)) byMatchKey.add(a.match.key, a.match.value, a);
  settle(byMatchKey, 'DUPLICATE_MATCH_KEY', 'match key', (key, value) => `${key === ADDRESS_KEY ? addressLabel : key}=${value}`, dropped, issues);

  return { accounts: kept(), issues };
}

/** Decides every group of accounts sharing a key: who is dropped, and the issue for each. */
function settle(
  keys: SharedKeys,
  code: string,
  label: string,
  keyText: (scope: string, value: string) => string,
  dropped: Set<DesiredAccount>,
  issues: Issue[],
): void {
  for (const { scope, value, members: group } of keys.shared) {
    const key = keyText(scope, value);
    const active = group.filter((a) => a.fields.enabled);
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

/**
 * Accounts grouped by a key (a scope and a value, kept apart so no key string is built per
 * account). One account per key is the rule, so a key's first account is kept as itself and only
 * a shared key gets a list; `shared` lists those in the order they were first shared.
 */
class SharedKeys {
  private readonly byScope = new Map<string, Map<string, DesiredAccount | DesiredAccount[]>>();
  readonly shared: Array<{ scope: string; value: string; members: DesiredAccount[] }> = [];

  add(scope: string, value: string, account: DesiredAccount): void {
    let values = this.byScope.get(scope);
    if (!values) this.byScope.set(scope, (values = new Map()));
    const found = values.get(value);
    if (found === undefined) values.set(value, account);
    else if (Array.isArray(found)) found.push(account);
    else {
      const members = [found, account];
      values.set(value, members);
      this.shared.push({ scope, value, members });
    }
  }

  has(scope: string, value: string): boolean {
    return this.byScope.get(scope)?.has(value) ?? false;
  }
}
