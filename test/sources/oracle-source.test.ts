import { describe, it, expect, beforeAll } from 'vitest';
import { createServer } from 'node:net';
import oracledb from 'oracledb';
import { ErrorCodes, RollcallError } from '../../src/errors.js';
import { FilesSource } from '../../src/sources/files/files-source.js';
import { connectHost, describeConnectString, hasCredentials } from '../../src/sources/oracle/connect-string.js';
import { OracleSource, oracleOriginFile } from '../../src/sources/oracle/oracle-source.js';
import { STUDENTS_SQL } from '../../src/sources/oracle/students.sql.js';
import { CLASS_TABLES, type TableSelection } from '../../src/sources/records.js';
import type { OracleSourceConfig } from '../../src/config/types.js';
import {
  FIXTURE_DIR,
  StubOracleConnection,
  asFileOrigins,
  oracleError,
  oracleRecordsFromCsv,
  stubFactory,
  type StubFaults,
  type TableRecords,
} from './source-fixtures.js';

const PASSWORD = 'S3cret-Pa55word!';
const ENV = { POWERSCHOOL_READ_USER: 'PSNAVIGATOR', POWERSCHOOL_DB_PASSWORD: PASSWORD, POWERSCHOOL_PROD_DB: 'psdb.district.org:1521/PSPRODDB' };
const D118_CELL = { table: 'u_humanresources', column: 'cellphone', joinColumn: 'usersdcid' };

let records: TableRecords;
beforeAll(async () => {
  records = await oracleRecordsFromCsv(FIXTURE_DIR);
});

function sourceWith(
  options: { config?: Partial<OracleSourceConfig>; env?: NodeJS.ProcessEnv; faults?: StubFaults; rows?: TableRecords; selection?: TableSelection } = {},
) {
  const connection = new StubOracleConnection(options.rows ?? records, options.faults);
  const factory = stubFactory(connection);
  const source = new OracleSource(options.config, options.env ?? ENV, factory, options.selection);
  return { source, connection, factory };
}

async function failure(promise: Promise<unknown>): Promise<RollcallError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(RollcallError);
    return err as RollcallError;
  }
  throw new Error('expected a failure');
}

describe('OracleSource reading', () => {
  it('gives the file source rows from recorded Oracle result sets (numbers, nulls, UPPERCASE keys)', async () => {
    const { source } = sourceWith();
    const fromOracle = await source.read();
    const fromFiles = await new FilesSource(FIXTURE_DIR).read();
    expect(asFileOrigins(fromOracle, oracleOriginFile)).toEqual(fromFiles);
    expect(fromOracle.students[0]!.origin).toEqual({ file: 'STUDENTS', row: 2 });
  });

  it('connects once with the environment settings and runs one streamed query per table', async () => {
    const { source, connection, factory } = sourceWith();
    await source.read();
    expect(factory.calls).toEqual([{ user: 'PSNAVIGATOR', password: PASSWORD, connectString: 'psdb.district.org:1521/PSPRODDB' }]);
    expect(connection.executes.map((e) => e.table)).toEqual(['schools', 'students', 'users', 'schoolstaff']);
    for (const call of connection.executes) {
      expect(call.options).toEqual({ resultSet: true, outFormat: oracledb.OUT_FORMAT_OBJECT, fetchArraySize: 1000 });
      expect(call.resultSet!.closed).toBe(1);
      expect(call.resultSet!.fetches.every((n) => n === 1000)).toBe(true);
    }
    expect(connection.closed).toBe(1);
    expect(source.description).toBe('oracle psdb.district.org:1521/PSPRODDB');
  });

  it('streams in batches of fetchArraySize until the result set is exhausted', async () => {
    const many = { ...records, students: Array.from({ length: 250 }, (_, i) => ({ ...records.students![0]!, DCID: 70000 + i, STUDENT_NUMBER: 80000 + i })) };
    const { source, connection } = sourceWith({ config: { fetchArraySize: 100 }, rows: many });
    const rows = await source.read();
    expect(rows.students).toHaveLength(250);
    const students = connection.executes.find((e) => e.table === 'students')!;
    expect(students.options.fetchArraySize).toBe(100);
    // The last, empty batch is what says the rows are done.
    expect(students.resultSet!.fetches).toEqual([100, 100, 100, 100]);
  });

  it('prefers config over the environment and reads the password from the variable passwordEnv names', async () => {
    const { source, factory } = sourceWith({
      config: { connectString: 'other:1522/TEST', user: 'RO_USER', passwordEnv: 'MY_PW' },
      env: { ...ENV, MY_PW: 'pw2' },
    });
    expect(factory.calls).toEqual([]);
    await source.read();
    expect(factory.calls).toEqual([{ user: 'RO_USER', password: 'pw2', connectString: 'other:1522/TEST' }]);
    expect(source.description).toBe('oracle other:1522/TEST');
  });
});

