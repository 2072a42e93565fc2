import { createHash } from 'node:crypto';
import type { ActualState, DirectoryReader } from '../model/directory-port.js';
import type { ActualGroup, GroupRoster } from '../model/group.js';
import type { Membership } from '../model/membership.js';
import type { LicenceHolding } from '../model/lifecycle.js';
import { groupLine, licenceLine, membershipLine, rosterLine, rosterMembers, stateDigest } from '../model/state-lines.js';
import { classDigestLines } from '../sources/class-digest.js';
import type { SourceRows } from '../sources/rows.js';
import { sortKeys } from '../util/canonical-json.js';
import { LineDigest } from '../util/line-digest.js';

/**
 * Digests of what a plan was made from. They hash the data, not the files: the same rows from
 * exported files, Oracle or the REST API give the same source digest, and the same directory
 * state read live or from a snapshot file gives the same directory digest (it is defined over
 * the model, see model/state-lines.ts). Neither depends on the order rows or accounts come in.
 */
export function sourceDigest(rows: SourceRows): string {
  const hash = new LineHash();
  const section = (name: string, items: readonly object[]) => {
    hash.line(name);
    const byShape = rowLines(items);
    for (const keys of [...byShape.keys()].sort()) {
      hash.line(keys);
      for (const l of (byShape.get(keys) as string[]).sort()) hash.line(l);
    }
  };
  section('schools', rows.schools);
  section('students', rows.students);
  section('users', rows.users);
  section('schoolstaff', rows.schoolStaff);
  // Only a run that read the class tables digests them: without them the digest is what it always was.
  if (rows.classes !== undefined) classDigestLines(rows.classes, (text) => hash.line(text));
  return `sha256:${hash.hex()}`;
}

/**
 * The directory's state as the plan read it: its accounts and containers (as the reader digested
 * them while reading, or digested here), the memberships the plan asked for, who holds the
 * managed licences, and, when the config manages groups, every group and the rosters of the
 * managed ones (as the reader digested them, or digested here). Licences and groups a config
 * does not manage add nothing: the digest is then what it always was.
 */
export function directoryDigest(
  state: ActualState,
  memberships: readonly Membership[],
  reader?: Pick<DirectoryReader, 'digest' | 'rosterDigest'>,
  managed: { licences?: readonly LicenceHolding[]; groups?: { groups: readonly ActualGroup[]; rosters: ReadonlyMap<string, GroupRoster> } } = {},
): string {
  const { licences = [], groups } = managed;
  const digest = new LineDigest();
  digest.merge(reader?.digest?.() ?? stateDigest(state));
  for (const m of memberships) digest.add(membershipLine(m));
  for (const h of licences) digest.add(licenceLine(h));
  if (groups !== undefined) {
    for (const g of groups.groups) digest.add(groupLine(g));
    const rosters = reader?.rosterDigest?.();
    if (rosters !== undefined) digest.merge(rosters);
    else for (const [group, roster] of groups.rosters) digest.add(rosterLine(group, rosterMembers(roster, state.accounts)));
  }
  return digest.value();
}

/**
 * The rows as lines of values, grouped by their keys: each group under its keys (all but
 * `origin`, sorted, as a JSON array), each row as a JSON array of its values in that order, e.g.
 * `["dcid","firstName"]` -> `["101","Ana"]`. The same row gives the same line whatever order
 * its keys were set in, and the rows of one table share one key list. Writing values as an
 * array costs a fifth of writing each row as a sorted JSON object, and lines that start with
 * their values (not with a shared prefix) sort fast. A key whose value is undefined is left out
 * (as JSON leaves it out of an object), so it never reads as null.
 */
export function rowLines(rows: readonly object[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  let shape: string[] = [];
  let keys: string[] = [];
  let header = '';
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as Record<string, unknown>;
    const own = Object.keys(row);
    if (!sameKeys(own, shape)) {
      shape = own;
      keys = own.filter((k) => k !== 'origin').sort();
      header = JSON.stringify(keys);
    }
    const values = new Array<unknown>(keys.length);
    let complete = true;
    for (let k = 0; k < keys.length; k++) {
      const v = row[keys[k] as string];
      if (v === undefined) complete = false;
      values[k] = v !== null && typeof v === 'object' ? sortKeys(v) : v;
    }
    if (complete) {
      groupOf(groups, header).push(JSON.stringify(values));
    } else {
      const present = keys.flatMap((key, k) => (values[k] === undefined ? [] : [k]));
      groupOf(groups, JSON.stringify(present.map((k) => keys[k]))).push(JSON.stringify(present.map((k) => values[k])));
    }
  }
  return groups;
}

function groupOf(groups: Map<string, string[]>, keys: string): string[] {
  let group = groups.get(keys);
  if (group === undefined) groups.set(keys, (group = []));
  return group;
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** SHA-256 of lines, each followed by a newline, fed to the hash in large pieces (one update per line costs more than the hashing). */
class LineHash {
  private readonly hash = createHash('sha256');
  private pending: string[] = [];
  private size = 0;

  line(text: string): void {
    this.pending.push(text);
    this.size += text.length + 1;
    if (this.size >= 1 << 20) this.flush();
  }

  hex(): string {
    this.flush();
    return this.hash.digest('hex');
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    this.pending.push('');
    this.hash.update(this.pending.join('\n'));
    this.pending = [];
    this.size = 0;
  }
}
