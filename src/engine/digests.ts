import { createHash } from 'node:crypto';
import type { SourceRows } from '../sources/rows.js';
import type { GoogleState } from '../targets/google/directory-types.js';
import { snapshotLines } from '../targets/google/snapshot-file.js';
import { canonicalJson } from '../plan/canonical-json.js';

/**
 * Digests of what a plan was made from. They hash the data, not the files: the same rows from
 * exported files, Oracle or the REST API give the same source digest, and the same Google
 * state read live or from a snapshot gives the same snapshot digest.
 */
export function sourceDigest(rows: SourceRows): string {
  const hash = createHash('sha256');
  const section = <T extends { origin: unknown }>(name: string, items: readonly T[]) => {
    const lines = items.map(({ origin: _origin, ...rest }) => canonicalJson(rest)).sort();
    hash.update(`${name}\n`);
    for (const l of lines) hash.update(`${l}\n`);
  };
  section('schools', rows.schools);
  section('students', rows.students);
  section('users', rows.users);
  section('schoolstaff', rows.schoolStaff);
  return `sha256:${hash.digest('hex')}`;
}

export function snapshotDigest(state: GoogleState): string {
  const hash = createHash('sha256');
  for (const line of snapshotLines(state)) hash.update(`${line}\n`);
  return `sha256:${hash.digest('hex')}`;
}
