import { createHash } from 'node:crypto';
import type { SourceRows } from '../sources/rows.js';
import type { GoogleState } from '../targets/google/directory-types.js';
import { SnapshotDigest } from '../targets/google/snapshot-digest.js';
import { unorderedSnapshotLines } from '../targets/google/snapshot-file.js';
import { canonicalJsonLines } from '../plan/canonical-json.js';

/**
 * Digests of what a plan was made from. They hash the data, not the files: the same rows from
 * exported files, Oracle or the REST API give the same source digest, and the same Google
 * state read live or from the snapshot file rollcall wrote of it gives the same snapshot
 * digest (see snapshot-digest.ts). Neither depends on the order rows or accounts come in.
 */
export function sourceDigest(rows: SourceRows): string {
  const hash = new LineHash();
  const section = (name: string, items: readonly object[]) => {
    hash.line(name);
    for (const l of canonicalJsonLines(items, 'origin').sort()) hash.line(l);
  };
  section('schools', rows.schools);
  section('students', rows.students);
  section('users', rows.users);
  section('schoolstaff', rows.schoolStaff);
  return `sha256:${hash.hex()}`;
}

export function snapshotDigest(state: GoogleState): string {
  const digest = new SnapshotDigest();
  for (const line of unorderedSnapshotLines(state)) digest.add(line);
  return digest.value();
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
