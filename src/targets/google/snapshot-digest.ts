import { hash } from 'node:crypto';

/**
 * The digest of a snapshot: every canonical line (one per org unit, account and group) is
 * hashed with SHA-256, the hashes are added up as eight 32-bit lanes (each modulo 2^32), and the
 * sums and the number of lines are hashed again. Adding makes it independent of line order
 * without sorting or keeping a million hashes; hashing line by line lets a snapshot file be
 * digested from its lines as they stream past. A file rollcall wrote holds exactly the
 * canonical lines of its state, so the file and that state (read live, or back from the file)
 * give the same digest, without serialising a million accounts again.
 */
export class SnapshotDigest {
  private readonly lanes = new Array<number>(8).fill(0);
  private lines = 0;

  add(line: string): void {
    const h = hash('sha256', line, 'buffer');
    for (let i = 0; i < 8; i++) this.lanes[i] = ((this.lanes[i] as number) + h.readUInt32BE(i * 4)) >>> 0;
    this.lines++;
  }

  value(): string {
    const sums = this.lanes.map((lane) => lane.toString(16).padStart(8, '0')).join('');
    return `sha256:${hash('sha256', `${this.lines}\n${sums}`)}`;
  }
}
