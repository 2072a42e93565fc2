/** The REST source over real HTTP against the PowerSchool emulator. */
import { describe, it, expect, afterEach, beforeAll } from 'vitest';
import { ErrorCodes, RollcallError } from '../../src/errors.js';
import { FilesSource } from '../../src/sources/files/files-source.js';
import type { RecordSink } from '../../src/sources/records.js';
import type { SourceRows } from '../../src/sources/rows.js';
import { startPowerSchoolEmulator, type PowerSchoolEmulatorOptions, type RunningPowerSchoolEmulator } from '../../src/sources/rest/emulator/server.js';
import { RestSource, restOriginFile, type RestSourceSettings } from '../../src/sources/rest/rest-source.js';
import type { HttpClientOptions } from '../../src/sources/rest/http-client.js';
import { countOf, pageRecords } from '../../src/sources/rest/table-answers.js';
import { CLASS_TABLES, type TableSelection } from '../../src/sources/records.js';
import { FIXTURE_DIR, asFileOrigins, asRowSets } from './source-fixtures.js';

const CLIENT_ID = 'rollcall-plugin-id';
const SECRET = 'pl4gin-s3cret-value';
const ENV = { POWERSCHOOL_CLIENT_ID: CLIENT_ID, POWERSCHOOL_CLIENT_SECRET: SECRET };
const D118_CELL = { table: 'u_humanresources', column: 'cellphone', joinColumn: 'usersdcid' };

let emu: RunningPowerSchoolEmulator | undefined;
let fromFiles: SourceRows;
const sleeps: number[] = [];

beforeAll(async () => {
  fromFiles = await new FilesSource(FIXTURE_DIR).read();
});
afterEach(async () => {
  await emu?.close();
  emu = undefined;
  sleeps.length = 0;
});

async function sourceFor(
  options: Partial<PowerSchoolEmulatorOptions> = {},
  settings: Partial<RestSourceSettings> = {},
  client: HttpClientOptions = {},
  selection?: TableSelection,
): Promise<RestSource> {
  emu = await startPowerSchoolEmulator({ seedDir: FIXTURE_DIR, clientId: CLIENT_ID, clientSecret: SECRET, ...options });
  const sleep = async (ms: number) => void sleeps.push(ms);
  return new RestSource({ baseUrl: emu.url, cellPhone: D118_CELL, ...settings }, ENV, { sleep, ...client }, selection);
}

async function failure(promise: Promise<unknown>): Promise<RollcallError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(RollcallError);
    const e = err as RollcallError;
    // Whatever went wrong, neither the secret nor a token is ever in the message.
    expect(e.message).not.toContain(SECRET);
    expect(e.message).not.toContain('emulated-token');
    expect(JSON.stringify(e.details)).not.toContain(SECRET);
    return e;
  }
  throw new Error('expected a failure');
}

describe('RestSource reading', () => {
  it('gives the file source rows, cell phones joined from the district table', async () => {
    const source = await sourceFor({ pageSizeMax: 7 });
    const rows = await source.read();
    expect(asFileOrigins(rows, restOriginFile)).toEqual(fromFiles);
    expect(rows.users.find((u) => u.dcid === '5001')!.cellPhone).toBe('555-0101');
    expect(source.description).toBe(`rest ${emu!.url}`);
  });

  it('pages at the size metadata states, asking each table for its count first', async () => {
    const source = await sourceFor({ pageSizeMax: 8 });
    await source.read();
    const stats = emu!.stats();
    expect(stats.pageSizes.every((n) => n === 8)).toBe(true);
    // 41 students in pages of 8: six pages; 8 schools: exactly one page, no empty page after.
    expect(stats.byPath['/ws/schema/table/students']).toBe(6);
    expect(stats.byPath['/ws/schema/table/schools']).toBe(1);
    expect(stats.byPath['/ws/schema/table/students/count']).toBe(1);
    expect(stats.byPath['/ws/v1/metadata']).toBe(1);
    expect(stats.tokensIssued).toBe(1);
  });

  it('reads one-record pages, which come as an object rather than an array', async () => {
    const rows = await (await sourceFor({ pageSizeMax: 1 })).read();
    expect(asFileOrigins(rows, restOriginFile)).toEqual(fromFiles);
  });

  it('reads without a cell-phone table, leaving CELLPHONE empty', async () => {
    const rows = await (await sourceFor({}, { cellPhone: null })).read();
    expect(rows.users.every((u) => u.cellPhone === '')).toBe(true);
    expect(emu!.stats().byPath['/ws/schema/table/u_humanresources/count']).toBeUndefined();
  });

  it('warns when a table changes while it is read', async () => {
    const source = await sourceFor({}, {}, {
      fetch: async (input, init) => {
        if (String(input).endsWith('/ws/schema/table/students/count')) return Response.json({ count: 40 });
        return fetch(input, init);
      },
    });
    const rows = await source.read();
    expect(rows.students).toHaveLength(fromFiles.students.length);
    expect(rows.issues.filter((i) => i.code === 'SOURCE_CHANGED_DURING_READ')).toEqual([
      expect.objectContaining({ severity: 'warning', file: 'students', message: expect.stringContaining('counted 40 records but sent 41') }),
    ]);
  });
});

