/** The PowerSchool API emulator's own behaviour, over plain HTTP (see the spec atop server.ts). */
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import {
  startPowerSchoolEmulator,
  type PowerSchoolEmulatorOptions,
  type RunningPowerSchoolEmulator,
} from '../../src/sources/rest/emulator/server.js';
import { FIXTURE_DIR } from './source-fixtures.js';

const ID = 'client-id';
const SECRET = 'client-secret';
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

let emu: RunningPowerSchoolEmulator;
async function start(options: Partial<PowerSchoolEmulatorOptions> = {}): Promise<void> {
  emu = await startPowerSchoolEmulator({ seedDir: FIXTURE_DIR, clientId: ID, clientSecret: SECRET, ...options });
}
afterEach(async () => {
  await emu?.close();
});

async function tokenRequest(authorization: string, body = 'grant_type=client_credentials'): Promise<Response> {
  return fetch(`${emu.url}/oauth/access_token`, {
    method: 'POST',
    headers: { Authorization: authorization, 'Content-Type': 'application/x-www-form-urlencoded' },
    body,
  });
}

async function token(): Promise<string> {
  const answer = (await (await tokenRequest(basic(ID, SECRET))).json()) as { access_token: string };
  return answer.access_token;
}

async function get(path: string, bearer?: string): Promise<{ status: number; body: any }> {
  const response = await fetch(`${emu.url}${path}`, { headers: bearer ? { Authorization: `Bearer ${bearer}` } : {} });
  return { status: response.status, body: await response.json() };
}

describe('PowerSchool emulator: tokens', () => {
  beforeEach(() => start());

  it('listens on loopback only', () => {
    expect(emu.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('issues a bearer token for the right client credentials', async () => {
    const response = await tokenRequest(basic(ID, SECRET));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ access_token: expect.any(String), token_type: 'Bearer', expires_in: '3600' });
    expect(emu.stats().tokensIssued).toBe(1);
  });

  it('refuses wrong credentials (401) and another grant type (400)', async () => {
    expect((await tokenRequest(basic(ID, 'wrong'))).status).toBe(401);
    expect((await tokenRequest('Bearer nothing')).status).toBe(401);
    expect((await tokenRequest(basic(ID, SECRET), 'grant_type=password')).status).toBe(400);
  });

  it('answers 401 without a token, with an unknown one, and after expireTokens()', async () => {
    expect((await get('/ws/v1/metadata')).status).toBe(401);
    expect((await get('/ws/v1/metadata', 'made-up')).status).toBe(401);
    const t = await token();
    expect((await get('/ws/v1/metadata', t)).status).toBe(200);
    emu.expireTokens();
    expect((await get('/ws/v1/metadata', t)).status).toBe(401);
    expect(emu.stats().unauthorized).toBe(3);
  });

  it('expires each token after tokenUses API requests', async () => {
    await emu.close();
    await start({ tokenUses: 2 });
    const t = await token();
    expect((await get('/ws/v1/metadata', t)).status).toBe(200);
    expect((await get('/ws/v1/metadata', t)).status).toBe(200);
    expect((await get('/ws/v1/metadata', t)).status).toBe(401);
  });
});

describe('PowerSchool emulator: tables', () => {
  let t: string;
  beforeEach(async () => {
    await start({ pageSizeMax: 5, deniedTables: ['schoolstaff'] });
    t = await token();
  });

  it('states its page size in metadata and counts a table', async () => {
    expect((await get('/ws/v1/metadata', t)).body.metadata.schema_table_query_max_page_size).toBe(5);
    expect((await get('/ws/schema/table/students/count', t)).body).toEqual({ count: 41 });
  });

  it('pages a table with the projection, values as text and empty values left out', async () => {
    const { status, body } = await get('/ws/schema/table/students?projection=dcid,student_number,middle_name&page=6&pagesize=5', t);
    expect(status).toBe(200);
    expect(body.name).toBe('students');
    expect(body.record).toHaveLength(5);
    expect(body.record[0]).toEqual({ id: 40025, name: 'students', tables: { students: { dcid: '40025', student_number: '20340' } } });
    expect(body.record[4].tables.students).toEqual({ dcid: '40029' });
  });

  it('sends a one-record page as an object, and no record at all past the end', async () => {
    const last = await get('/ws/schema/table/students?projection=dcid&page=41&pagesize=1', t);
    expect(Array.isArray(last.body.record)).toBe(false);
    expect(last.body.record.tables.students).toEqual({ dcid: '40040' });
    expect((await get('/ws/schema/table/students?projection=dcid&page=42&pagesize=1', t)).body).toEqual({ name: 'students' });
  });

  it('caps pagesize at its maximum', async () => {
    const { body } = await get('/ws/schema/table/schools?projection=*&page=1&pagesize=500', t);
    expect(body.record).toHaveLength(5);
    expect(emu.stats().pageSizes).toEqual([5]);
  });

  it('serves users.csv CELLPHONE from u_humanresources, not from users', async () => {
    expect((await get('/ws/schema/table/users?projection=dcid,cellphone', t)).status).toBe(400);
    const phones = await get('/ws/schema/table/u_humanresources?projection=usersdcid,cellphone&page=1&pagesize=5', t);
    expect(phones.body.record[0].tables.u_humanresources).toEqual({ usersdcid: '5001', cellphone: '555-0101' });
    expect((await get('/ws/schema/table/u_humanresources/count', t)).body.count).toBe(8);
  });

  it('answers 400 for an unknown column, 404 for an unknown table, 403 for a denied one', async () => {
    const bad = await get('/ws/schema/table/students?projection=dcid,shoe_size', t);
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ resource: 'students', field: 'shoe_size', code: 'Invalid field' }]);
    expect((await get('/ws/schema/table/u_nothing?projection=dcid', t)).status).toBe(404);
    expect((await get('/ws/schema/table/schoolstaff/count', t)).status).toBe(403);
  });
});

