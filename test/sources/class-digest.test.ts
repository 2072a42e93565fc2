/** The class tables in the source digest: every field counts, order never does, and nothing is reordered. */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { sourceDigest } from '../../src/engine/digests.js';
import { DIGEST_TABLES, classDigestLines } from '../../src/sources/class-digest.js';
import type { ClassRows } from '../../src/sources/class-rows.js';
import { FilesSource } from '../../src/sources/files/files-source.js';
import type { SourceRows } from '../../src/sources/rows.js';
import { FIXTURE_DIR } from './source-fixtures.js';

let rows: SourceRows;
beforeAll(async () => {
  rows = await new FilesSource(FIXTURE_DIR, { classes: { fromYearId: 36 } }).read();
});

type AnyRow = Record<string, unknown>;
const tableRows = (classes: ClassRows, name: string): AnyRow[] => DIGEST_TABLES.find((t) => t.name === name)!.rows(classes) as AnyRow[];
const withTable = (name: string, replace: (rows: AnyRow[]) => AnyRow[]): SourceRows => {
  const classes = { ...rows.classes! };
  const key = (Object.keys(classes) as Array<keyof ClassRows>).find((k) => (classes[k] as unknown) === tableRows(rows.classes!, name))!;
  return { ...rows, classes: { ...classes, [key]: replace(tableRows(rows.classes!, name)) } };
};

describe('class tables in the source digest', () => {
  it('hashes every field of every class row but its origin', () => {
    for (const table of DIGEST_TABLES) {
      const sample = tableRows(rows.classes!, table.name)[0]!;
      expect(new Set([...table.fields, 'origin']), table.name).toEqual(new Set(Object.keys(sample)));
    }
  });

  it('gives one line per table, whatever the number of rows', () => {
    const lines: string[] = [];
    classDigestLines(rows.classes!, (l) => lines.push(l));
    expect(lines.map((l) => l.split(' ', 1)[0])).toEqual(['sections', 'courses', 'terms', 'cc', 'sectionteacher', 'roledef']);
    expect(lines[3]).toMatch(/^cc \["studentId","sectionId","termId","dateEnrolled","dateLeft","dropped"\] 46 [0-9a-f]{32}$/);
  });

  it('does not depend on the order rows come in, nor reorder them', () => {
    const digest = sourceDigest(rows);
    const before = rows.classes!.enrollments.map((e) => e.origin.row);
    for (const name of DIGEST_TABLES.map((t) => t.name)) {
      expect(sourceDigest(withTable(name, (r) => [...r].reverse())), name).toBe(digest);
    }
    expect(rows.classes!.enrollments.map((e) => e.origin.row)).toEqual(before);
  });

  it('changes when any value of any class row changes, and with a row more or fewer', () => {
    const digest = sourceDigest(rows);
    const changed = (value: unknown): unknown =>
      typeof value === 'number' ? value + 1 : typeof value === 'boolean' ? !value : value === null ? '2026-01-01' : `${String(value)}x`;
    fc.assert(
      fc.property(fc.constantFrom(...DIGEST_TABLES), fc.nat(), fc.nat(), (table, rowPick, fieldPick) => {
        const field = table.fields[fieldPick % table.fields.length]!;
        const edited = withTable(table.name, (r) => r.map((row, i) => (i === rowPick % r.length ? { ...row, [field]: changed(row[field]) } : row)));
        expect(sourceDigest(edited)).not.toBe(digest);
      }),
      { numRuns: 200 },
    );
    expect(sourceDigest(withTable('cc', (r) => [...r, r[0]!]))).not.toBe(digest);
    expect(sourceDigest(withTable('cc', (r) => r.slice(1)))).not.toBe(digest);
  });

  it('tells apart values that would print alike: a text "12" from the number 12, and null from "null"', () => {
    const base = withTable('sectionteacher', (r) => r.slice(0, 1));
    const endNull = withTable('sectionteacher', (r) => [{ ...r[0]!, endDate: null }]);
    const endText = withTable('sectionteacher', (r) => [{ ...r[0]!, endDate: 'null' }]);
    expect(new Set([sourceDigest(base), sourceDigest(endNull), sourceDigest(endText)]).size).toBe(3);
    const idNumber = withTable('roledef', (r) => [{ ...r[0]!, id: 12 }]);
    const idText = withTable('roledef', (r) => [{ ...r[0]!, id: '12' }]);
    expect(sourceDigest(idNumber)).not.toBe(sourceDigest(idText));
  });
});