describe('RestSource tokens and retries', () => {
  it('fetches a new token when one expires mid-read', async () => {
    const source = await sourceFor({ tokenUses: 3, pageSizeMax: 10 });
    const rows = await source.read();
    expect(asFileOrigins(rows, restOriginFile)).toEqual(fromFiles);
    expect(emu!.stats().tokensIssued).toBeGreaterThan(3);
  });

  it('re-tokens once on a 401 and carries on', async () => {
    const source = await sourceFor({ failures: [{ path: '/ws/schema/table/users', status: 401 }] });
    await source.read();
    expect(emu!.stats().tokensIssued).toBe(2);
  });

  it('gives up when a fresh token is refused too', async () => {
    const source = await sourceFor({ failures: [{ path: '/ws/schema/table/users', status: 401, times: 2 }] });
    const err = await failure(source.read());
    expect(err.code).toBe(ErrorCodes.POWERSCHOOL);
    expect(err.message).toContain('refused a fresh access token for GET /ws/schema/table/users (HTTP 401 twice)');
  });

  it('retries 5xx answers and dropped connections with growing waits', async () => {
    const source = await sourceFor({
      failures: [
        { path: '/ws/schema/table/students', page: 1, status: 503, times: 2 },
        { path: '/ws/schema/table/schools/count', status: 'reset' },
        { path: '/oauth/access_token', status: 500 },
      ],
    });
    const rows = await source.read();
    expect(asFileOrigins(rows, restOriginFile)).toEqual(fromFiles);
    expect(sleeps).toEqual([500, 500, 500, 1000]);
  });

  it('honours Retry-After on a 429', async () => {
    const source = await sourceFor({}, {}, {
      fetch: (() => {
        let first = true;
        return async (input: string | URL | Request, init?: RequestInit) => {
          if (first && String(input).includes('/ws/v1/metadata')) {
            first = false;
            return new Response('{}', { status: 429, headers: { 'Retry-After': '3' } });
          }
          return fetch(input, init);
        };
      })(),
    });
    await source.read();
    expect(sleeps).toEqual([3000]);
  });

  it('stops after four attempts, naming the host and the last failure', async () => {
    const source = await sourceFor({ failures: [{ path: '/ws/schema/table/schoolstaff', status: 502, times: 99 }] });
    const err = await failure(source.read());
    expect(err.message).toBe(
      `PowerSchool at ${new URL(emu!.url).host} did not answer GET /ws/schema/table/schoolstaff after 4 attempts (last: HTTP 502): check that the server is up and reachable from this machine`,
    );
    expect(err.fault).toBe('tool');
    expect(sleeps).toEqual([500, 1000, 2000]);
  });
});

