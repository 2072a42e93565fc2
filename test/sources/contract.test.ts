/**
 * One desired state whatever the source: the fixture district read from CSV files, from the
 * REST API (the emulator, over HTTP) and from Oracle (a stub replaying what the queries would
 * return: UPPERCASE keys, NUMBER columns as numbers, empty as null) gives the same rows, the
 * same desired accounts and a byte-identical plan; with the class tables too, the same class
 * rows and the same digest. Row origins name tables differently per source (students.csv,
 * students, STUDENTS) and are mapped to the file names before comparing.
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
import type { ClassRows } from '../../src/sources/class-rows.js';
import type { ClassWindow } from '../../src/sources/class-window.js';
import { ACCOUNT_TABLES_ONLY, type PowerSchoolTable, type TableSelection } from '../../src/sources/records.js';
import { startPowerSchoolEmulator, type RunningPowerSchoolEmulator } from '../../src/sources/rest/emulator/server.js';
import { RestSource, restOriginFile } from '../../src/sources/rest/rest-source.js';
import type { PowerSchoolSource, SourceRows } from '../../src/sources/rows.js';
import {
  FIXTURE_CONFIG,
  FIXTURE_DIR,
  FIXTURE_SNAPSHOT,
  StubOracleConnection,
  asFileOrigins,
  asRowSets,
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
let classContenders: Contender[];
const rowsOf = new Map<string, SourceRows>();
const classRowsOf = new Map<string, SourceRows>();
/** The fixture's school year (2026-2027) and later: its one row of 2025-2026 stays out. */
const WINDOW: ClassWindow = { fromYearId: 36 };
/** The fixture district's source digest before the class tables existed: a district without them keeps it. */
const ACCOUNTS_DIGEST = 'sha256:4998350ae5b88c4df648e5d9aadf969e24f7e54fe3b0964a067cf604bee4a597';

function contendersFor(selection: TableSelection, oracle: StubOracleConnection): Contender[] {
  return [
    { name: 'files', source: new FilesSource(FIXTURE_DIR, selection), originFile: (t) => `${t}.csv` },
    {
      name: 'rest',
      source: new RestSource({ baseUrl: emulator.url, cellPhone: CELL_PHONE }, { POWERSCHOOL_CLIENT_ID: 'id', POWERSCHOOL_CLIENT_SECRET: 'secret' }, {}, selection),
      originFile: restOriginFile,
    },
    {
      name: 'oracle',
      source: new OracleSource(
        { cellPhone: CELL_PHONE },
        { POWERSCHOOL_READ_USER: 'PSNAVIGATOR', POWERSCHOOL_DB_PASSWORD: 'pw', POWERSCHOOL_PROD_DB: 'psdb:1521/PS' },
        stubFactory(oracle),
        selection,
      ),
      originFile: oracleOriginFile,
    },
  ];
}

