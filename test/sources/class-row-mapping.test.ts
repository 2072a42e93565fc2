/** The class tables' records to rows: every source's forms of a value, drops, dates, and each fault as an issue naming file, row and field. */
import { describe, expect, it } from 'vitest';
import {
  mapCourseRow,
  mapEnrollmentRow,
  mapRoleRow,
  mapSectionRow,
  mapSectionTeacherRow,
  mapTermRow,
} from '../../src/sources/class-row-mapping.js';
import { RowIssueCodes, parseDate } from '../../src/sources/field-reader.js';
import { mapSchoolStaffRow } from '../../src/sources/row-mapping.js';

const origin = (file: string, row: number) => ({ file, row });

const cc = (overrides: Record<string, unknown> = {}) => ({
  STUDENTID: '9010',
  SECTIONID: '20401',
  TERMID: '3600',
  DATEENROLLED: '2026-08-19',
  DATELEFT: '2027-06-05',
  ...overrides,
});

describe('mapEnrollmentRow (CC)', () => {
  it('maps a file record', () => {
    expect(mapEnrollmentRow(cc(), origin('cc.csv', 2))).toEqual({
      row: { origin: { file: 'cc.csv', row: 2 }, studentId: '9010', sectionId: 20401, termId: 3600, dateEnrolled: '2026-08-19', dateLeft: '2027-06-05', dropped: false },
      issues: [],
    });
  });

  it('keeps a dropped enrollment as PowerSchool holds it, negative ids and all, and marks it dropped', () => {
    const { row } = mapEnrollmentRow(cc({ SECTIONID: '-20401', TERMID: '-3600', DATELEFT: '2026-10-02' }), origin('cc.csv', 3));
    expect(row).toMatchObject({ sectionId: -20401, termId: -3600, dateLeft: '2026-10-02', dropped: true });
  });

  it('maps an Oracle record (numbers, UPPERCASE keys) and a REST record (text, lowercase keys) alike', () => {
    const oracle = mapEnrollmentRow({ STUDENTID: 9010, SECTIONID: -20401, TERMID: -3600, DATEENROLLED: '2026-08-19', DATELEFT: '2026-10-02' }, origin('CC', 2));
    const rest = mapEnrollmentRow({ studentid: '9010', sectionid: '-20401', termid: '-3600', dateenrolled: '2026-08-19', dateleft: '2026-10-02' }, origin('cc', 2));
    expect(oracle.issues).toEqual([]);
    expect({ ...oracle.row, origin: null }).toEqual({ ...rest.row, origin: null });
  });

  it.each([
    ['2026-08-19', '2026-08-19'],
    ['2026-8-9', '2026-08-09'],
    ['08/19/2026', '2026-08-19'],
    ['8/9/2026', '2026-08-09'],
    ['2026-08-19T00:00:00', '2026-08-19'],
    ['2026-08-19 00:00:00.0', '2026-08-19'],
    ['2028-02-29', '2028-02-29'],
  ])('reads the date %s as %s', (text, date) => {
    expect(mapEnrollmentRow(cc({ DATEENROLLED: text }), origin('cc.csv', 2)).row?.dateEnrolled).toBe(date);
  });

  it.each(['2026-02-30', '2027-02-29', '13/01/2026', '2026-13-01', '19.08.2026', 'tomorrow', '2026-08-19T00:00:00Z', '26-08-19'])(
    'refuses %s as a date, naming the file, row and column',
    (text) => {
      expect(mapEnrollmentRow(cc({ DATELEFT: text }), origin('cc.csv', 7))).toEqual({
        issues: [
          {
            severity: 'error',
            code: RowIssueCodes.BAD_DATE,
            file: 'cc.csv',
            row: 7,
            field: 'DATELEFT',
            message: `cc.csv row 7: DATELEFT is "${text}", not a date (YYYY-MM-DD or MM/DD/YYYY)`,
          },
        ],
      });
    },
  );

  it('refuses a date object: a date must come as text, as rollcall\'s SQL writes it', () => {
    const { issues } = mapEnrollmentRow(cc({ DATEENROLLED: new Date(Date.UTC(2026, 7, 19)) }), origin('CC', 2));
    expect(issues.map((i) => [i.code, i.field, i.message])).toEqual([
      [RowIssueCodes.BAD_DATE, 'DATEENROLLED', 'CC row 2: DATEENROLLED is a date object, expected a date as text (YYYY-MM-DD or MM/DD/YYYY)'],
    ]);
  });

  it('lists every missing or unreadable value of a row at once', () => {
    const { row, issues } = mapEnrollmentRow({ STUDENTID: '', SECTIONID: 'x', TERMID: null, DATEENROLLED: '0/0/0', DATELEFT: '' }, origin('cc.csv', 9));
    expect(row).toBeUndefined();
    expect(issues.map((i) => [i.code, i.field])).toEqual([
      [RowIssueCodes.MISSING_VALUE, 'STUDENTID'],
      [RowIssueCodes.BAD_NUMBER, 'SECTIONID'],
      [RowIssueCodes.MISSING_VALUE, 'TERMID'],
      [RowIssueCodes.MISSING_VALUE, 'DATEENROLLED'],
      [RowIssueCodes.MISSING_VALUE, 'DATELEFT'],
    ]);
  });

  it('refuses SECTIONID 0, which names no section', () => {
    const { issues } = mapEnrollmentRow(cc({ SECTIONID: '0' }), origin('cc.csv', 4));
    expect(issues.map((i) => i.message)).toEqual(['cc.csv row 4: SECTIONID is 0, which names no section']);
  });

  it('shares one string per day across rows', () => {
    const a = mapEnrollmentRow(cc({ DATEENROLLED: '08/19/2026' }), origin('cc.csv', 2)).row!;
    const b = mapEnrollmentRow(cc({ DATEENROLLED: '08/19/2026' }), origin('cc.csv', 3)).row!;
    expect(a.dateEnrolled).toBe('2026-08-19');
    expect(parseDate('08/19/2026')).toBe(b.dateEnrolled);
  });
});

