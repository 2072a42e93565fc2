/**
 * The synthetic district with its classes (generate --classes): the same people and Google
 * accounts as without, sections at about one per 25 students, about six enrollments per student,
 * every row one rollcall reads without an issue, and plans that find the same changes.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BENCH_TODAY } from '../../bench/district/config.js';
import { generateDistrict, type DistrictManifest } from '../../bench/district/generate-district.js';
import { classWindowOn } from '../../src/sources/class-window.js';
import { FilesSource } from '../../src/sources/files/files-source.js';
import type { SourceRows } from '../../src/sources/rows.js';
import { rollcall } from '../cli/run-cli.js';

const ACCOUNTS = 3000;
let plain: { dir: string; manifest: DistrictManifest };
let withClasses: { dir: string; manifest: DistrictManifest };
let rows: SourceRows;

beforeAll(async () => {
  const make = async (classes: boolean) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rollcall-district-'));
    return { dir, manifest: await generateDistrict({ accounts: ACCOUNTS, seed: 118, dir, classes }) };
  };
  plain = await make(false);
  withClasses = await make(true);
  rows = await new FilesSource(path.join(withClasses.dir, 'powerschool'), { classes: classWindowOn(BENCH_TODAY) }).read();
}, 60_000);

const file = (dir: string, name: string) => readFileSync(path.join(dir, name), 'utf8');

describe('synthetic district with its classes', () => {
  it('has the same people and Google accounts as the district without, and only then the class files', () => {
    for (const name of ['google.jsonl', 'powerschool/students.csv', 'powerschool/users.csv', 'powerschool/schools.csv']) {
      expect(file(withClasses.dir, name), name).toBe(file(plain.dir, name));
    }
    const staffWithoutId = file(withClasses.dir, 'powerschool/schoolstaff.csv').replace(/^[^,\n]*,/gm, '');
    expect(staffWithoutId).toBe(file(plain.dir, 'powerschool/schoolstaff.csv'));
    expect(plain.manifest.classes).toBeUndefined();
    expect(JSON.parse(file(plain.dir, 'district.config.json')).powerschool.classes).toBeUndefined();
    expect(JSON.parse(file(withClasses.dir, 'district.config.json')).powerschool.classes).toBe(true);
  });

  it('has about one section per 25 students and about six enrollments per student, all readable', () => {
    const c = withClasses.manifest.classes!;
    const students = withClasses.manifest.studentRows;
    expect(students / c.sections).toBeGreaterThan(20);
    expect(students / c.sections).toBeLessThan(30);
    expect(c.enrollments / students).toBeGreaterThan(5.5);
    expect(c.enrollments / students).toBeLessThan(6.5);
    expect(c.droppedEnrollments).toBeGreaterThan(0);
    expect(rows.issues).toEqual([]);
    const classes = rows.classes!;
    expect(classes.sections).toHaveLength(c.sections);
    expect(classes.enrollments).toHaveLength(c.enrollments);
    expect(classes.sectionTeachers).toHaveLength(c.sectionTeachers);
  });

  it('ties every row to the others: sections to terms and teachers, enrollments to students and sections', () => {
    const classes = rows.classes!;
    const terms = new Set(classes.terms.map((t) => `${t.id}/${t.schoolId}`));
    const staff = new Map(rows.schoolStaff.map((s) => [s.id, s]));
    const sections = new Map(classes.sections.map((s) => [s.id, s]));
    const students = new Map(rows.students.map((s) => [s.id, s]));
    for (const s of classes.sections) {
      expect(terms.has(`${s.termId}/${s.schoolId}`)).toBe(true);
      const lead = staff.get(s.teacherId);
      expect(lead).toMatchObject({ schoolId: s.schoolId, status: 1, staffStatus: 1 });
    }
    for (const e of classes.enrollments) {
      const section = sections.get(Math.abs(e.sectionId))!;
      expect(section.termId).toBe(Math.abs(e.termId));
      expect(students.get(e.studentId)?.schoolId).toBe(section.schoolId);
      expect(e.dateLeft >= e.dateEnrolled).toBe(true);
    }
    // Every active student takes seven classes (a drop comes with the class taken instead).
    const taking = new Map<string, number>();
    for (const e of classes.enrollments) if (!e.dropped) taking.set(e.studentId, (taking.get(e.studentId) ?? 0) + 1);
    for (const s of rows.students.filter((s) => s.enrollStatus === 0)) expect(taking.get(s.id), s.id).toBe(7);
    // Spring has not begun on BENCH_TODAY: the term boundary is in the data.
    expect(new Set(classes.terms.map((t) => `${t.abbreviation} ${t.firstDay} ${t.lastDay}`))).toEqual(
      new Set(['26-27 2026-08-19 2027-06-04', 'S1 2026-08-19 2026-12-18', 'S2 2027-01-05 2027-06-04']),
    );
  });

  it('plans, reading the classes, exactly the changes the district without them plans', () => {
    const plan = (dir: string) => {
      const out = path.join(dir, 'plan.json');
      const args = ['--config', path.join(dir, 'district.config.json'), '--source-dir', path.join(dir, 'powerschool'), '--google-snapshot', path.join(dir, 'google.jsonl')];
      const result = rollcall(['plan', ...args, '--today', BENCH_TODAY, '--out', out, '--quiet']);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      return JSON.parse(readFileSync(out, 'utf8')) as { inputs: { source: string }; changes: unknown[] };
    };
    const a = plan(plain.dir);
    const b = plan(withClasses.dir);
    expect(b.changes).toEqual(a.changes);
    expect(b.inputs.source).not.toBe(a.inputs.source);
  });
});