beforeAll(async () => {
  config = await loadConfig(FIXTURE_CONFIG);
  // Pages of 5 so the REST read pages every table and ends some on a one-record page.
  emulator = await startPowerSchoolEmulator({ seedDir: FIXTURE_DIR, clientId: 'id', clientSecret: 'secret', pageSizeMax: 5 });
  const records = await oracleRecordsFromCsv(FIXTURE_DIR);
  contenders = contendersFor(ACCOUNT_TABLES_ONLY, new StubOracleConnection(records));
  classContenders = contendersFor({ classes: WINDOW }, new StubOracleConnection(records));
  for (const c of contenders) rowsOf.set(c.name, await c.source.read());
  for (const c of classContenders) classRowsOf.set(c.name, await c.source.read());
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

describe('every source, the same class rows', () => {
  const files = () => classRowsOf.get('files')!;
  const classes = (): ClassRows => files().classes!;

  it('a district without the class tables reads none and keeps the digest it had before they existed', () => {
    for (const c of contenders) {
      expect(rowsOf.get(c.name)!.classes, c.name).toBeUndefined();
      expect(rowsOf.get(c.name)!.schoolStaff.every((s) => s.id === undefined), c.name).toBe(true);
      expect(sourceDigest(rowsOf.get(c.name)!), c.name).toBe(ACCOUNTS_DIGEST);
    }
  });

  it('the fixture holds a drop, an add, a teacher change, a co-teacher and a term boundary', () => {
    const { sections, terms, enrollments, sectionTeachers, roles } = classes();
    expect(enrollments.filter((e) => e.dropped).map((e) => [e.studentId, e.sectionId, e.dateLeft])).toContainEqual(['9014', -20401, '2026-10-02']);
    expect(enrollments.find((e) => e.studentId === '9013' && e.sectionId === 20401)?.dateEnrolled).toBe('2026-09-08');
    // The lead teacher changed: SECTIONS names the new one, SECTIONTEACHER keeps both with their dates.
    expect(sections.find((s) => s.id === 20201)?.teacherId).toBe('1015');
    expect(sectionTeachers.filter((t) => t.sectionId === 20201).map((t) => [t.teacherId, t.roleId, t.startDate, t.endDate])).toEqual([
      ['1005', 1, '2026-08-19', '2026-10-30'],
      ['1015', 1, '2026-11-02', '2027-06-04'],
    ]);
    const coTeacher = sectionTeachers.find((t) => t.sectionId === 20302 && t.roleId !== 1)!;
    expect(roles.find((r) => r.id === coTeacher.roleId)?.name).toBe('Co-teacher');
    const at301 = terms.filter((t) => t.schoolId === 301).map((t) => [t.abbreviation, t.firstDay, t.lastDay]);
    expect(at301).toEqual([
      ['26-27', '2026-08-19', '2027-06-04'],
      ['S1', '2026-08-19', '2026-12-18'],
      ['S2', '2027-01-05', '2027-06-04'],
    ]);
    expect(new Set(sections.filter((s) => s.schoolId === 301).map((s) => s.termId))).toEqual(new Set([3600, 3601, 3602]));
    // Each teacher is a SCHOOLSTAFF.ID that leads, through USERS_DCID, to a USERS row.
    const staffById = new Map(files().schoolStaff.map((s) => [s.id, s.usersDcid]));
    const users = new Set(files().users.map((u) => u.dcid));
    for (const t of sectionTeachers) expect(users.has(staffById.get(t.teacherId) ?? ''), `teacher ${t.teacherId}`).toBe(true);
    // Every student enrolled is a STUDENTS.ID.
    const students = new Set(files().students.map((s) => s.id));
    expect(enrollments.every((e) => students.has(e.studentId))).toBe(true);
  });

  it('leaves out the school years before the window, in every source', () => {
    for (const c of classContenders) {
      const rows = classRowsOf.get(c.name)!.classes!;
      expect(rows.terms.map((t) => t.yearId).every((y) => y >= 36), c.name).toBe(true);
      expect(rows.sections.map((s) => s.id), c.name).not.toContain(19401);
      expect(rows.enrollments.some((e) => Math.abs(e.sectionId) === 19401), c.name).toBe(false);
      expect(rows.sectionTeachers.some((t) => t.sectionId === 19401), c.name).toBe(false);
    }
  });

  it('reports the faulty enrollment, naming its file, row and field', () => {
    expect(files().issues.filter((i) => i.file === 'cc.csv')).toEqual([
      expect.objectContaining({ code: 'ROW_BAD_DATE', row: 51, field: 'DATELEFT', message: 'cc.csv row 51: DATELEFT is "2026-13-01", not a date (YYYY-MM-DD or MM/DD/YYYY)' }),
    ]);
  });

  it.each(['rest', 'oracle'])('%s gives the same rows, class rows and issues as the files', (name) => {
    const contender = classContenders.find((c) => c.name === name)!;
    const rows = asFileOrigins(classRowsOf.get(name)!, contender.originFile);
    expect(rows.classes!.enrollments.length).toBe(files().classes!.enrollments.length);
    expect(asRowSets(rows)).toEqual(asRowSets(files()));
    // Oracle reads in the export's order, so even the row numbers agree. REST reads CC in two
    // ranges (enrolled, then dropped), so its rows come in another order: the same rows all the same.
    if (name === 'oracle') expect(rows).toEqual(files());
  });

  it('the source digest is the same from every source, and covers the class tables', () => {
    const digests = classContenders.map((c) => sourceDigest(classRowsOf.get(c.name)!));
    expect(new Set(digests).size).toBe(1);
    expect(digests[0]).not.toBe(ACCOUNTS_DIGEST);
  });
});