describe('mapSectionRow', () => {
  const section = { ID: '20401', SCHOOLID: '301', COURSE_NUMBER: 'ALG1', SECTION_NUMBER: '3', TERMID: '3600', TEACHER: '1002', EXPRESSION: '1(A-E)', ROOM: '301' };

  it('maps a section with its lead teacher as a SCHOOLSTAFF.ID', () => {
    expect(mapSectionRow(section, origin('sections.csv', 2)).row).toEqual({
      origin: { file: 'sections.csv', row: 2 },
      id: 20401,
      schoolId: 301,
      courseNumber: 'ALG1',
      sectionNumber: '3',
      termId: 3600,
      teacherId: '1002',
      expression: '1(A-E)',
      room: '301',
    });
  });

  it('keeps a section without a teacher, expression or room, and an Oracle NUMBER teacher as text', () => {
    expect(mapSectionRow({ ...section, TEACHER: null, EXPRESSION: null, ROOM: null }, origin('SECTIONS', 2)).row).toMatchObject({ teacherId: '', expression: '', room: '' });
    expect(mapSectionRow({ ...section, TEACHER: 1002, ID: 20401 }, origin('SECTIONS', 2)).row).toMatchObject({ teacherId: '1002', id: 20401 });
  });

  it('needs its id, school, course, section number and term', () => {
    const { issues } = mapSectionRow({ ...section, ID: '', SCHOOLID: '', COURSE_NUMBER: ' ', SECTION_NUMBER: '', TERMID: '' }, origin('sections.csv', 5));
    expect(issues.map((i) => `${i.code} ${i.field}`)).toEqual([
      'ROW_MISSING_VALUE ID',
      'ROW_MISSING_VALUE SCHOOLID',
      'ROW_MISSING_VALUE COURSE_NUMBER',
      'ROW_MISSING_VALUE SECTION_NUMBER',
      'ROW_MISSING_VALUE TERMID',
    ]);
  });
});

