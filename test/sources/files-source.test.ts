import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile, unlink } from 'node:fs/promises';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { ErrorCodes, RollcallError } from '../../src/errors.js';
import { formatCsvRow } from '../../src/sources/csv.js';
import { FilesSource } from '../../src/sources/files/files-source.js';
import { CLASS_TABLES, TABLE_COLUMNS, tableFileName } from '../../src/sources/records.js';
import { SCHOOLSTAFF_COLUMNS, SCHOOL_COLUMNS, STUDENT_COLUMNS, USER_COLUMNS } from '../../src/sources/row-mapping.js';

const csv = (rows: string[][]): string => rows.map(formatCsvRow).join('');

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'rollcall-files-'));
  await writeFile(path.join(dir, 'schools.csv'), csv([[...SCHOOL_COLUMNS], ['12', 'Lincoln Middle', 'LMS', '0'], ['999', 'Summer School', 'SS', '1']]));
  await writeFile(
    path.join(dir, 'students.csv'),
    csv([
      [...STUDENT_COLUMNS],
      ['5001', '301', '220045', 'Zoë', '', "O'Brien", '7', '12', '0', '2031'],
      ['5002', '302', '220046', 'Ana', 'María', 'Ruiz, Jr.', '8', '12', '0', ''],
    ]),
  );
  await writeFile(path.join(dir, 'users.csv'), csv([[...USER_COLUMNS], ['88', 'jdoe@district.org', 'Jane', 'Doe', 'T-100', '12', '9', '555-0100']]));
  await writeFile(path.join(dir, 'schoolstaff.csv'), csv([[...SCHOOLSTAFF_COLUMNS], ['88', '12', '1', '1']]));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function readError(source: FilesSource): Promise<RollcallError> {
  try {
    await source.read();
  } catch (err) {
    expect(err).toBeInstanceOf(RollcallError);
    return err as RollcallError;
  }
  throw new Error('expected read to fail');
}

