/**
 * The class tables in the source digest. A district's CC runs to millions of rows, too many for
 * the account tables' way (a JSON line per row, the lines sorted, then hashed: 18 s for six
 * million enrollments, and far longer when a source sends rows in no order at all, since
 * putting them in one order means touching them at random). Here each row's values are hashed
 * on their own into 128 bits (four MurmurHash3-style lanes over the typed values, no text built) and
 * the hashes are added up, lane by lane: a sum does not depend on the order rows came in (REST
 * reads CC in two ranges), needs no sorting and keeps nothing, and takes about a second for six
 * million rows. Each table gives the digest one line: its name, field list, row count and sums.
 * A different row changes a sum unless its 128-bit hash collides, which no change of data does
 * by accident; the digest says which inputs a plan was made from, it guards nothing.
 */
import type { ClassRows } from './class-rows.js';

type Value = string | number | boolean | null;
type Row = Readonly<Record<string, Value>>;

export interface DigestTable {
  name: string;
  rows: (classes: ClassRows) => readonly object[];
  /** Every field but the origin, in the order rows are compared and written. */
  fields: readonly string[];
}

function table<T extends object>(name: string, rows: (classes: ClassRows) => readonly T[], fields: ReadonlyArray<Exclude<keyof T, 'origin'> & string>): DigestTable {
  return { name, rows, fields };
}

export const DIGEST_TABLES: readonly DigestTable[] = [
  table('sections', (c) => c.sections, ['id', 'schoolId', 'courseNumber', 'sectionNumber', 'termId', 'teacherId', 'expression', 'room']),
  table('courses', (c) => c.courses, ['courseNumber', 'name']),
  table('terms', (c) => c.terms, ['id', 'schoolId', 'firstDay', 'lastDay', 'yearId', 'abbreviation']),
  table('cc', (c) => c.enrollments, ['studentId', 'sectionId', 'termId', 'dateEnrolled', 'dateLeft', 'dropped']),
  table('sectionteacher', (c) => c.sectionTeachers, ['sectionId', 'teacherId', 'roleId', 'startDate', 'endDate']),
  table('roledef', (c) => c.roles, ['id', 'name', 'roleKey']),
];

/** Hands the digest one line per table: name, field list, row count and the rows' summed hashes. */
export function classDigestLines(classes: ClassRows, line: (text: string) => void): void {
  for (const { name, rows: rowsOf, fields } of DIGEST_TABLES) {
    const rows = rowsOf(classes) as readonly Row[];
    const sums = new RowHashSums();
    for (let i = 0; i < rows.length; i++) sums.add(rows[i]!, fields);
    line(`${name} ${JSON.stringify(fields)} ${rows.length} ${sums.hex()}`);
  }
}

/**
 * Four MurmurHash3 lanes, each with its own seed, over a row's values, typed (a number, a text,
 * null, true or false) and in field order; each row's four hashes are added to the sums.
 */
class RowHashSums {
  private readonly sums = new Uint32Array(4);
  private readonly lanes = new Int32Array(4);

  add(row: Row, fields: readonly string[]): void {
    const lanes = this.lanes;
    lanes.fill(0).set(SEEDS);
    for (let i = 0; i < fields.length; i++) {
      const value = row[fields[i]!]!;
      if (typeof value === 'number' && (value | 0) === value) {
        step(lanes, 1);
        step(lanes, value);
      } else if (typeof value === 'string' || typeof value === 'number') {
        const text = String(value);
        step(lanes, 2);
        step(lanes, text.length);
        // Two UTF-16 units a step: the length, hashed first, tells where the text ends.
        for (let c = 0; c < text.length; c += 2) step(lanes, text.charCodeAt(c) | (text.charCodeAt(c + 1) << 16));
      } else {
        step(lanes, value === null ? 3 : value ? 4 : 5);
      }
    }
    for (let l = 0; l < 4; l++) this.sums[l] = this.sums[l]! + finish(lanes[l]!);
  }

  hex(): string {
    return [...this.sums].map((sum) => sum.toString(16).padStart(8, '0')).join('');
  }
}

const SEEDS = [0x9747b28c | 0, 0x2f3a1c5d, 0x6b8b4567, 0x1b873593];
/** What sets the lanes apart besides their seeds: each takes the scrambled value xor its own constant. */
const TWEAKS = [0, 0x5bd1e995 | 0, 0x27d4eb2f, 0x165667b1];

/** One MurmurHash3 block step of `value` in every lane. */
function step(lanes: Int32Array, value: number): void {
  let k = Math.imul(value, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  for (let l = 0; l < 4; l++) lanes[l] = round(lanes[l]!, k ^ TWEAKS[l]!);
}

function round(h: number, k: number): number {
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function finish(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
