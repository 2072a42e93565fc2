import { describe, it, expect } from 'vitest';
import { RowIssueCodes } from '../../src/sources/field-reader.js';
import {
  mapSchoolRow,
  mapSchoolStaffRow,
  mapStudentRow,
  mapUserRow,
} from '../../src/sources/row-mapping.js';

const origin = (file: string, row: number) => ({ file, row });

/** A students.csv record as the file gives it: every value text. */
function studentRecord(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    DCID: '5001',
    ID: '301',
    STUDENT_NUMBER: '220045',
    FIRST_NAME: 'Zoë',
    MIDDLE_NAME: '',
    LAST_NAME: "O'Brien",
    GRADE_LEVEL: '7',
    SCHOOLID: '12',
    ENROLL_STATUS: '0',
    CLASSOF: '2031',
    ...overrides,
  };
}

describe('mapStudentRow', () => {
  it('maps a text record, trimming every value', () => {
    const result = mapStudentRow(studentRecord({ FIRST_NAME: '  Zoë ', LAST_NAME: " O'Brien\t" }), origin('students.csv', 2));
    expect(result).toEqual({
      row: {
        origin: { file: 'students.csv', row: 2 },
        dcid: '5001',
        id: '301',
        studentNumber: '220045',
        firstName: 'Zoë',
        middleName: '',
        lastName: "O'Brien",
        gradeLevel: 7,
        schoolId: 12,
        enrollStatus: 0,
        classOf: 2031,
      },
      issues: [],
    });
  });

  it('maps an Oracle record: numbers, nulls, UPPERCASE keys', () => {
    const { row, issues } = mapStudentRow(
      { DCID: 5001, ID: 301, STUDENT_NUMBER: 220045, FIRST_NAME: 'Ana', MIDDLE_NAME: null, LAST_NAME: 'Ruiz', GRADE_LEVEL: -1, SCHOOLID: 12, ENROLL_STATUS: -1, CLASSOF: 0 },
      origin('STUDENTS', 1),
    );
    expect(issues).toEqual([]);
    expect(row).toMatchObject({ dcid: '5001', id: '301', studentNumber: '220045', middleName: '', gradeLevel: -1, enrollStatus: -1, classOf: null });
  });

  it('maps a REST record with lowercase keys', () => {
    const { row } = mapStudentRow(
      { dcid: '7', id: '8', student_number: '9', first_name: 'A', last_name: 'B', grade_level: '3', schoolid: '4', enroll_status: '0', classof: '' },
      origin('students', 1),
    );
    expect(row).toMatchObject({ dcid: '7', id: '8', studentNumber: '9', gradeLevel: 3, schoolId: 4, classOf: null });
  });

  it('reads whole numbers written as Oracle exports write them ("12.0") and negative ones', () => {
    const { row } = mapStudentRow(
      studentRecord({ DCID: '5001.0', GRADE_LEVEL: '12.0', SCHOOLID: '0012', ENROLL_STATUS: '-1', CLASSOF: '2026.00' }),
      origin('students.csv', 2),
    );
    expect(row).toMatchObject({ dcid: '5001', gradeLevel: 12, schoolId: 12, enrollStatus: -1, classOf: 2026 });
  });

  it('maps an empty or zero CLASSOF to null', () => {
    for (const classOf of ['', '0', 0, null, undefined]) {
      expect(mapStudentRow(studentRecord({ CLASSOF: classOf }), origin('students.csv', 2)).row?.classOf).toBeNull();
    }
  });

  it('leaves out a row with an empty required value: ROW_MISSING_VALUE naming file, row and field', () => {
    const result = mapStudentRow(studentRecord({ STUDENT_NUMBER: '  ' }), origin('students.csv', 14));
    expect(result.row).toBeUndefined();
    expect(result.issues).toEqual([
      {
        severity: 'error',
        code: RowIssueCodes.MISSING_VALUE,
        file: 'students.csv',
        row: 14,
        field: 'STUDENT_NUMBER',
        message: 'students.csv row 14: STUDENT_NUMBER is empty',
      },
    ]);
  });

  it('treats a null or absent required value as empty', () => {
    const { DCID: _dcid, ...withoutDcid } = studentRecord();
    expect(mapStudentRow(withoutDcid, origin('students.csv', 3)).issues.map((i) => i.field)).toEqual(['DCID']);
    expect(mapStudentRow(studentRecord({ SCHOOLID: null }), origin('STUDENTS', 3)).issues[0]).toMatchObject({
      code: 'ROW_MISSING_VALUE',
      field: 'SCHOOLID',
    });
  });

  it('leaves out a row with a value that is not a whole number: ROW_BAD_NUMBER', () => {
    for (const bad of ['abc', '7.5', '1e3', '+7', '7 th', 7.5, Number.NaN, '99999999999999999999']) {
      const result = mapStudentRow(studentRecord({ GRADE_LEVEL: bad }), origin('students.csv', 9));
      expect(result.row, String(bad)).toBeUndefined();
      expect(result.issues).toEqual([
        expect.objectContaining({ severity: 'error', code: 'ROW_BAD_NUMBER', file: 'students.csv', row: 9, field: 'GRADE_LEVEL' }),
      ]);
    }
    expect(mapStudentRow(studentRecord({ GRADE_LEVEL: 'abc' }), origin('students.csv', 9)).issues[0]!.message).toBe(
      'students.csv row 9: GRADE_LEVEL is "abc", not a whole number',
    );
  });

  it('reports every fault of a row at once', () => {
    const { issues } = mapStudentRow(
      studentRecord({ DCID: '', GRADE_LEVEL: 'x', CLASSOF: 'soon' }),
      origin('students.csv', 4),
    );
    expect(issues.map((i) => [i.code, i.field])).toEqual([
      ['ROW_MISSING_VALUE', 'DCID'],
      ['ROW_BAD_NUMBER', 'GRADE_LEVEL'],
      ['ROW_BAD_NUMBER', 'CLASSOF'],
    ]);
  });

  it('reports a value of the wrong kind: ROW_BAD_VALUE', () => {
    const { row, issues } = mapStudentRow(studentRecord({ FIRST_NAME: { given: 'Ana' } }), origin('students', 5));
    expect(row).toBeUndefined();
    expect(issues).toEqual([
      expect.objectContaining({ code: 'ROW_BAD_VALUE', field: 'FIRST_NAME', message: 'students row 5: FIRST_NAME is an object, expected text or a number' }),
    ]);
  });
});

