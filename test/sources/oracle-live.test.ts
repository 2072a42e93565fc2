/**
 * The Oracle source against a real PowerSchool database, through node-oracledb thin mode. It
 * runs only when ROLLCALL_TEST_ORACLE gives a connect string (host:port/service), with
 * ROLLCALL_TEST_ORACLE_USER and ROLLCALL_TEST_ORACLE_PASSWORD; optionally
 * ROLLCALL_TEST_ORACLE_CELLPHONE=table.column.joinColumn for the district's cell-phone table.
 * It only reads.
 */
import { describe, it, expect } from 'vitest';
import { OracleSource } from '../../src/sources/oracle/oracle-source.js';
import { POWERSCHOOL_TABLES } from '../../src/sources/records.js';

const connectString = process.env.ROLLCALL_TEST_ORACLE;

describe.runIf(connectString === undefined)('OracleSource against a real database', () => {
  it.skip('is skipped: set ROLLCALL_TEST_ORACLE=host:port/service with ROLLCALL_TEST_ORACLE_USER and ROLLCALL_TEST_ORACLE_PASSWORD to run it', () => {});
});

describe.skipIf(connectString === undefined)(`OracleSource against ${connectString ?? 'a real database'}`, () => {
  const [table, column, joinColumn] = (process.env.ROLLCALL_TEST_ORACLE_CELLPHONE ?? '').split('.');
  const source = () =>
    new OracleSource(
      {
        connectString,
        user: process.env.ROLLCALL_TEST_ORACLE_USER,
        passwordEnv: 'ROLLCALL_TEST_ORACLE_PASSWORD',
        cellPhone: table && column && joinColumn ? { table, column, joinColumn } : null,
      },
      process.env,
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
});
