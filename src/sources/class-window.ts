/**
 * Which school years' classes are read. PowerSchool keeps every year's enrollments in CC, so a
 * district with ten years of history would otherwise read ten years of CC every night. Class
 * groups need the school year under way and the ones planned after it; earlier years are left in
 * PowerSchool. Every source keeps the same rows: Oracle and REST ask the server for them (SQL
 * and query filters) and the shared row mapping applies the same test, so files made some other
 * way give the same rows too.
 *
 * PowerSchool numbers school years by their first calendar year minus 1990 (YEARID 36 is
 * 2026-2027) and terms within a year as YEARID × 100 + n (3600 the year, 3601 its first
 * semester...), which is what lets one number say "this year and later" for every table.
 */
import type { EnrollmentRow, SectionRow, SectionTeacherRow, TermRow } from './class-rows.js';

export interface ClassWindow {
  /** The first school year read, as a PowerSchool YEARID. */
  fromYearId: number;
}

/** The month a date's school year is taken to start in: July, between one year's last classes and the next one's first. */
const SCHOOL_YEAR_FIRST_MONTH = 7;
const YEAR_ID_BASE = 1990;

/** The PowerSchool YEARID of the school year a YYYY-MM-DD date falls in (years starting July 1). */
export function schoolYearId(date: string): number {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  return (month >= SCHOOL_YEAR_FIRST_MONTH ? year : year - 1) - YEAR_ID_BASE;
}

/** The window of a run on `today`: the school year under way and later ones. */
export function classWindowOn(today: string): ClassWindow {
  return { fromYearId: schoolYearId(today) };
}

/** The first TERMS.ID of the window: sections and enrollments of earlier terms are not read. */
export function firstTermId(window: ClassWindow): number {
  return window.fromYearId * 100;
}

/**
 * The window's test for each class row. Sections come before their teachers in every source's
 * read, so SECTIONTEACHER rows are kept exactly when their section was.
 */
export class ClassWindowFilter {
  private readonly fromTermId: number;
  private readonly sectionsKept = new Set<number>();

  constructor(private readonly window: ClassWindow) {
    this.fromTermId = firstTermId(window);
  }

  section(row: SectionRow): boolean {
    if (row.termId < this.fromTermId) return false;
    this.sectionsKept.add(row.id);
    return true;
  }

  term(row: TermRow): boolean {
    return row.yearId >= this.window.fromYearId;
  }

  /** A dropped enrollment's TERMID is negative: its year is that of the absolute value. */
  enrollment(row: EnrollmentRow): boolean {
    return Math.abs(row.termId) >= this.fromTermId;
  }

  sectionTeacher(row: SectionTeacherRow): boolean {
    return this.sectionsKept.has(row.sectionId);
  }
}
