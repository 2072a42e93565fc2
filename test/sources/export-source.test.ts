/**
 * `rollcall export-source`: what the configured source returned, as CSV files the file source
 * reads back into the same rows (and the same issues), so CI can plan offline.
 */
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../src/cli/run.js';
import type { CliContext } from '../../src/cli/context.js';
import { CsvExport } from '../../src/sources/csv-export.js';
import { FilesSource } from '../../src/sources/files/files-source.js';
import { OracleSource } from '../../src/sources/oracle/oracle-source.js';
import { CLASS_TABLES, POWERSCHOOL_TABLES, TABLE_COLUMNS, columnsRead, tableFileName, type TableSelection } from '../../src/sources/records.js';
import { startPowerSchoolEmulator, type EmulatorFailure, type RunningPowerSchoolEmulator } from '../../src/sources/rest/emulator/server.js';
import { RestSource, restOriginFile } from '../../src/sources/rest/rest-source.js';
import { FIXTURE_DIR, StubOracleConnection, asFileOrigins, asRowSets, oracleRecordsFromCsv, stubFactory } from './source-fixtures.js';

const ENV = { POWERSCHOOL_CLIENT_ID: 'plugin-id', POWERSCHOOL_CLIENT_SECRET: 'plugin-secret' };
const CELL_PHONE = { table: 'u_humanresources', column: 'cellphone', joinColumn: 'usersdcid' };

let dir: string;
let emu: RunningPowerSchoolEmulator | undefined;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'rollcall-export-'));
});
afterEach(async () => {
  await emu?.close();
  emu = undefined;
  await rm(dir, { recursive: true, force: true });
});

async function restConfig(failures: EmulatorFailure[] = [], classes?: boolean): Promise<string> {
  emu = await startPowerSchoolEmulator({ seedDir: FIXTURE_DIR, clientId: ENV.POWERSCHOOL_CLIENT_ID, clientSecret: ENV.POWERSCHOOL_CLIENT_SECRET, pageSizeMax: 8, failures });
  const file = path.join(dir, 'rollcall.json');
  await writeFile(
    file,
    JSON.stringify({ google: { domain: 'maplewood.example.org' }, powerschool: { source: 'rest', rest: { baseUrl: emu.url, cellPhone: CELL_PHONE }, classes } }),
  );
  return file;
}

const CLASSES: TableSelection = { classes: { fromYearId: 36 } };

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const ctx: CliContext = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: ENV,
    exitCode: 0,
  };
  const code = await runCli(args, ctx);
  return { code, stdout, stderr };
}