describe('OracleSource SQL', () => {
  it('keeps config out of the SQL text: the student filter is bound, never interpolated', async () => {
    const plain = sourceWith();
    await plain.source.read();
    const filtered = sourceWith({ config: { studentFilter: { schools: [101, 301], gradeLevels: { min: 9 }, enrollStatuses: [0, 3] } } });
    await filtered.source.read();
    const sqlOf = (c: StubOracleConnection) => c.executes.map((e) => e.sql);
    expect(sqlOf(filtered.connection)).toEqual(sqlOf(plain.connection));
    for (const sql of sqlOf(filtered.connection)) {
      expect(sql).not.toMatch(/'/);
      // Once bind names are gone, the only number left is the 0 that switches a filter off.
      expect(sql.replace(/:\w+/g, '').match(/\d+/g) ?? []).toEqual(sql.includes(':school_filter') ? ['0', '0', '0'] : []);
    }
    const binds = filtered.connection.executes.find((e) => e.table === 'students')!.binds;
    const val = (name: string) => binds[name]!.val;
    expect([val('school_filter'), val('school_1'), val('school_2'), val('school_3'), val('school_100')]).toEqual([1, 101, 301, null, null]);
    expect([val('grade_filter'), val('grade_min'), val('grade_max')]).toEqual([1, 9, 99]);
    expect([val('status_filter'), val('status_1'), val('status_2'), val('status_3')]).toEqual([1, 0, 3, null]);
    expect(Object.values(binds).every((b) => b.type === oracledb.DB_TYPE_NUMBER)).toBe(true);
    // Every bind the statement names is bound, and nothing else.
    const named = new Set([...STUDENTS_SQL.matchAll(/:(\w+)/g)].map((m) => m[1]));
    expect(new Set(Object.keys(binds))).toEqual(named);
  });

  it('binds every filter off when none is configured', async () => {
    const { source, connection } = sourceWith();
    await source.read();
    const binds = connection.executes.find((e) => e.table === 'students')!.binds;
    expect([binds.school_filter!.val, binds.grade_filter!.val, binds.status_filter!.val]).toEqual([0, 0, 0]);
    expect(connection.executes.filter((e) => e.table !== 'students').every((e) => Object.keys(e.binds).length === 0)).toBe(true);
  });

  it('joins the cell-phone table by quoted, upper-cased identifiers', async () => {
    const { source, connection } = sourceWith({ config: { cellPhone: D118_CELL } });
    await source.read();
    const users = connection.executes.find((e) => e.table === 'users')!.sql;
    expect(users).toContain('MAX(c."CELLPHONE")');
    expect(users).toContain('FROM "U_HUMANRESOURCES" c');
    expect(users).toContain('c."USERSDCID" = u.dcid');
    const without = sourceWith();
    await without.source.read();
    expect(without.connection.executes.find((e) => e.table === 'users')!.sql).toContain('NULL AS cellphone');
  });

  it.each([
    ['table', 'u_hr; DROP TABLE students'],
    ['column', 'cell"phone'],
    ['joinColumn', '1usersdcid'],
    ['table', 'x'.repeat(129)],
  ])('refuses a cell-phone %s that is not a plain identifier, before connecting', (key, value) => {
    const factory = stubFactory(new StubOracleConnection(records));
    const attempt = () => new OracleSource({ cellPhone: { ...D118_CELL, [key]: value } }, ENV, factory);
    expect(attempt).toThrowError(RollcallError);
    expect(attempt).toThrowError(`powerschool.oracle.cellPhone.${key}`);
    expect(factory.calls).toEqual([]);
  });
});

describe('OracleSource class tables', () => {
  const CLASSES: TableSelection = { classes: { fromYearId: 36 } };

  it('reads the six class tables after the account tables, one streamed, closed query each', async () => {
    const { source, connection } = sourceWith({ selection: CLASSES });
    const rows = await source.read();
    expect(connection.executes.map((e) => e.table)).toEqual(['schools', 'students', 'users', 'schoolstaff', ...CLASS_TABLES]);
    expect(connection.executes.every((e) => e.resultSet!.closed === 1)).toBe(true);
    expect(asFileOrigins(rows, oracleOriginFile)).toEqual(await new FilesSource(FIXTURE_DIR, CLASSES).read());
    expect(rows.classes!.enrollments[0]!.origin).toEqual({ file: 'CC', row: 5 });
  });

  it('runs none of them without powerschool.classes', async () => {
    const { source, connection } = sourceWith();
    expect((await source.read()).classes).toBeUndefined();
    expect(connection.executes).toHaveLength(4);
  });

  it('binds the window, orders every statement, and writes dates as text in the SQL', async () => {
    const { source, connection } = sourceWith({ selection: { classes: { fromYearId: 37 } } });
    await source.read();
    const byTable = new Map(connection.executes.map((e) => [e.table, e]));
    const bound = (table: string) => Object.fromEntries(Object.entries(byTable.get(table as never)!.binds).map(([k, b]) => [k, b.val]));
    expect(bound('sections')).toEqual({ from_term_id: 3700 });
    expect(bound('terms')).toEqual({ from_year_id: 37 });
    expect(bound('cc')).toEqual({ from_term_id: 3700 });
    expect(bound('sectionteacher')).toEqual({ from_term_id: 3700 });
    expect(bound('courses')).toEqual({});
    expect(bound('roledef')).toEqual({});
    for (const table of CLASS_TABLES) {
      const { sql, binds } = byTable.get(table)!;
      expect(sql, table).toMatch(/\bORDER BY\b/);
      // The one literal is the date format: values travel only as binds.
      expect(sql.replaceAll("'YYYY-MM-DD'", ''), table).not.toContain("'");
      expect(new Set([...sql.matchAll(/:(\w+)/g)].map((m) => m[1])), table).toEqual(new Set(Object.keys(binds)));
      expect(Object.values(binds).every((b) => b.type === oracledb.DB_TYPE_NUMBER), table).toBe(true);
    }
    // Every date column becomes text in the database: no Date object, no time zone.
    expect(byTable.get('terms')!.sql).toMatch(/TO_CHAR\(t\.firstday, 'YYYY-MM-DD'\) AS firstday,\s+TO_CHAR\(t\.lastday, 'YYYY-MM-DD'\) AS lastday/);
    expect(byTable.get('cc')!.sql).toMatch(/TO_CHAR\(enr\.dateenrolled, 'YYYY-MM-DD'\) AS dateenrolled,\s+TO_CHAR\(enr\.dateleft, 'YYYY-MM-DD'\) AS dateleft/);
    expect(byTable.get('sectionteacher')!.sql).toMatch(/TO_CHAR\(st\.start_date, 'YYYY-MM-DD'\) AS start_date,\s+TO_CHAR\(st\.end_date, 'YYYY-MM-DD'\) AS end_date/);
    expect(byTable.get('cc')!.sql).toContain('enr.termid <= -:from_term_id');
    expect(byTable.get('sectionteacher')!.sql).toContain('st.sectionid IN (SELECT sec.id FROM sections sec WHERE sec.termid >= :from_term_id)');
  });

  it('ORA-00942 on a class table names the grant and why the table is read', async () => {
    const { source } = sourceWith({ selection: CLASSES, faults: { execute: { sectionteacher: oracleError('ORA-00942', 'table or view does not exist') } } });
    const err = await failure(source.read());
    expect(err.message).toContain('table or view SECTIONTEACHER or SECTIONS does not exist');
    expect(err.message).toContain('GRANT SELECT ON SECTIONTEACHER TO PSNAVIGATOR; GRANT SELECT ON SECTIONS TO PSNAVIGATOR.');
    expect(err.message).toContain('because class groups are synced');
    expect(err.message).not.toContain('cellPhone');
  });
});

describe('OracleSource cleanup', () => {
  it('closes the result set and the connection when fetching fails, and runs no further query', async () => {
    const { source, connection } = sourceWith({ faults: { fetch: { students: { at: 1, error: oracleError('ORA-01013', 'user requested cancel of current operation') } } } });
    const err = await failure(source.read());
    expect(err.code).toBe(ErrorCodes.POWERSCHOOL);
    expect(err.message).toContain('ORA-01013');
    expect(err.message).toContain('reading students');
    expect(connection.executes.map((e) => e.table)).toEqual(['schools', 'students']);
    expect(connection.executes.every((e) => e.resultSet!.closed === 1)).toBe(true);
    expect(connection.closed).toBe(1);
  });

  it('closes the connection when a query fails to start', async () => {
    const { source, connection } = sourceWith({ faults: { execute: { schoolstaff: oracleError('ORA-00942', 'table or view does not exist') } } });
    await failure(source.read());
    expect(connection.executes.slice(0, 3).every((e) => e.resultSet!.closed === 1)).toBe(true);
    expect(connection.closed).toBe(1);
  });

  it("passes the sink's own errors through unchanged, still closing everything", async () => {
    const { source, connection } = sourceWith();
    const own = new RollcallError(ErrorCodes.WRITE_FAILED, 'disk full');
    const err = await failure(source.readRecords({ record: () => Promise.reject(own), issue: () => undefined }));
    expect(err).toBe(own);
    expect(connection.executes[0]!.resultSet!.closed).toBe(1);
    expect(connection.closed).toBe(1);
  });

  it('keeps the read error when closing the connection fails too', async () => {
    const { source } = sourceWith({
      faults: { execute: { students: oracleError('ORA-00942', 'table or view does not exist') }, close: oracleError('NJS-500', 'connection was closed') },
    });
    expect((await failure(source.read())).message).toContain('ORA-00942');
  });

  it('reports a failed close after a good read', async () => {
    const { source } = sourceWith({ faults: { close: oracleError('NJS-500', 'connection to Oracle Database was closed or broken') } });
    expect((await failure(source.read())).message).toContain('NJS-500');
  });
});

describe('OracleSource messages', () => {
  async function connectFailure(error: unknown, env: NodeJS.ProcessEnv = ENV): Promise<RollcallError> {
    const factory = stubFactory({ error });
    const err = await failure(new OracleSource(undefined, env, factory).read());
    expect(err.code).toBe(ErrorCodes.POWERSCHOOL);
    expect(err.message).not.toContain(PASSWORD);
    return err;
  }

  it('NJS-503: names the host and says to check network, firewall and listener', async () => {
    const err = await connectFailure(oracleError('NJS-503', 'connection to host psdb.district.org port 1521 could not be established.'));
    expect(err.message).toMatch(/cannot reach the PowerSchool database at psdb\.district\.org/);
    expect(err.message).toMatch(/firewall/);
    expect(err.message).toMatch(/listener/);
    expect(err.message).toContain('POWERSCHOOL_PROD_DB');
    expect(err.details).toMatchObject({ oracleCode: 'NJS-503', host: 'psdb.district.org' });
  });

  it('NJS-116: says thin mode cannot use the old verifier and what the DBA must do', async () => {
    const err = await connectFailure(oracleError('NJS-116', 'password verifier type 0x939 is not supported by node-oracledb in Thin mode'));
    expect(err.message).toMatch(/verifier/);
    expect(err.message).toMatch(/thin mode/);
    expect(err.message).toMatch(/DBA must/);
    expect(err.message).toContain('ALTER USER PSNAVIGATOR');
  });

  it('NJS-533: says the server demands native network encryption and what to do', async () => {
    const err = await connectFailure(oracleError('NJS-533', 'Advanced Networking Option service negotiation failed.'));
    expect(err.message).toMatch(/native network encryption/);
    expect(err.message).toMatch(/TLS|tcps/);
    expect(err.message).toMatch(/SQLNET\.ENCRYPTION_SERVER/);
  });

  it('ORA-01017: names the user and the variables, never the password', async () => {
    const err = await connectFailure(oracleError('ORA-01017', 'invalid credential or not authorized; logon denied'));
    expect(err.message).toContain('PSNAVIGATOR');
    expect(err.message).toContain('POWERSCHOOL_READ_USER');
    expect(err.message).toContain('POWERSCHOOL_DB_PASSWORD');
  });

  it('ORA-00942: names the missing table and the grant', async () => {
    const { source } = sourceWith({ config: { cellPhone: D118_CELL }, faults: { execute: { users: oracleError('ORA-00942', 'table or view does not exist') } } });
    const err = await failure(source.read());
    expect(err.message).toContain('USERS or U_HUMANRESOURCES');
    expect(err.message).toContain('GRANT SELECT ON U_HUMANRESOURCES TO PSNAVIGATOR');
    expect(err.details).toMatchObject({ table: 'users' });
  });

  it('falls back to the driver text, first line only and with the password scrubbed', async () => {
    const err = await connectFailure(oracleError('ORA-12345', `something odd about ${PASSWORD}\nHelp: https://docs.oracle.com/error-help/db/ora-12345/`));
    expect(err.message).toBe(`PowerSchool database error while connecting to psdb.district.org:1521/PSPRODDB as PSNAVIGATOR [ORA-12345]: ORA-12345: something odd about ***`);
    expect(err.fault).toBe('tool');
  });

  it('names what is missing from the environment', () => {
    const make = (env: NodeJS.ProcessEnv) => () => new OracleSource(undefined, env);
    expect(make({ ...ENV, POWERSCHOOL_PROD_DB: undefined })).toThrowError(/POWERSCHOOL_PROD_DB or powerschool\.oracle\.connectString/);
    expect(make({ ...ENV, POWERSCHOOL_READ_USER: '' })).toThrowError(/POWERSCHOOL_READ_USER or powerschool\.oracle\.user/);
    expect(make({ ...ENV, POWERSCHOOL_DB_PASSWORD: undefined })).toThrowError(/set the environment variable POWERSCHOOL_DB_PASSWORD/);
  });

  it('refuses a connect string that carries credentials, without repeating them', () => {
    let err: unknown;
    try {
      new OracleSource(undefined, { ...ENV, POWERSCHOOL_PROD_DB: `scott/${PASSWORD}@psdb:1521/PS` });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RollcallError);
    expect((err as Error).message).toContain('POWERSCHOOL_PROD_DB holds a user name or password');
    expect((err as Error).message).not.toContain(PASSWORD);
  });
});

describe('OracleSource with node-oracledb itself (thin mode, no database)', () => {
  it('explains a port where nothing listens as unreachable', async () => {
    // A port that was free a moment ago: the driver's real NJS-503 path, no server needed.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as { port: number }).port;
    await new Promise((resolve) => probe.close(resolve));
    const source = new OracleSource(undefined, { ...ENV, POWERSCHOOL_PROD_DB: `127.0.0.1:${port}/PSPRODDB` });
    const err = await failure(source.read());
    expect(err.details).toMatchObject({ oracleCode: 'NJS-503', host: '127.0.0.1' });
    expect(err.message).toContain(`cannot reach the PowerSchool database at 127.0.0.1 (127.0.0.1:${port}/PSPRODDB)`);
    expect(err.message).not.toContain(PASSWORD);
  });
});

describe('connect strings in messages', () => {
  it.each([
    ['psdb:1521/PSPRODDB', 'psdb:1521/PSPRODDB', 'psdb'],
    ['tcps://psdb.district.org:2484/PSPRODDB?wallet_location=/secret/dir', 'psdb.district.org:2484/PSPRODDB', 'psdb.district.org'],
    ['//[::1]:1521/PS', '[::1]:1521/PS', '::1'],
    ['(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=10.1.2.3)(PORT=1521))(CONNECT_DATA=(SERVICE_NAME=PSPROD)))', '10.1.2.3:1521/PSPROD', '10.1.2.3'],
  ])('%s is shown as %s (host %s)', (text, shown, host) => {
    expect(describeConnectString(text)).toBe(shown);
    expect(connectHost(text)).toBe(host);
    expect(hasCredentials(text)).toBe(false);
  });

  it('spots user/password@ in an Easy Connect string', () => {
    expect(hasCredentials('scott/tiger@psdb:1521/PS')).toBe(true);
  });
});
