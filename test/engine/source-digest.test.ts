/** The source digest: the same rows give the same digest, whatever order they or their keys come in; any value change shows. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rowLines, sourceDigest } from '../../src/engine/digests.js';
import type { ClassRows, EnrollmentRow } from '../../src/sources/class-rows.js';
import type { SourceRows, StudentRow } from '../../src/sources/rows.js';

const student = (dcid: string, over: Partial<StudentRow> = {}): StudentRow => ({
  origin: { file: 'students.csv', row: 2 },
  dcid,
  id: dcid,
  studentNumber: `S${dcid}`,
  firstName: 'Ana',
  middleName: '',
  lastName: 'Diaz',
  gradeLevel: 9,
  schoolId: 100,
  enrollStatus: 0,
  classOf: 2030,
  ...over,
});

const rowsOf = (students: StudentRow[]): SourceRows => ({ schools: [], students, users: [], schoolStaff: [], issues: [] });

/** The same row with its keys set in reverse order. */
const reversed = <T extends object>(row: T): T => Object.fromEntries(Object.entries(row).reverse()) as T;

describe('source digest', () => {
  it('is the same for the same rows in any order, with keys in any order, from any file and line', () => {
    const rows = [student('1'), student('2', { classOf: null }), student('3', { firstName: 'Zoë "Z"' })];
    const digest = sourceDigest(rowsOf(rows));
    expect(sourceDigest(rowsOf([...rows].reverse()))).toBe(digest);
    expect(sourceDigest(rowsOf(rows.map(reversed)))).toBe(digest);
    expect(sourceDigest(rowsOf(rows.map((r, i) => ({ ...r, origin: { file: 'STUDENTS', row: 40 + i } }))))).toBe(digest);
  });

  it('changes when any value of any row changes', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<keyof StudentRow>('dcid', 'id', 'studentNumber', 'firstName', 'middleName', 'lastName'),
        fc.string(),
        (key, text) => {
          const base = [student('1'), student('2')];
          fc.pre(base[1]![key] !== text);
          const changed = [base[0]!, { ...base[1]!, [key]: text }];
          expect(sourceDigest(rowsOf(changed))).not.toBe(sourceDigest(rowsOf(base)));
        },
      ),
      { numRuns: 100 },
    );
    expect(sourceDigest(rowsOf([student('1', { gradeLevel: 9 })]))).not.toBe(sourceDigest(rowsOf([student('1', { gradeLevel: 10 })])));
  });

  it('tells a missing value from null, and a row from two rows with the same text', () => {
    const withNull = { ...student('1'), classOf: null };
    const withUndefined = { ...student('1'), classOf: undefined } as unknown as StudentRow;
    expect(rowLines([withNull])).not.toEqual(rowLines([withUndefined]));
    expect([...rowLines([withUndefined]).keys()][0]).not.toContain('classOf');
    expect(sourceDigest(rowsOf([withNull]))).not.toBe(sourceDigest(rowsOf([withUndefined])));
    expect(sourceDigest(rowsOf([student('1'), student('1')]))).not.toBe(sourceDigest(rowsOf([student('1')])));
  });

  it('writes each row as its values in the order of its sorted keys, grouped by those keys', () => {
    const lines = rowLines([
      { origin: { file: 'f', row: 2 }, b: 'x', a: 1, c: { z: 1, y: [2] } },
      { a: 2, origin: { file: 'f', row: 3 }, c: null, b: 'y' },
      { a: 3 },
    ]);
    expect([...lines]).toEqual([
      ['["a","b","c"]', ['[1,"x",{"y":[2],"z":1}]', '[2,"y",null]']],
      ['["a"]', ['[3]']],
    ]);
  });
});

describe('source digest of the class tables', () => {
  const enrollment = (studentId: string, over: Partial<EnrollmentRow> = {}): EnrollmentRow => ({
    origin: { file: 'cc.csv', row: 2 },
    studentId,
    sectionId: 20401,
    termId: 3600,
    dateEnrolled: '2026-08-19',
    dateLeft: '2027-06-05',
    dropped: false,
    ...over,
  });
  const withClasses = (enrollments: EnrollmentRow[]): SourceRows => {
    const classes: ClassRows = { sections: [], courses: [], terms: [], enrollments, sectionTeachers: [], roles: [] };
    return { ...rowsOf([student('1')]), classes };
  };

  it('covers them only when they were read: without them, the digest is what it always was', () => {
    const accounts = rowsOf([student('1')]);
    expect(sourceDigest({ ...accounts, classes: undefined })).toBe(sourceDigest(accounts));
    expect(sourceDigest(withClasses([]))).not.toBe(sourceDigest(accounts));
  });

  it('is the same for the same enrollments in any order, and changes with any of their values', () => {
    const rows = [enrollment('9010'), enrollment('9011', { sectionId: -20401, termId: -3600, dropped: true, dateLeft: '2026-10-02' })];
    const digest = sourceDigest(withClasses(rows));
    expect(sourceDigest(withClasses([...rows].reverse().map(reversed)))).toBe(digest);
    expect(sourceDigest(withClasses([rows[0]!, { ...rows[1]!, dateLeft: '2026-10-03' }]))).not.toBe(digest);
    expect(sourceDigest(withClasses([rows[0]!, { ...rows[1]!, sectionId: 20401, termId: 3600, dropped: false }]))).not.toBe(digest);
  });

  it('tells a school assignment read with its SCHOOLSTAFF.ID from one read without', () => {
    const staff = { origin: { file: 'schoolstaff.csv', row: 2 }, usersDcid: '5001', schoolId: 101, status: 1, staffStatus: 1 };
    const without: SourceRows = { ...rowsOf([]), schoolStaff: [staff] };
    expect(sourceDigest({ ...without, schoolStaff: [{ ...staff, id: '1001' }] })).not.toBe(sourceDigest(without));
  });
});