describe('PowerSchool emulator: class tables and q', () => {
  let t: string;
  beforeEach(async () => {
    await start({ pageSizeMax: 5 });
    t = await token();
  });
  const q = (filter: string) => encodeURIComponent(filter);

  it('serves the class tables of the seed directory', async () => {
    expect((await get('/ws/schema/table/cc/count', t)).body).toEqual({ count: 50 });
    const page = await get('/ws/schema/table/sections?projection=id,course_number,teacher&page=1&pagesize=1', t);
    expect(page.body.record.tables.sections).toEqual({ id: '19401', course_number: 'ALG1', teacher: '1002' });
  });

  it('counts and pages only the rows q keeps, numbers compared as numbers', async () => {
    expect((await get(`/ws/schema/table/cc/count?q=${q('termid=ge=3600')}`, t)).body).toEqual({ count: 44 });
    expect((await get(`/ws/schema/table/cc/count?q=${q('termid=le=-3600')}`, t)).body).toEqual({ count: 3 });
    expect((await get(`/ws/schema/table/terms/count?q=${q('yearid=ge=36;schoolid==301')}`, t)).body).toEqual({ count: 3 });
    expect((await get(`/ws/schema/table/terms/count?q=${q('abbreviation!=S1')}`, t)).body).toEqual({ count: 7 });
    const dropped = await get(`/ws/schema/table/cc?projection=studentid,sectionid&q=${q('termid=lt=-3599')}&page=1&pagesize=5`, t);
    expect(dropped.body.record.map((r: { tables: { cc: object } }) => r.tables.cc)).toEqual([
      { studentid: '9021', sectionid: '-20201' },
      { studentid: '9022', sectionid: '-20302' },
      { studentid: '9014', sectionid: '-20401' },
    ]);
  });

  it('answers 400 for a filter on an unknown column or one it cannot read', async () => {
    const unknown = await get(`/ws/schema/table/cc/count?q=${q('shoe_size==1')}`, t);
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([{ resource: 'cc', field: 'shoe_size', code: 'Invalid query' }]);
    expect((await get(`/ws/schema/table/cc?projection=studentid&q=${q('termid>3600')}`, t)).status).toBe(400);
  });

  it('serves SCHOOLSTAFF.ID, what classes name their teachers by', async () => {
    const rows = await get('/ws/schema/table/schoolstaff?projection=id,users_dcid&page=1&pagesize=1', t);
    expect(rows.body.record.tables.schoolstaff).toEqual({ id: '1001', users_dcid: '5001' });
  });
});

describe('PowerSchool emulator: injected failures', () => {
  it('fails matching requests the given number of times, then recovers', async () => {
    await start({ failures: [{ path: '/ws/schema/table/students', page: 2, status: 503, times: 2 }] });
    const t = await token();
    const page = (n: number) => get(`/ws/schema/table/students?projection=dcid&page=${n}&pagesize=10`, t);
    expect((await page(1)).status).toBe(200);
    expect((await page(2)).status).toBe(503);
    expect((await page(2)).status).toBe(503);
    expect((await page(2)).status).toBe(200);
    expect(emu.stats().failuresInjected).toBe(2);
  });

  it('drops the connection for a reset', async () => {
    await start({ failures: [{ path: '/ws/v1/metadata', status: 'reset' }] });
    const t = await token();
    await expect(get('/ws/v1/metadata', t)).rejects.toThrow();
    expect((await get('/ws/v1/metadata', t)).status).toBe(200);
  });

  it('expires every token with an injected 401', async () => {
    await start({ failures: [{ path: '/ws/v1/metadata', status: 401 }] });
    const t = await token();
    expect((await get('/ws/v1/metadata', t)).status).toBe(401);
    expect((await get('/ws/v1/metadata', t)).status).toBe(401);
    expect((await get('/ws/v1/metadata', await token())).status).toBe(200);
  });
});
