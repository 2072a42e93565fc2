/** The class window: which school years' classes a run reads, the same way in every source. */
import { describe, expect, it } from 'vitest';
import type { EnrollmentRow, SectionRow, SectionTeacherRow, TermRow } from '../../src/sources/class-rows.js';
import { ClassWindowFilter, classWindowOn, firstTermId, schoolYearId } from '../../src/sources/class-window.js';

const origin = { file: 'x.csv', row: 2 };
const section = (id: number, termId: number): SectionRow => ({ origin, id, schoolId: 301, courseNumber: 'ALG1', sectionNumber: '1', termId, teacherId: '1002', expression: '', room: '' });
const term = (id: number, yearId: number): TermRow => ({ origin, id, schoolId: 301, firstDay: '2026-08-19', lastDay: '2027-06-04', yearId, abbreviation: '' });
const enrollment = (sectionId: number, termId: number): EnrollmentRow => ({
  origin,
  studentId: '9010',
  sectionId,
  termId,
  dateEnrolled: '2026-08-19',
  dateLeft: '2027-06-05',
  dropped: sectionId < 0,
});
const teacher = (sectionId: number): SectionTeacherRow => ({ origin, sectionId, teacherId: '1002', roleId: 1, startDate: null, endDate: null });

describe('schoolYearId', () => {
  it.each([
    ['2026-07-01', 36],
    ['2026-11-23', 36],
    ['2027-06-30', 36],
    ['2026-06-30', 35],
    ['2027-07-01', 37],
    ['1990-07-01', 0],
  ])('%s is in school year %i (first calendar year - 1990, years starting July 1)', (date, yearId) => {
    expect(schoolYearId(date)).toBe(yearId);
  });

  it('a window starts at its year term: YEARID x 100', () => {
    expect(classWindowOn('2026-11-23')).toEqual({ fromYearId: 36 });
    expect(firstTermId(classWindowOn('2026-11-23'))).toBe(3600);
  });
});

describe('ClassWindowFilter', () => {
  it('keeps this year and later, drops included, and the teachers of the sections it kept', () => {
    const keep = new ClassWindowFilter({ fromYearId: 36 });
    expect([section(19401, 3500), section(20401, 3600), section(20403, 3601), section(30401, 3700)].map((s) => keep.section(s))).toEqual([false, true, true, true]);
    expect([term(3500, 35), term(3600, 36), term(3700, 37)].map((t) => keep.term(t))).toEqual([false, true, true]);
    expect(
      [enrollment(19401, 3500), enrollment(-19401, -3500), enrollment(20401, 3600), enrollment(-20401, -3600), enrollment(-20403, -3601)].map((e) => keep.enrollment(e)),
    ).toEqual([false, false, true, true, true]);
    expect([teacher(19401), teacher(20401), teacher(20403), teacher(99999)].map((t) => keep.sectionTeacher(t))).toEqual([false, true, true, false]);
  });
});
