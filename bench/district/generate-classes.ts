/**
 * The synthetic district's classes, written only when asked (generate --classes): sections
 * (about one per 25 students), their courses, terms and teachers, and enrollments (about six
 * per student) for the school year of BENCH_TODAY. Each building has year-long sections and
 * fall and spring ones, so the district has a term boundary (fall ends 2026-12-18, spring starts
 * 2027-01-05). Every active student takes three year-long classes and two each semester; a few
 * dropped a class and took another, and tonight's leavers' enrollments are dropped as of today.
 *
 * Its own random source (seeded from the district's), so that a district with classes has the
 * very same students, staff and Google accounts as one without. Enrollments are written as each
 * student is (a million-account district has about six million): only the buildings' section
 * ids are kept; sections, whose lead teachers are known only once staff are made, are written at
 * the end.
 */
import path from 'node:path';
import {
  CC_COLUMNS,
  COURSE_COLUMNS,
  ROLEDEF_COLUMNS,
  SECTIONTEACHER_COLUMNS,
  SECTION_COLUMNS,
  TERM_COLUMNS,
} from '../../src/sources/class-row-mapping.js';
import { schoolYearId } from '../../src/sources/class-window.js';
import { formatCsvRow } from '../../src/sources/csv.js';
import type { StudentRow } from '../../src/sources/rows.js';
import { BENCH_TODAY } from './config.js';
import { LineWriter } from './line-writer.js';
import { Random } from './random.js';

/** The classes' counts, for the manifest. */
export interface ClassManifest {
  sections: number;
  courses: number;
  terms: number;
  enrollments: number;
  droppedEnrollments: number;
  sectionTeachers: number;
}

type TermKind = 'year' | 'fall' | 'spring';

interface Term {
  kind: TermKind;
  id: number;
  abbreviation: string;
  firstDay: string;
  lastDay: string;
  /** DATELEFT of a whole-term enrollment: the day after the last day. */
  leaves: string;
}

const YEAR_ID = schoolYearId(BENCH_TODAY);
const TERMS: readonly Term[] = [
  { kind: 'year', id: YEAR_ID * 100, abbreviation: '26-27', firstDay: '2026-08-19', lastDay: '2027-06-04', leaves: '2027-06-05' },
  { kind: 'fall', id: YEAR_ID * 100 + 1, abbreviation: 'S1', firstDay: '2026-08-19', lastDay: '2026-12-18', leaves: '2026-12-19' },
  { kind: 'spring', id: YEAR_ID * 100 + 2, abbreviation: 'S2', firstDay: '2027-01-05', lastDay: '2027-06-04', leaves: '2027-06-05' },
];
/** Classes an active student takes in each kind of term: seven in all. */
const CLASSES_PER_TERM: Record<TermKind, number> = { year: 3, fall: 2, spring: 2 };
/** Share of each building's sections in each kind of term. */
const SECTION_SHARE: Record<TermKind, number> = { year: 0.5, fall: 0.25, spring: 0.25 };
const STUDENTS_PER_SECTION = 25;
const COURSES = [
  ['ALG1', 'Algebra 1'], ['ALG2', 'Algebra 2'], ['GEOM', 'Geometry'], ['ENG', 'English'], ['LIT', 'Literature'], ['BIO', 'Biology'],
  ['CHEM', 'Chemistry'], ['PHYS', 'Physics'], ['HIST', 'U.S. History'], ['WHIST', 'World History'], ['SPAN', 'Spanish'], ['FREN', 'French'],
  ['ART', 'Studio Art'], ['MUS', 'Music'], ['PE', 'Physical Education'], ['HLTH', 'Health'], ['CS', 'Computer Science'], ['READ', 'Reading'],
] as const;
const ROLES = [
  [1, 'Lead Teacher', 'com.pearson.powerschool.coteach.primary.teacher'],
  [2, 'Co-teacher', 'com.pearson.powerschool.coteach.co.teacher'],
  [3, 'Teacher Aide', 'com.pearson.powerschool.coteach.teacher.aide'],
] as const;
const FIRST_SECTION_ID = 1_000_000;

interface BuildingSections {
  byTerm: Record<TermKind, number[]>;
  /** Active teachers' SCHOOLSTAFF.IDs at the building, once staff are made. */
  teachers: string[];
}

export class ClassWriter {
  private readonly rng: Random;
  private readonly buildings = new Map<number, BuildingSections>();
  private readonly cc: LineWriter;
  private readonly counts: ClassManifest = { sections: 0, courses: COURSES.length, terms: 0, enrollments: 0, droppedEnrollments: 0, sectionTeachers: 0 };

  /** `studentsPerBuilding`: how many students each building can expect, which sizes its sections. */
  constructor(
    private readonly dir: string,
    seed: number,
    schools: readonly number[],
    studentsPerBuilding: number,
  ) {
    this.rng = new Random((seed ^ 0x5ec7_1075) >>> 0);
    let next = FIRST_SECTION_ID;
    const perBuilding = Math.max(8, Math.round(studentsPerBuilding / STUDENTS_PER_SECTION));
    for (const school of schools) {
      const byTerm = { year: [], fall: [], spring: [] } as Record<TermKind, number[]>;
      for (const kind of ['year', 'fall', 'spring'] as const) {
        const count = Math.max(CLASSES_PER_TERM[kind] + 1, Math.round(perBuilding * SECTION_SHARE[kind]));
        for (let i = 0; i < count; i++) byTerm[kind].push(next++);
      }
      this.buildings.set(school, { byTerm, teachers: [] });
    }
    this.cc = new LineWriter(path.join(dir, 'cc.csv'));
  }