describe('mapTermRow', () => {
  const term = { ID: '3601', SCHOOLID: '301', FIRSTDAY: '2026-08-19', LASTDAY: '2026-12-18', YEARID: '36', ABBREVIATION: 'S1' };

  it('maps a term', () => {
    expect(mapTermRow(term, origin('terms.csv', 2)).row).toEqual({
      origin: { file: 'terms.csv', row: 2 },
      id: 3601,
      schoolId: 301,
      firstDay: '2026-08-19',
      lastDay: '2026-12-18',
      yearId: 36,
      abbreviation: 'S1',
    });
  });

  it('refuses a term that ends before it starts', () => {
    const { row, issues } = mapTermRow({ ...term, LASTDAY: '08/01/2026' }, origin('terms.csv', 3));
    expect(row).toBeUndefined();
    expect(issues).toEqual([
      expect.objectContaining({ code: RowIssueCodes.BAD_VALUE, field: 'LASTDAY', message: 'terms.csv row 3: LASTDAY 2026-08-01 is before FIRSTDAY 2026-08-19' }),
    ]);
  });
});

describe('mapSectionTeacherRow', () => {
  const teacher = { SECTIONID: '20302', TEACHERID: '1003', ROLEID: '2', START_DATE: '2026-08-19', END_DATE: '2027-06-04' };

  it('maps a co-teacher with role and dates', () => {
    expect(mapSectionTeacherRow(teacher, origin('sectionteacher.csv', 2)).row).toEqual({
      origin: { file: 'sectionteacher.csv', row: 2 },
      sectionId: 20302,
      teacherId: '1003',
      roleId: 2,
      startDate: '2026-08-19',
      endDate: '2027-06-04',
    });
  });

  it('reads unset dates as null', () => {
    expect(mapSectionTeacherRow({ ...teacher, START_DATE: null, END_DATE: '0/0/0' }, origin('SECTIONTEACHER', 2)).row).toMatchObject({ startDate: null, endDate: null });
  });

  it('refuses an end before the start', () => {
    const { issues } = mapSectionTeacherRow({ ...teacher, END_DATE: '2026-08-18' }, origin('sectionteacher.csv', 4));
    expect(issues.map((i) => i.message)).toEqual(['sectionteacher.csv row 4: END_DATE 2026-08-18 is before START_DATE 2026-08-19']);
  });
});

describe('mapCourseRow and mapRoleRow', () => {
  it('map a course and a role', () => {
    expect(mapCourseRow({ course_number: 'ALG1', course_name: ' Algebra 1 ' }, origin('courses', 2)).row).toEqual({ origin: { file: 'courses', row: 2 }, courseNumber: 'ALG1', name: 'Algebra 1' });
    expect(mapRoleRow({ ID: 1, NAME: 'Lead Teacher', ROLEKEY: 'com.pearson.powerschool.coteach.primary.teacher' }, origin('ROLEDEF', 2)).row).toEqual({
      origin: { file: 'ROLEDEF', row: 2 },
      id: 1,
      name: 'Lead Teacher',
      roleKey: 'com.pearson.powerschool.coteach.primary.teacher',
    });
  });

  it('need a course number and a role id', () => {
    expect(mapCourseRow({ COURSE_NUMBER: '', COURSE_NAME: 'x' }, origin('courses.csv', 3)).issues.map((i) => i.field)).toEqual(['COURSE_NUMBER']);
    expect(mapRoleRow({ ID: 'one', NAME: 'x', ROLEKEY: '' }, origin('roledef.csv', 3)).issues.map((i) => i.code)).toEqual([RowIssueCodes.BAD_NUMBER]);
  });
});

describe('mapSchoolStaffRow with the class tables', () => {
  const record = { ID: '1002.0', USERS_DCID: '5002', SCHOOLID: '301', STATUS: '1', STAFFSTATUS: '1' };

  it('reads SCHOOLSTAFF.ID, what classes name teachers by, only when asked', () => {
    expect(mapSchoolStaffRow(record, origin('schoolstaff.csv', 2), true).row).toEqual({
      origin: { file: 'schoolstaff.csv', row: 2 },
      id: '1002',
      usersDcid: '5002',
      schoolId: 301,
      status: 1,
      staffStatus: 1,
    });
    const without = mapSchoolStaffRow(record, origin('schoolstaff.csv', 2)).row!;
    expect(Object.keys(without)).not.toContain('id');
  });

  it('needs the ID when asked', () => {
    expect(mapSchoolStaffRow({ ...record, ID: '' }, origin('schoolstaff.csv', 2), true).issues.map((i) => `${i.code} ${i.field}`)).toEqual(['ROW_MISSING_VALUE ID']);
  });
});