describe('FilesSource', () => {
  it('describes itself by its directory', () => {
    expect(new FilesSource('fixtures/powerschool').description).toBe('files fixtures/powerschool');
  });

  it('reads the four files into typed rows tagged with file and line', async () => {
    const rows = await new FilesSource(dir).read();
    expect(rows.issues).toEqual([]);
    expect(rows.schools).toEqual([
      { origin: { file: 'schools.csv', row: 2 }, schoolNumber: 12, name: 'Lincoln Middle', abbreviation: 'LMS', excludedFromStateReporting: false },
      { origin: { file: 'schools.csv', row: 3 }, schoolNumber: 999, name: 'Summer School', abbreviation: 'SS', excludedFromStateReporting: true },
    ]);
    expect(rows.students.map((s) => [s.origin.row, s.studentNumber, s.lastName, s.classOf])).toEqual([
      [2, '220045', "O'Brien", 2031],
      [3, '220046', 'Ruiz, Jr.', null],
    ]);
    expect(rows.users).toEqual([
      { origin: { file: 'users.csv', row: 2 }, dcid: '88', email: 'jdoe@district.org', firstName: 'Jane', lastName: 'Doe', teacherNumber: 'T-100', homeSchoolId: 12, groupValue: '9', cellPhone: '555-0100' },
    ]);
    expect(rows.schoolStaff).toEqual([{ origin: { file: 'schoolstaff.csv', row: 2 }, usersDcid: '88', schoolId: 12, status: 1, staffStatus: 1 }]);
  });

  it('matches column names in any case and order, ignores extra columns, accepts a BOM and CRLF, leaves out optional columns', async () => {
    await writeFile(
      path.join(dir, 'users.csv'),
      '\uFEFFemail_addr,Extra,dcid,first_name,last_name,teachernumber,homeschoolid,groupvalue\r\n' +
        'jdoe@district.org,ignored,88,Jane,Doe,,0,9\r\n',
    );
    const rows = await new FilesSource(dir).read();
    expect(rows.issues).toEqual([]);
    expect(rows.users).toEqual([
      { origin: { file: 'users.csv', row: 2 }, dcid: '88', email: 'jdoe@district.org', firstName: 'Jane', lastName: 'Doe', teacherNumber: '', homeSchoolId: 0, groupValue: '9', cellPhone: '' },
    ]);
  });

  it('leaves out bad rows and lists their issues, in file and row order', async () => {
    await writeFile(
      path.join(dir, 'students.csv'),
      csv([
        [...STUDENT_COLUMNS],
        ['5001', '301', '220045', 'Zoë', '', 'Smith', '7', '12', '0', '2031'],
        ['5002', '302', '220046', 'Multi\nline', '', 'Ruiz', '8', '12', '0', ''],
        ['5003', '303', '', 'No', '', 'Number', '8', '12', '0', ''],
        ['5004', '304', '220048', 'Short'],
        ['5005', '305', '220049', 'Bad', '', 'Grade', 'seventh', '12', '0', ''],
      ]),
    );
    await writeFile(path.join(dir, 'schoolstaff.csv'), csv([[...SCHOOLSTAFF_COLUMNS], ['88', '12', '', '1']]));
    const rows = await new FilesSource(dir).read();
    expect(rows.students.map((s) => [s.dcid, s.origin.row])).toEqual([
      ['5001', 2],
      ['5002', 3],
    ]);
    expect(rows.schoolStaff).toEqual([]);
    expect(rows.issues.map((i) => [i.code, i.file, i.row, i.field, i.message])).toEqual([
      ['ROW_MISSING_VALUE', 'students.csv', 5, 'STUDENT_NUMBER', 'students.csv row 5: STUDENT_NUMBER is empty'],
      ['ROW_FIELD_COUNT', 'students.csv', 6, undefined, 'students.csv row 6: has 4 fields, the header has 10'],
      ['ROW_BAD_NUMBER', 'students.csv', 7, 'GRADE_LEVEL', 'students.csv row 7: GRADE_LEVEL is "seventh", not a whole number'],
      ['ROW_MISSING_VALUE', 'schoolstaff.csv', 2, 'STATUS', 'schoolstaff.csv row 2: STATUS is empty'],
    ]);
  });

  it('fails naming every missing file and the directory', async () => {
    await unlink(path.join(dir, 'users.csv'));
    await unlink(path.join(dir, 'schoolstaff.csv'));
    const err = await readError(new FilesSource(dir));
    expect(err.code).toBe(ErrorCodes.SOURCE_INVALID);
    expect(err.fault).toBe('user');
    expect(err.message).toBe(
      `PowerSchool files in ${dir}: users.csv is missing; schoolstaff.csv is missing ` +
        '(expected schools.csv, students.csv, users.csv, schoolstaff.csv)',
    );
  });

  it('fails when a file is a directory', async () => {
    await unlink(path.join(dir, 'schools.csv'));
    await mkdir(path.join(dir, 'schools.csv'));
    const err = await readError(new FilesSource(dir));
    expect(err.message).toContain(`PowerSchool files in ${dir}: schools.csv is not a file`);
  });

  it('fails when the directory does not exist', async () => {
    const missing = path.join(dir, 'nope');
    const err = await readError(new FilesSource(missing));
    expect(err.message).toContain(`PowerSchool files in ${missing}: schools.csv is missing`);
  });

  it('fails naming the file, the missing columns and the directory', async () => {
    await writeFile(path.join(dir, 'students.csv'), 'DCID,ID,FIRST_NAME,LAST_NAME,GRADE_LEVEL,SCHOOLID,CLASSOF\n1,2,A,B,3,4,0\n');
    const err = await readError(new FilesSource(dir));
    expect(err.code).toBe(ErrorCodes.SOURCE_INVALID);
    expect(err.message).toBe(
      `students.csv in ${dir}: header lacks columns STUDENT_NUMBER, ENROLL_STATUS ` +
        '(expected DCID,ID,STUDENT_NUMBER,FIRST_NAME,MIDDLE_NAME,LAST_NAME,GRADE_LEVEL,SCHOOLID,ENROLL_STATUS,CLASSOF; ' +
        'found DCID,ID,FIRST_NAME,LAST_NAME,GRADE_LEVEL,SCHOOLID,CLASSOF)',
    );
    expect(err.details).toEqual({ file: 'students.csv', dir, missing: ['STUDENT_NUMBER', 'ENROLL_STATUS'] });
  });

  it('fails on a column named twice', async () => {
    await writeFile(path.join(dir, 'schoolstaff.csv'), 'USERS_DCID,SCHOOLID,STATUS,STAFFSTATUS,status\n88,12,1,1,0\n');
    const err = await readError(new FilesSource(dir));
    expect(err.message).toBe(`schoolstaff.csv in ${dir}: header has column STATUS more than once`);
  });

  it('fails on an empty file', async () => {
    await writeFile(path.join(dir, 'schools.csv'), '\n\n');
    const err = await readError(new FilesSource(dir));
    expect(err.message).toBe(`schools.csv in ${dir} is empty; expected a header line: SCHOOL_NUMBER,NAME,ABBREVIATION,STATE_EXCLUDEFROMREPORTING`);
  });

  it('fails on a malformed file, naming its path and line', async () => {
    await writeFile(path.join(dir, 'users.csv'), csv([[...USER_COLUMNS]]) + '88,"jdoe@district.org,Jane\n');
    const err = await readError(new FilesSource(dir));
    expect(err.code).toBe(ErrorCodes.SOURCE_INVALID);
    expect(err.message).toBe(`${path.join(dir, 'users.csv')} line 2: quoted field 2 is never closed (reached the end of the file)`);
  });

  it('streams a 200,000-row students file', async () => {
    const count = 200_000;
    const out = createWriteStream(path.join(dir, 'students.csv'));
    out.write(formatCsvRow([...STUDENT_COLUMNS]));
    // Written in blocks so the test itself never holds the file as one string either.
    for (let start = 0; start < count; start += 10_000) {
      let block = '';
      for (let i = start; i < start + 10_000; i++) {
        block += `${100000 + i},${i},${200000 + i},First${i},,"Last, ${i}",${i % 13},12,0,2031\r\n`;
      }
      if (!out.write(block)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');

    const started = performance.now();
    const rows = await new FilesSource(dir).read();
    const seconds = (performance.now() - started) / 1000;

    expect(rows.issues).toEqual([]);
    expect(rows.students).toHaveLength(count);
    expect(rows.students[count - 1]).toMatchObject({ origin: { file: 'students.csv', row: count + 1 }, dcid: String(100000 + count - 1), lastName: `Last, ${count - 1}` });
    expect(seconds).toBeLessThan(3);
  });
});

describe('FilesSource with the class tables', () => {
  const CLASSES = { classes: { fromYearId: 36 } };

  async function writeClassFiles(): Promise<void> {
    await writeFile(path.join(dir, 'schoolstaff.csv'), csv([['ID', ...SCHOOLSTAFF_COLUMNS], ['1002', '88', '12', '1', '1']]));
    await writeFile(path.join(dir, 'sections.csv'), csv([[...TABLE_COLUMNS.sections], ['20401', '12', 'ALG1', '3', '3600', '1002', '1(A-E)', '301'], ['19401', '12', 'ALG1', '1', '3500', '1002', '1(A-E)', '301']]));
    await writeFile(path.join(dir, 'courses.csv'), csv([[...TABLE_COLUMNS.courses], ['ALG1', 'Algebra 1']]));
    await writeFile(path.join(dir, 'terms.csv'), csv([[...TABLE_COLUMNS.terms], ['3600', '12', '2026-08-19', '2027-06-04', '36', '26-27']]));
    await writeFile(
      path.join(dir, 'cc.csv'),
      csv([[...TABLE_COLUMNS.cc], ['301', '20401', '3600', '08/19/2026', '06/05/2027'], ['302', '-20401', '-3600', '2026-08-19', '2026-10-02'], ['301', '19401', '3500', '2025-08-20', '2026-06-06']]),
    );
    await writeFile(path.join(dir, 'sectionteacher.csv'), csv([[...TABLE_COLUMNS.sectionteacher], ['20401', '1002', '1', '2026-08-19', ''], ['19401', '1002', '1', '', '']]));
    await writeFile(path.join(dir, 'roledef.csv'), csv([[...TABLE_COLUMNS.roledef], ['1', 'Lead Teacher', 'com.pearson.powerschool.coteach.primary.teacher']]));
  }

  it('reads the six class files and SCHOOLSTAFF.ID, keeping the school years of the window', async () => {
    await writeClassFiles();
    const rows = await new FilesSource(dir, CLASSES).read();
    expect(rows.issues).toEqual([]);
    expect(rows.schoolStaff).toEqual([{ origin: { file: 'schoolstaff.csv', row: 2 }, id: '1002', usersDcid: '88', schoolId: 12, status: 1, staffStatus: 1 }]);
    const classes = rows.classes!;
    expect(classes.sections.map((s) => [s.id, s.origin.row])).toEqual([[20401, 2]]);
    expect(classes.courses).toEqual([{ origin: { file: 'courses.csv', row: 2 }, courseNumber: 'ALG1', name: 'Algebra 1' }]);
    expect(classes.terms.map((t) => [t.id, t.firstDay, t.lastDay])).toEqual([[3600, '2026-08-19', '2027-06-04']]);
    expect(classes.enrollments).toEqual([
      { origin: { file: 'cc.csv', row: 2 }, studentId: '301', sectionId: 20401, termId: 3600, dateEnrolled: '2026-08-19', dateLeft: '2027-06-05', dropped: false },
      { origin: { file: 'cc.csv', row: 3 }, studentId: '302', sectionId: -20401, termId: -3600, dateEnrolled: '2026-08-19', dateLeft: '2026-10-02', dropped: true },
    ]);
    expect(classes.sectionTeachers).toEqual([{ origin: { file: 'sectionteacher.csv', row: 2 }, sectionId: 20401, teacherId: '1002', roleId: 1, startDate: '2026-08-19', endDate: null }]);
    expect(classes.roles.map((r) => r.name)).toEqual(['Lead Teacher']);
  });

  it('reads no class file without them: a district that syncs no class groups needs none, nor the ID column', async () => {
    await writeFile(path.join(dir, 'cc.csv'), 'not,a,"valid\n');
    const rows = await new FilesSource(dir).read();
    expect(rows.classes).toBeUndefined();
    expect(rows.issues).toEqual([]);
  });

  it('fails naming every missing class file and why they are read', async () => {
    await writeClassFiles();
    await unlink(path.join(dir, 'cc.csv'));
    await unlink(path.join(dir, 'roledef.csv'));
    const err = await readError(new FilesSource(dir, CLASSES));
    expect(err.code).toBe(ErrorCodes.SOURCE_INVALID);
    expect(err.message).toBe(
      `PowerSchool files in ${dir}: cc.csv is missing; roledef.csv is missing (expected schools.csv, students.csv, users.csv, schoolstaff.csv, ` +
        `${CLASS_TABLES.map(tableFileName).join(', ')}; the class files are read because class groups are synced (powerschool.classes, or a section group set))`,
    );
  });

  it('needs the ID column of schoolstaff.csv', async () => {
    await writeClassFiles();
    await writeFile(path.join(dir, 'schoolstaff.csv'), csv([[...SCHOOLSTAFF_COLUMNS], ['88', '12', '1', '1']]));
    const err = await readError(new FilesSource(dir, CLASSES));
    expect(err.message).toBe(`schoolstaff.csv in ${dir}: header lacks column ID (expected ID,USERS_DCID,SCHOOLID,STATUS,STAFFSTATUS; found USERS_DCID,SCHOOLID,STATUS,STAFFSTATUS)`);
  });

  it('lists a bad class row as an issue naming its file, row and field', async () => {
    await writeClassFiles();
    await writeFile(path.join(dir, 'terms.csv'), csv([[...TABLE_COLUMNS.terms], ['3600', '12', '2026-08-19', '2027-02-30', '36', '26-27']]));
    const rows = await new FilesSource(dir, CLASSES).read();
    expect(rows.classes!.terms).toEqual([]);
    expect(rows.issues.map((i) => [i.code, i.file, i.row, i.field])).toEqual([['ROW_BAD_DATE', 'terms.csv', 2, 'LASTDAY']]);
  });
});