  async open(): Promise<void> {
    await this.cc.write(formatCsvRow([...CC_COLUMNS]));
  }

  /**
   * Tonight's enrollments of one student: an active student's classes at their building; a
   * student active yesterday and gone tonight (`leftToday`) has the same classes, dropped today.
   */
  async student(row: StudentRow, leftToday: boolean): Promise<void> {
    const building = this.buildings.get(row.schoolId);
    if (building === undefined || !(row.enrollStatus === 0 || leftToday)) return;
    let lines = '';
    for (const term of TERMS) {
      for (const section of this.pick(building.byTerm[term.kind], CLASSES_PER_TERM[term.kind])) {
        if (leftToday) {
          // A class not begun yet is left the day it would have begun.
          lines += this.enrollment(row.id, -section, -term.id, term.firstDay, term.firstDay > BENCH_TODAY ? term.firstDay : BENCH_TODAY);
        } else if (this.rng.chance(0.02) && term.firstDay < BENCH_TODAY) {
          // Dropped in the first weeks, and another section of the term taken instead.
          lines += this.enrollment(row.id, -section, -term.id, term.firstDay, '2026-09-15');
          const instead = this.pick(building.byTerm[term.kind].filter((s) => s !== section), 1)[0]!;
          lines += this.enrollment(row.id, instead, term.id, '2026-09-15', term.leaves);
        } else {
          lines += this.enrollment(row.id, section, term.id, term.firstDay, term.leaves);
        }
      }
    }
    await this.cc.write(lines);
  }

  /** A SCHOOLSTAFF row written tonight: active teachers can lead the building's sections. */
  schoolStaff(schoolId: number, schoolStaffId: string, activeTeacher: boolean): void {
    if (activeTeacher) this.buildings.get(schoolId)?.teachers.push(schoolStaffId);
  }

  /** Writes the other class files and closes CC; the counts, and the bytes of all six files. */
  async finish(): Promise<{ counts: ClassManifest; bytes: number }> {
    await this.cc.close();
    const sections = new LineWriter(path.join(this.dir, 'sections.csv'));
    const teachers = new LineWriter(path.join(this.dir, 'sectionteacher.csv'));
    const terms = new LineWriter(path.join(this.dir, 'terms.csv'));
    await sections.write(formatCsvRow([...SECTION_COLUMNS]));
    await teachers.write(formatCsvRow([...SECTIONTEACHER_COLUMNS]));
    await terms.write(formatCsvRow([...TERM_COLUMNS]));
    for (const [school, building] of [...this.buildings].sort((a, b) => a[0] - b[0])) {
      for (const term of TERMS) {
        this.counts.terms++;
        await terms.write(formatCsvRow([String(term.id), String(school), term.firstDay, term.lastDay, String(YEAR_ID), term.abbreviation]));
        for (const [n, id] of building.byTerm[term.kind].entries()) {
          const [course] = COURSES[(id + n) % COURSES.length]!;
          const lead = building.teachers.length > 0 ? this.rng.pick(building.teachers) : '';
          this.counts.sections++;
          await sections.write(formatCsvRow([String(id), String(school), course, String(n + 1), String(term.id), lead, `${(n % 7) + 1}(A-E)`, String(100 + (n % 60))]));
          if (lead === '') continue;
          await teachers.write(formatCsvRow([String(id), lead, '1', term.firstDay, term.lastDay]));
          this.counts.sectionTeachers++;
          const second = this.rng.pick(building.teachers);
          if (second !== lead && this.rng.chance(0.05)) {
            await teachers.write(formatCsvRow([String(id), second, this.rng.chance(0.5) ? '2' : '3', term.firstDay, term.lastDay]));
            this.counts.sectionTeachers++;
          }
        }
      }
    }
    await Promise.all([sections.close(), teachers.close(), terms.close()]);
    const courses = new LineWriter(path.join(this.dir, 'courses.csv'));
    await courses.write([COURSE_COLUMNS, ...COURSES].map((c) => formatCsvRow([...c])).join(''));
    await courses.close();
    const roles = new LineWriter(path.join(this.dir, 'roledef.csv'));
    await roles.write([ROLEDEF_COLUMNS, ...ROLES].map((r) => formatCsvRow(r.map(String))).join(''));
    await roles.close();
    const bytes = [this.cc, sections, teachers, terms, courses, roles].reduce((sum, file) => sum + file.bytes, 0);
    return { counts: { ...this.counts }, bytes };
  }

  private enrollment(studentId: string, sectionId: number, termId: number, enrolled: string, left: string): string {
    this.counts.enrollments++;
    if (sectionId < 0) this.counts.droppedEnrollments++;
    // Numbers and dates only: no field needs quoting, so the line is written as it is.
    return `${studentId},${sectionId},${termId},${enrolled},${left}\n`;
  }

  /** `count` different items, in a random order. */
  private pick(items: readonly number[], count: number): number[] {
    const chosen: number[] = [];
    while (chosen.length < Math.min(count, items.length)) {
      const item = items[this.rng.int(items.length)]!;
      if (!chosen.includes(item)) chosen.push(item);
    }
    return chosen;
  }
}