describe('RestSource messages', () => {
  it('names the credential variables when the plugin credentials are refused', async () => {
    emu = await startPowerSchoolEmulator({ seedDir: FIXTURE_DIR, clientId: CLIENT_ID, clientSecret: 'another-secret' });
    const err = await failure(new RestSource({ baseUrl: emu.url }, ENV).read());
    expect(err.message).toContain('refused the plugin\'s credentials (HTTP 401 from /oauth/access_token)');
    expect(err.message).toContain('POWERSCHOOL_CLIENT_ID and POWERSCHOOL_CLIENT_SECRET');
  });

  it('says which table the plugin may not read and what plugin.xml needs', async () => {
    const source = await sourceFor({ deniedTables: ['students'] });
    const err = await failure(source.read());
    expect(err.message).toContain('the PowerSchool plugin has no access to table students (HTTP 403');
    expect(err.message).toContain('<access_request>');
    expect(err.message).toContain('<field table="STUDENTS" field="DCID" access="ViewOnly"/>');
    expect(err.message).toContain('<field table="STUDENTS" field="CLASSOF" access="ViewOnly"/>');
    expect(err.details).toMatchObject({ table: 'students', status: 403 });
  });

  it('points at powerschool.rest.cellPhone when the district table is unknown', async () => {
    const source = await sourceFor({}, { cellPhone: { table: 'u_staff_extra', column: 'cellphone', joinColumn: 'usersdcid' } });
    const err = await failure(source.read());
    expect(err.message).toContain('PowerSchool does not know table u_staff_extra');
    expect(err.message).toContain('check powerschool.rest.cellPhone');
  });

  it('says when the answer is not JSON (a sign-in page, a proxy)', async () => {
    const source = await sourceFor({}, {}, {
      fetch: async (input, init) =>
        String(input).includes('/ws/v1/metadata') ? new Response('<html>Sign in</html>', { status: 200 }) : fetch(input, init),
    });
    expect((await failure(source.read())).message).toContain('answered /ws/v1/metadata with something that is not JSON');
  });

  it('names a missing credential variable before anything is read', () => {
    expect(() => new RestSource({ baseUrl: 'https://ps.example.org' }, { POWERSCHOOL_CLIENT_ID: 'x' })).toThrowError(
      'the REST source needs the plugin\'s Client Secret: set the environment variable POWERSCHOOL_CLIENT_SECRET',
    );
    expect(() => new RestSource({ baseUrl: 'https://ps.example.org', clientIdEnv: 'PS_ID' }, ENV)).toThrowError('PS_ID');
  });

  it('refuses a base URL carrying a user or password, or a cell-phone name that is not an identifier', () => {
    expect(() => new RestSource({ baseUrl: 'https://admin:pw@ps.example.org' }, ENV)).toThrowError(/must not carry a user or password/);
    expect(() => new RestSource({ baseUrl: 'https://ps.example.org', cellPhone: { ...D118_CELL, table: '../users' } }, ENV)).toThrowError(
      'powerschool.rest.cellPhone.table',
    );
  });
});

describe('table-query answers', () => {
  const page = (record: unknown) => pageRecords({ name: 'students', record }, 'students', '/p');
  it('takes an array, a single object or nothing', () => {
    const one = { id: 1, name: 'students', tables: { students: { dcid: '1' } } };
    expect(page([one, one])).toEqual([{ dcid: '1' }, { dcid: '1' }]);
    expect(page(one)).toEqual([{ dcid: '1' }]);
    expect(page(undefined)).toEqual([]);
    expect(page([])).toEqual([]);
  });

  it('rejects other shapes as POWERSCHOOL errors', () => {
    expect(() => page([{ id: 1 }])).toThrowError(RollcallError);
    expect(() => pageRecords('<html>', 'students', '/p')).toThrowError(/unexpected shape/);
    expect(countOf({ count: '12' }, '/c')).toBe(12);
    expect(() => countOf({ total: 12 }, '/c')).toThrowError(/\{ "count": N \}/);
  });
});

describe('RestSource as a record source', () => {
  it('hands over the raw records, lowercase keys and text values as PowerSchool sent them', async () => {
    const source = await sourceFor();
    const seen: Array<[string, Record<string, unknown>]> = [];
    const sink: RecordSink = { record: (table, record) => void seen.push([table, record]), issue: () => undefined };
    await source.readRecords(sink);
    expect(seen[0]).toEqual(['schools', { school_number: '0', name: 'District Office', abbreviation: 'DO', state_excludefromreporting: '1' }]);
    expect(seen.find(([t, r]) => t === 'users' && r.dcid === '5003')![1]).toMatchObject({ cellphone: null });
  });
});