describe('mapSchoolRow', () => {
  const school = (flag: unknown) =>
    mapSchoolRow({ SCHOOL_NUMBER: '12', NAME: ' Lincoln Middle ', ABBREVIATION: 'LMS', STATE_EXCLUDEFROMREPORTING: flag }, origin('schools.csv', 2));

  it('maps a school, reading STATE_EXCLUDEFROMREPORTING as a flag', () => {
    expect(school('0')).toEqual({
      row: { origin: { file: 'schools.csv', row: 2 }, schoolNumber: 12, name: 'Lincoln Middle', abbreviation: 'LMS', excludedFromStateReporting: false },
      issues: [],
    });
    for (const yes of ['1', 1, 'true', 'TRUE', true, '1.0']) expect(school(yes).row?.excludedFromStateReporting, String(yes)).toBe(true);
    for (const no of ['0', 0, '', null, undefined, 'false', false]) expect(school(no).row?.excludedFromStateReporting, String(no)).toBe(false);
  });

  it('rejects a flag that is neither 0/1 nor true/false', () => {
    expect(school('yes').issues).toEqual([
      expect.objectContaining({ code: 'ROW_BAD_VALUE', field: 'STATE_EXCLUDEFROMREPORTING', message: 'schools.csv row 2: STATE_EXCLUDEFROMREPORTING is "yes", expected 1 or 0 (or true or false)' }),
    ]);
    expect(school('2').row).toBeUndefined();
  });

  it('requires SCHOOL_NUMBER', () => {
    expect(mapSchoolRow({ SCHOOL_NUMBER: '', NAME: 'X' }, origin('schools.csv', 3)).issues[0]!.message).toBe('schools.csv row 3: SCHOOL_NUMBER is empty');
  });
});

describe('mapUserRow', () => {
  it('maps a staff user; optional values default (HOMESCHOOLID 0, no CELLPHONE column)', () => {
    const { row, issues } = mapUserRow(
      { DCID: '88', EMAIL_ADDR: ' jdoe@district.org ', FIRST_NAME: 'Jane', LAST_NAME: 'Doe', TEACHERNUMBER: 'T-100', HOMESCHOOLID: '', GROUPVALUE: '9' },
      origin('users.csv', 2),
    );
    expect(issues).toEqual([]);
    expect(row).toEqual({
      origin: { file: 'users.csv', row: 2 },
      dcid: '88',
      email: 'jdoe@district.org',
      firstName: 'Jane',
      lastName: 'Doe',
      teacherNumber: 'T-100',
      homeSchoolId: 0,
      groupValue: '9',
      cellPhone: '',
    });
  });

  it('requires DCID and a whole-number HOMESCHOOLID', () => {
    const { row, issues } = mapUserRow({ DCID: null, HOMESCHOOLID: 'main' }, origin('USERS', 7));
    expect(row).toBeUndefined();
    expect(issues.map((i) => i.message)).toEqual(['USERS row 7: DCID is empty', 'USERS row 7: HOMESCHOOLID is "main", not a whole number']);
  });
});

describe('mapSchoolStaffRow', () => {
  it('maps a school assignment; USERS_DCID "88.0" matches users DCID 88, empty STAFFSTATUS is 0', () => {
    expect(mapSchoolStaffRow({ USERS_DCID: '88.0', SCHOOLID: 12, STATUS: '1', STAFFSTATUS: '' }, origin('schoolstaff.csv', 2))).toEqual({
      row: { origin: { file: 'schoolstaff.csv', row: 2 }, usersDcid: '88', schoolId: 12, status: 1, staffStatus: 0 },
      issues: [],
    });
  });

  it('requires USERS_DCID, SCHOOLID and STATUS', () => {
    const { row, issues } = mapSchoolStaffRow({ USERS_DCID: '', SCHOOLID: '', STATUS: null, STAFFSTATUS: '1' }, origin('schoolstaff.csv', 5));
    expect(row).toBeUndefined();
    expect(issues.map((i) => [i.code, i.field])).toEqual([
      ['ROW_MISSING_VALUE', 'USERS_DCID'],
      ['ROW_MISSING_VALUE', 'SCHOOLID'],
      ['ROW_MISSING_VALUE', 'STATUS'],
    ]);
  });
});
