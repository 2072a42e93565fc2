/**
 * One desired state whatever the source: the fixture district read from CSV files, from the
 * REST API (the emulator, over HTTP) and from Oracle (a stub replaying what the queries would
 * return: UPPERCASE keys, NUMBER columns as numbers, empty as null) gives the same rows, the
 * same desired accounts and a byte-identical plan. Row origins name tables differently per
 * source (students.csv, students, STUDENTS) and are mapped to the file names before comparing.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import type { LoadedConfig } from '../../src/config/types.js';
import { sourceDigest } from '../../src/engine/digests.js';
import { desiredGoogle, googleTarget } from '../google-builders.js';
import { EventLog } from '../../src/model/events.js';
import { makePlan } from '../../src/engine/make-plan.js';
import { serialisePlan } from '../../src/plan/plan-file.js';
import { FilesSource } from '../../src/sources/files/files-source.js';
import { OracleSource, oracleOriginFile } from '../../src/sources/oracle/oracle-source.js';
import type { PowerSchoolTable } from '../../src/sources/records.js';
import { startPowerSchoolEmulator, type RunningPowerSchoolEmulator } from '../../src/sources/rest/emulator/server.js';
import { RestSource, restOriginFile } from '../../src/sources/rest/rest-source.js';
import type { PowerSchoolSource, SourceRows } from '../../src/sources/rows.js';
import {
  FIXTURE_CONFIG,
  FIXTURE_DIR,
  FIXTURE_SNAPSHOT,
  StubOracleConnection,
  asFileOrigins,
  oracleRecordsFromCsv,
  stubFactory,
} from './source-fixtures.js';

const TODAY = '2026-11-23';
const CELL_PHONE = { table: 'u_humanresources', column: 'cellphone', joinColumn: 'usersdcid' };

interface Contender {
  name: string;
  source: PowerSchoolSource;
  originFile: (table: PowerSchoolTable) => string;
}

let config: LoadedConfig;
let emulator: RunningPowerSchoolEmulator;
let contenders: Contender[];
const rowsOf = new Map<string, SourceRows>();

beforeAll(async () => {
  config = await loadConfig(FIXTURE_CONFIG);
  // Pages of 5 so the REST read pages every table and ends some on a one-record page.
  emulator = await startPowerSchoolEmulator({ seedDir: FIXTURE_DIR, clientId: 'id', clientSecret: 'secret', pageSizeMax: 5 });
  const oracle = new StubOracleConnection(await oracleRecordsFromCsv(FIXTURE_DIR));
  contenders = [
    { name: 'files', source: new FilesSource(FIXTURE_DIR), originFile: (t) => `${t}.csv` },
    {
      name: 'rest',
      source: new RestSource({ baseUrl: emulator.url, cellPhone: CELL_PHONE }, { POWERSCHOOL_CLIENT_ID: 'id', POWERSCHOOL_CLIENT_SECRET: 'secret' }),
      originFile: restOriginFile,
    },
    {
      name: 'oracle',
      source: new OracleSource(
        { cellPhone: CELL_PHONE },
        { POWERSCHOOL_READ_USER: 'PSNAVIGATOR', POWERSCHOOL_DB_PASSWORD: 'pw', POWERSCHOOL_PROD_DB: 'psdb:1521/PS' },
        stubFactory(oracle),
      ),
      originFile: oracleOriginFile,
    },
  ];
  for (const c of contenders) rowsOf.set(c.name, await c.source.read());
});

afterAll(async () => {
  await emulator?.close();
});

const normalised = (c: Contender) => asFileOrigins(rowsOf.get(c.name)!, c.originFile);
const others = () => contenders.filter((c) => c.name !== 'files');

describe('every source, one desired state', () => {
  it('the fixture is a real test: rows of every kind, and issues', () => {
    const files = rowsOf.get('files')!;
    expect(files.students.length).toBeGreaterThan(30);
    expect(files.users.some((u) => u.cellPhone !== '')).toBe(true);
    // An empty STUDENT_NUMBER: a row issue whose file name and row must match across sources.
    expect(files.issues.map((i) => i.code)).toContain('ROW_MISSING_VALUE');
  });

  it.each(['rest', 'oracle'])('%s gives the same rows and issues as the files', (name) => {
    const contender = contenders.find((c) => c.name === name)!;
    expect(normalised(contender)).toEqual(rowsOf.get('files'));
  });

  it('the source digest is the same even before origins are normalised', () => {
    const digests = contenders.map((c) => sourceDigest(rowsOf.get(c.name)!));
    expect(new Set(digests).size).toBe(1);
  });

  it.each(['rest', 'oracle'])('%s gives the same desired accounts as the files', (name) => {
    const contender = contenders.find((c) => c.name === name)!;
    const fromFiles = desiredGoogle(rowsOf.get('files')!, config.config, TODAY);
    expect(fromFiles.accounts.length).toBeGreaterThan(20);
    expect(desiredGoogle(normalised(contender), config.config, TODAY)).toEqual(fromFiles);
  });

  it('every source gives a byte-identical plan', async () => {
    const plans = new Map<string, string>();
    for (const c of contenders) {
      const target = googleTarget(config.config);
      const plan = await makePlan({
        config,
        source: { description: c.source.description, read: async () => normalised(c) },
        target,
        reader: target.openReader({ snapshotFile: FIXTURE_SNAPSHOT }),
        today: TODAY,
        events: new EventLog(),
      });
      plans.set(c.name, serialisePlan(plan));
    }
    const files = plans.get('files')!;
    expect(JSON.parse(files).changes.length).toBeGreaterThan(0);
    for (const c of others()) expect(plans.get(c.name), c.name).toBe(files);
  });
});
