import { hash } from 'node:crypto';

/**
 * An order-independent digest of a set of lines: each line is hashed with SHA-256, the hashes
 * are added up as eight 32-bit lanes (each modulo 2^32), and the sums and the number of lines
 * are hashed again. Adding makes it independent of line order without sorting or keeping a
 * million hashes; hashing line by line lets lines be digested as they stream past, on any
 * thread, and two partial digests (say, a reader's accounts and the memberships asked for
 * later) add up to the digest of all their lines.
 */
export class LineDigest {
  private readonly lanes: number[];
  private lines: number;

  constructor(state?: LineDigestState) {
    this.lanes = state ? [...state.lanes] : new Array<number>(8).fill(0);
    this.lines = state?.lines ?? 0;
  }

  add(line: string): void {
    const h = hash('sha256', line, 'buffer');
    for (let i = 0; i < 8; i++) this.lanes[i] = ((this.lanes[i] as number) + h.readUInt32BE(i * 4)) >>> 0;
    this.lines++;
  }

  /** Adds another digest's lines to this one. */
  merge(other: LineDigest | LineDigestState): void {
    const state = other instanceof LineDigest ? other.state() : other;
    for (let i = 0; i < 8; i++) this.lanes[i] = ((this.lanes[i] as number) + (state.lanes[i] ?? 0)) >>> 0;
    this.lines += state.lines;
  }

  /** Plain data, to hand a partial digest across a thread. */
  state(): LineDigestState {
    return { lanes: [...this.lanes], lines: this.lines };
  }

  value(): string {
    const sums = this.lanes.map((lane) => lane.toString(16).padStart(8, '0')).join('');
    return `sha256:${hash('sha256', `${this.lines}\n${sums}`)}`;
  }
}

export interface LineDigestState {
  lanes: number[];
  lines: number;
}