describe('RestSource transport', () => {
  it.each(['http://powerschool.district.org', 'http://10.0.0.5:8080', 'http://ps.local/'])('refuses %s: the secret and the students would travel in clear', (baseUrl) => {
    expect(() => new RestSource({ baseUrl }, ENV)).toThrow(
      /powerschool\.rest\.baseUrl must be an https:\/\/ address: over http:\/\/\S+ the plugin's Client Secret, its token and every student record would travel unencrypted/,
    );
  });

  it.each(['https://powerschool.district.org', 'http://127.0.0.1:8080', 'http://localhost:3000', 'http://[::1]:9000'])('accepts %s (https, or plain http to this machine)', (baseUrl) => {
    expect(() => new RestSource({ baseUrl }, ENV)).not.toThrow();
  });

  it('takes the token and the secret out of an error body that echoes them', async () => {
    const source = await sourceFor({ failures: [{ path: '/ws/schema/table/students/count', status: 400, echoAuthorization: true }] });
    const err = await failure(source.read());
    expect(err.message).toMatch(/^PowerSchool at \S+ answered HTTP 400 to GET \/ws\/schema\/table\/students\/count \(PowerSchool said: injected failure 400 \(request: Authorization: Bearer \[redacted\], from/);
    expect(err.message).not.toMatch(/Bearer (?!\[redacted\])/);
  });
});

describe('RestSource class tables', () => {
  const CLASSES: TableSelection = { classes: { fromYearId: 36 } };

  /** The table reads the source asks for: path and q of each request (count and pages alike). */
  function recordingFetch(seen: string[]): HttpClientOptions['fetch'] {
    return async (input, init) => {
      const url = new URL(String(input));
      if (url.pathname.startsWith('/ws/schema/table/')) seen.push(`${url.pathname} q=${url.searchParams.get('q') ?? ''} projection=${url.searchParams.get('projection') ?? ''}`);
      return fetch(input, init);
    };
  }

  it('gives the file source class rows', async () => {
    const rows = await (await sourceFor({ pageSizeMax: 4 }, {}, {}, CLASSES)).read();
    expect(asRowSets(asFileOrigins(rows, restOriginFile))).toEqual(asRowSets(await new FilesSource(FIXTURE_DIR, CLASSES).read()));
  });

  it('asks the server for the window only: sections and terms from this year, CC enrolled and dropped in two ranges', async () => {
    const seen: string[] = [];
    await (await sourceFor({}, {}, { fetch: recordingFetch(seen) }, { classes: { fromYearId: 36 } })).read();
    const asked = (table: string) => [...new Set(seen.filter((s) => s.startsWith(`/ws/schema/table/${table} `)).map((s) => s.split(' ')[1]))];
    expect(asked('sections')).toEqual(['q=termid=ge=3600']);
    expect(asked('terms')).toEqual(['q=yearid=ge=36']);
    expect(asked('cc')).toEqual(['q=termid=ge=3600', 'q=termid=le=-3600']);
    for (const table of ['courses', 'sectionteacher', 'roledef', 'students']) expect(asked(table), table).toEqual(['q=']);
    // Counts are filtered as the pages are.
    expect(seen).toContain('/ws/schema/table/cc/count q=termid=le=-3600 projection=');
    expect(seen.find((s) => s.startsWith('/ws/schema/table/schoolstaff ')) ?? '').toContain('projection=id,users_dcid,schoolid,status,staffstatus');
  });

  it('asks for no class table, nor SCHOOLSTAFF.ID, without powerschool.classes', async () => {
    const seen: string[] = [];
    const rows = await (await sourceFor({}, {}, { fetch: recordingFetch(seen) })).read();
    expect(rows.classes).toBeUndefined();
    expect(seen.filter((s) => CLASS_TABLES.some((t) => s.startsWith(`/ws/schema/table/${t}`)))).toEqual([]);
    expect(seen.find((s) => s.startsWith('/ws/schema/table/schoolstaff ')) ?? '').toContain('projection=users_dcid,schoolid,status,staffstatus');
  });

  it('hands on no SECTIONTEACHER record of a section outside the window, so an export holds none either', async () => {
    const source = await sourceFor({}, {}, {}, CLASSES);
    const teachers: Array<Record<string, unknown>> = [];
    await source.readRecords({ record: (table, record) => void (table === 'sectionteacher' && teachers.push(record)), issue: () => undefined });
    expect(teachers.length).toBeGreaterThan(10);
    expect(teachers.map((t) => t.sectionid)).not.toContain('19401');
  });

  it('says which class columns the plugin needs, and why they are read', async () => {
    const source = await sourceFor({ deniedTables: ['cc'] }, {}, {}, CLASSES);
    const err = await failure(source.read());
    expect(err.message).toContain('the PowerSchool plugin has no access to table cc (HTTP 403');
    for (const column of ['STUDENTID', 'SECTIONID', 'TERMID', 'DATEENROLLED', 'DATELEFT']) expect(err.message).toContain(`<field table="CC" field="${column}" access="ViewOnly"/>`);
    expect(err.message).toContain('because class groups are synced');
  });
});

