/**
 * The Oracle source against a real PowerSchool database, through node-oracledb thin mode. It
 * runs only when ROLLCALL_TEST_ORACLE gives a connect string (host:port/service), with
 * ROLLCALL_TEST_ORACLE_USER and ROLLCALL_TEST_ORACLE_PASSWORD; optionally
 * ROLLCALL_TEST_ORACLE_CELLPHONE=table.column.joinColumn for the district's cell-phone table.
 * It only reads, the class tables (SECTIONS, COURSES, TERMS, CC, SECTIONTEACHER, ROLEDEF) included:
 * the account needs the grants the README lists for powerschool.classes.
 */
import { describe, it, expect } from 'vitest';
import { localToday } from '../../src/cli/today.js';
import { classWindowOn, firstTermId } from '../../src/sources/class-window.js';
import { OracleSource } from '../../src/sources/oracle/oracle-source.js';
import { CLASS_TABLES, POWERSCHOOL_TABLES } from '../../src/sources/records.js';

const connectString = process.env.ROLLCALL_TEST_ORACLE;

describe.runIf(connectString === undefined)('OracleSource against a real database', () => {
  it.skip('is skipped: set ROLLCALL_TEST_ORACLE=host:port/service with ROLLCALL_TEST_ORACLE_USER and ROLLCALL_TEST_ORACLE_PASSWORD to run it', () => {});
});

describe.skipIf(connectString === undefined)(`OracleSource against ${connectString ?? 'a real database'}`, () => {
  const [table, column, joinColumn] = (process.env.ROLLCALL_TEST_ORACLE_CELLPHONE ?? '').split('.');
  const window = classWindowOn(localToday());
  const source = (classes = false) =>
    new OracleSource(
      {
        connectString,
        user: process.env.ROLLCALL_TEST_ORACLE_USER,
        passwordEnv: 'ROLLCALL_TEST_ORACLE_PASSWORD',
        cellPhone: table && column && joinColumn ? { table, column, joinColumn } : null,
      },
      process.env,
      undefined,
      { classes: classes ? window : null },
    );

  it('reads every table with the grants the README lists', async () => {
    const rows = await source().read();
    expect(rows.schools.length).toBeGreaterThan(0);
    for (const row of [...rows.schools, ...rows.students, ...rows.users, ...rows.schoolStaff]) {
      expect(POWERSCHOOL_TABLES.map((t) => t.toUpperCase())).toContain(row.origin.file);
    }
  });

  it('gives the same rows on a second read (stable ORDER BY)', async () => {
    const first = await source().read();
    const second = await source().read();
    expect(second.students.map((s) => s.dcid)).toEqual(first.students.map((s) => s.dcid));
    expect(second.schoolStaff.map((s) => `${s.usersDcid}/${s.schoolId}`)).toEqual(first.schoolStaff.map((s) => `${s.usersDcid}/${s.schoolId}`));
  });

  it('filters students by bind variables', async () => {
    const all = await source().read();
    const school = all.students[0]?.schoolId;
    if (school === undefined) return;
    const filtered = await new OracleSource(
      { connectString, user: process.env.ROLLCALL_TEST_ORACLE_USER, passwordEnv: 'ROLLCALL_TEST_ORACLE_PASSWORD', studentFilter: { schools: [school] } },
      process.env,
    ).read();
    expect(filtered.students.length).toBeGreaterThan(0);
    expect(filtered.students.every((s) => s.schoolId === school)).toBe(true);
  });

  it('reads the class tables of this school year on, twice alike, each teacher a SCHOOLSTAFF.ID', async () => {
    const first = await source(true).read();
    const classes = first.classes!;
    const tables = [...POWERSCHOOL_TABLES, ...CLASS_TABLES].map((t) => t.toUpperCase());
    for (const row of [...classes.sections, ...classes.courses, ...classes.terms, ...classes.enrollments, ...classes.sectionTeachers, ...classes.roles]) {
      expect(tables).toContain(row.origin.file);
    }
    expect(classes.terms.every((t) => t.yearId >= window.fromYearId)).toBe(true);
    expect(classes.enrollments.every((e) => Math.abs(e.termId) >= firstTermId(window) && e.dropped === e.sectionId < 0)).toBe(true);
    const sections = new Set(classes.sections.map((s) => s.id));
    expect(classes.sectionTeachers.every((t) => sections.has(t.sectionId))).toBe(true);
    const staff = new Set(first.schoolStaff.map((s) => s.id));
    expect(first.schoolStaff.every((s) => s.id !== undefined && s.id !== '')).toBe(true);
    expect(classes.sectionTeachers.every((t) => staff.has(t.teacherId))).toBe(true);
    const second = (await source(true).read()).classes!;
    expect(second.enrollments.map((e) => `${e.studentId}/${e.sectionId}`)).toEqual(classes.enrollments.map((e) => `${e.studentId}/${e.sectionId}`));
  });
});