describe('rollcall export-source', () => {
  it('writes the REST source as CSV files the file source reads back into the same rows', async () => {
    const config = await restConfig();
    const out = path.join(dir, 'tonight');
    const result = await cli(['export-source', '--config', config, '--out', out]);
    expect(result.stderr).toContain(`wrote ${out} from rest ${emu!.url}: 8 schools, 41 students, 19 staff, 20 school assignments`);
    expect(result.code).toBe(0);

    expect((await readdir(out)).sort()).toEqual(['schools.csv', 'schoolstaff.csv', 'students.csv', 'users.csv']);
    for (const table of POWERSCHOOL_TABLES) {
      const text = await readFile(path.join(out, `${table}.csv`), 'utf8');
      expect(text.split('\n', 1)[0]).toBe(TABLE_COLUMNS[table].join(','));
    }
    const live = await new RestSource({ baseUrl: emu!.url, cellPhone: CELL_PHONE }, ENV).read();
    const replayed = await new FilesSource(out).read();
    expect(replayed).toEqual(asFileOrigins(live, restOriginFile));
    // The export holds the faulty row too, so the offline plan lists the same issue.
    expect(replayed.issues.map((i) => i.message)).toContain('students.csv row 31: STUDENT_NUMBER is empty');
    expect(replayed).toEqual(await new FilesSource(FIXTURE_DIR).read());
  });

  it('leaves no partial files and keeps an earlier export when the read fails', async () => {
    const out = path.join(dir, 'tonight');
    expect((await cli(['export-source', '--config', await restConfig(), '--out', out])).code).toBe(0);
    const before = await readFile(path.join(out, 'students.csv'), 'utf8');
    await emu!.close();

    // Users fail after schools and students have been written to their partial files.
    const failing = await restConfig([{ path: '/ws/schema/table/users', status: 400, times: 99 }]);
    const result = await cli(['export-source', '--config', failing, '--out', out]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('rollcall: error [POWERSCHOOL]');
    expect(result.stderr).toContain('answered HTTP 400 to GET /ws/schema/table/users');
    expect(result.stderr).not.toContain(ENV.POWERSCHOOL_CLIENT_SECRET);
    expect((await readdir(out)).sort()).toEqual(['schools.csv', 'schoolstaff.csv', 'students.csv', 'users.csv']);
    expect(await readFile(path.join(out, 'students.csv'), 'utf8')).toBe(before);
  });

  it('refuses a files source: the files already are an export', async () => {
    const file = path.join(dir, 'rollcall.json');
    await writeFile(file, JSON.stringify({ google: { domain: 'maplewood.example.org' } }));
    const result = await cli(['export-source', '--config', file, '--out', path.join(dir, 'x')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('[USAGE]');
    expect(result.stderr).toContain('export-source reads the oracle or rest source');
  });
});

describe('rollcall export-source with powerschool.classes', () => {
  it('writes the class tables too, for the school year of --today on, and SCHOOLSTAFF.ID', async () => {
    const config = await restConfig([], true);
    const out = path.join(dir, 'tonight');
    const result = await cli(['export-source', '--config', config, '--out', out, '--today', '2026-11-23']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      `wrote ${out} from rest ${emu!.url}: 8 schools, 41 students, 19 staff, 20 school assignments, 12 sections, 11 courses, 8 terms, 47 enrollments, 15 section teachers, 5 roles.`,
    );
    expect((await readdir(out)).sort()).toEqual([...POWERSCHOOL_TABLES, ...CLASS_TABLES].map(tableFileName).sort());
    expect((await readFile(path.join(out, 'schoolstaff.csv'), 'utf8')).split('\n', 1)[0]).toBe('ID,USERS_DCID,SCHOOLID,STATUS,STAFFSTATUS');
    for (const table of CLASS_TABLES) {
      expect((await readFile(path.join(out, tableFileName(table)), 'utf8')).split('\n', 1)[0]).toBe(columnsRead(table, CLASSES).join(','));
    }
    const replayed = await new FilesSource(out, CLASSES).read();
    const live = await new RestSource({ baseUrl: emu!.url, cellPhone: CELL_PHONE }, ENV, {}, CLASSES).read();
    expect(replayed).toEqual(asFileOrigins(live, restOriginFile));
    expect(asRowSets(replayed)).toEqual(asRowSets(await new FilesSource(FIXTURE_DIR, CLASSES).read()));
  });

  it('exports the next school year only, given a date in it', async () => {
    const out = path.join(dir, 'next-year');
    expect((await cli(['export-source', '--config', await restConfig([], true), '--out', out, '--today', '2027-08-01'])).code).toBe(0);
    expect((await readFile(path.join(out, 'cc.csv'), 'utf8')).trim().split('\n')).toEqual(['STUDENTID,SECTIONID,TERMID,DATEENROLLED,DATELEFT']);
  });
});

describe('CsvExport from the Oracle source', () => {
  it('writes numbers and nulls as the text the file source reads back into the same rows', async () => {
    const records = await oracleRecordsFromCsv(FIXTURE_DIR);
    const source = new OracleSource(
      { cellPhone: CELL_PHONE },
      { POWERSCHOOL_READ_USER: 'PSNAVIGATOR', POWERSCHOOL_DB_PASSWORD: 'pw', POWERSCHOOL_PROD_DB: 'psdb:1521/PS' },
      stubFactory(new StubOracleConnection(records)),
    );
    const files = await CsvExport.open(dir);
    await source.readRecords(files);
    await files.commit();
    expect(await new FilesSource(dir).read()).toEqual(await new FilesSource(FIXTURE_DIR).read());
    expect(await readFile(path.join(dir, 'schools.csv'), 'utf8')).toBe(await readFile(path.join(FIXTURE_DIR, 'schools.csv'), 'utf8'));
  });
});

describe('CsvExport of the class tables from the Oracle source', () => {
  it('writes what the queries return, which the file source reads back into the same rows', async () => {
    const source = new OracleSource(
      { cellPhone: CELL_PHONE },
      { POWERSCHOOL_READ_USER: 'PSNAVIGATOR', POWERSCHOOL_DB_PASSWORD: 'pw', POWERSCHOOL_PROD_DB: 'psdb:1521/PS' },
      stubFactory(new StubOracleConnection(await oracleRecordsFromCsv(FIXTURE_DIR))),
      CLASSES,
    );
    const files = await CsvExport.open(dir, source.selection);
    await source.readRecords(files);
    await files.commit();
    expect(files.counts).toMatchObject({ sections: 13, cc: 50, sectionteacher: 16, roledef: 5 });
    expect(await new FilesSource(dir, CLASSES).read()).toEqual(await new FilesSource(FIXTURE_DIR, CLASSES).read());
  });
});
