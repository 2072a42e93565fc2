/**
 * A PowerSchool API emulator on loopback HTTP (127.0.0.1 only), for tests: rollcall's REST
 * source talks to it over real HTTP. What it serves:
 *
 * - `POST /oauth/access_token`: HTTP Basic client id and secret, form body
 *   `grant_type=client_credentials` -> `{ access_token, token_type: "Bearer", expires_in: "3600" }`;
 *   wrong credentials 401 `{ error: "invalid_client" }`, another grant 400.
 * - Every other route needs `Authorization: Bearer <token>`; a missing, unknown or expired
 *   token gets 401. `expireTokens()` expires every token issued so far; `tokenUses` expires
 *   each token after that many API requests.
 * - `GET /ws/v1/metadata` -> `{ metadata: { schema_table_query_max_page_size, ... } }`.
 * - `GET /ws/schema/table/{name}/count` -> `{ count }`.
 * - Both take `q`, conditions joined by `;` (all must hold), each `column==v`, `column!=v`,
 *   `=gt=`, `=ge=`, `=lt=` or `=le=`: compared as numbers when both sides are, as text
 *   otherwise; an unknown column or a condition it cannot read is 400.
 * - `GET /ws/schema/table/{name}?projection=a,b&page=N&pagesize=M` -> `{ name, record: [...] }`,
 *   each record `{ id, name, tables: { name: { a: "text", ... } } }` with values as text and
 *   empty values left out; `record` is one object, not an array, when the page holds exactly
 *   one record, and absent when it holds none. page is 1-based; pagesize defaults to and is
 *   capped at pageSizeMax; projection `*` or absent gives every column; an unknown column is
 *   400; an unknown table 404; a table in `deniedTables` 403 (a plugin without access).
 * - `failures` inject an HTTP status or a dropped connection on matching requests, before the
 *   token check; a 401 failure also expires every token (as a server restart would).
 *
 * Where it may differ from a real server (unverified): how a real server caps an oversize
 * pagesize, what it answers for a page past the end, its exact error bodies, and `q` beyond the
 * operators PowerSchool documents for its API (==, =gt=, =ge=, =lt=, =le=, joined by ;).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CellPhoneColumn } from '../../identifiers.js';
import { TABLE_COLUMNS, type PowerSchoolTable } from '../../records.js';
import { SCHOOLSTAFF_ID } from '../../row-mapping.js';
import { D118_CELL_PHONE, loadSeedTables, type SeedTable } from './seed.js';

export interface EmulatorFailure {
  /** The request's path, exactly: `/ws/schema/table/students`, `/oauth/access_token`... */
  path: string;
  /** Only this page of a table query (default any). */
  page?: number;
  /** An HTTP status to answer with, or `reset` to drop the connection without an answer. */
  status: number | 'reset';
  /** How many matching requests fail before the path recovers (default 1). */
  times?: number;
  /** The error body repeats the request's Authorization header, as some proxies and debug pages do. */
  echoAuthorization?: boolean;
}

export interface PowerSchoolEmulatorOptions {
  /** A directory in the CSV fixture format (schools.csv, students.csv, ...). */
  seedDir: string;
  clientId: string;
  clientSecret: string;
  /** metadata.schema_table_query_max_page_size (default 100). */
  pageSizeMax?: number;
  failures?: EmulatorFailure[];
  /** Tables the plugin may not read: 403. */
  deniedTables?: string[];
  /** Each token expires after this many API requests (default: never). */
  tokenUses?: number;
  /** Where users.csv's CELLPHONE is served from (default D118's u_humanresources). */
  cellPhone?: CellPhoneColumn;
}

export interface PowerSchoolEmulatorStats {
  requests: number;
  /** Requests per path (`/ws/schema/table/students`, `/ws/schema/table/students/count`...). */
  byPath: Record<string, number>;
  tokensIssued: number;
  /** 401 answers to API requests (bad or expired tokens, injected 401s). */
  unauthorized: number;
  failuresInjected: number;
  /** The pagesize of every table query, in order. */
  pageSizes: number[];
}

export interface RunningPowerSchoolEmulator {
  /** `http://127.0.0.1:PORT` (use as powerschool.rest.baseUrl). */
  url: string;
  stats(): PowerSchoolEmulatorStats;
  /** Every token issued so far answers 401 from now on. */
  expireTokens(): void;
  close(): Promise<void>;
}

class HttpAnswer {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {}
}

export async function startPowerSchoolEmulator(options: PowerSchoolEmulatorOptions): Promise<RunningPowerSchoolEmulator> {
  const tables = await loadSeedTables(options.seedDir, options.cellPhone ?? D118_CELL_PHONE);
  const pageSizeMax = options.pageSizeMax ?? 100;
  const denied = new Set((options.deniedTables ?? []).map((t) => t.toLowerCase()));
  const failures = (options.failures ?? []).map((f) => ({ ...f, left: f.times ?? 1 }));
  /** Live tokens and the API requests each has left. */
  const tokens = new Map<string, number>();
  let tokenCounter = 0;
  const stats: PowerSchoolEmulatorStats = { requests: 0, byPath: {}, tokensIssued: 0, unauthorized: 0, failuresInjected: 0, pageSizes: [] };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const body = await readBody(req);
    stats.requests++;
    stats.byPath[url.pathname] = (stats.byPath[url.pathname] ?? 0) + 1;

    const page = Number(url.searchParams.get('page') ?? '1');
    const failure = failures.find((f) => f.left > 0 && f.path === url.pathname && (f.page === undefined || f.page === page));
    if (failure !== undefined) {
      failure.left--;
      stats.failuresInjected++;
      if (failure.status === 'reset') {
        req.socket.destroy();
        return;
      }
      if (failure.status === 401) {
        tokens.clear();
        stats.unauthorized++;
      }
      const echo = failure.echoAuthorization ? ` (request: Authorization: ${req.headers.authorization ?? 'none'}, from ${url.pathname}?${url.searchParams})` : '';
      return send(res, new HttpAnswer(failure.status, { message: `injected failure ${failure.status}${echo}` }));
    }

    if (url.pathname === '/oauth/access_token') return send(res, issueToken(req, body));

    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const uses = token === undefined ? undefined : tokens.get(token);
    if (token === undefined || uses === undefined || uses <= 0) {
      stats.unauthorized++;
      return send(res, new HttpAnswer(401, { error: 'invalid_token' }));
    }
    tokens.set(token, uses - 1);
    if (req.method !== 'GET') return send(res, new HttpAnswer(405, { message: 'Method Not Allowed' }));
    return send(res, route(url));
  };

  const issueToken = (req: IncomingMessage, body: string): HttpAnswer => {
    if (req.method !== 'POST') return new HttpAnswer(405, { error: 'invalid_request' });
    const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const decoded = basic === undefined ? '' : Buffer.from(basic, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0 || decoded.slice(0, colon) !== options.clientId || decoded.slice(colon + 1) !== options.clientSecret) {
      return new HttpAnswer(401, { error: 'invalid_client' });
    }
    if (new URLSearchParams(body).get('grant_type') !== 'client_credentials') {
      return new HttpAnswer(400, { error: 'unsupported_grant_type' });
    }
    const token = `emulated-token-${++tokenCounter}`;
    tokens.set(token, options.tokenUses ?? Infinity);
    stats.tokensIssued++;
    return new HttpAnswer(200, { access_token: token, token_type: 'Bearer', expires_in: '3600' });
  };

  const route = (url: URL): HttpAnswer => {
    if (url.pathname === '/ws/v1/metadata') {
      return new HttpAnswer(200, {
        metadata: { schema_table_query_max_page_size: pageSizeMax, powerschool_version: 'emulator', plugin_id: 1 },
      });
    }
    const match = /^\/ws\/schema\/table\/([^/]+)(\/count)?$/.exec(url.pathname);
    if (match === null) return new HttpAnswer(404, { message: `no such resource: ${url.pathname}` });
    const name = decodeURIComponent(match[1]!).toLowerCase();
    const table = tables.get(name);
    if (table === undefined) return new HttpAnswer(404, { message: `Table not found: ${name}` });
    if (denied.has(name)) {
      return new HttpAnswer(403, { message: 'Validation Failed', errors: [{ resource: name, field: '*', code: 'No access to the table' }] });
    }
    const known = knownColumns(table);
    const rows = filtered(table, known, url.searchParams.get('q'));
    if (rows instanceof HttpAnswer) return rows;
    if (match[2] !== undefined) return new HttpAnswer(200, { count: rows.length });
    return tablePage(table, rows, known, url);
  };

  const tablePage = (table: SeedTable, rows: SeedTable['rows'], known: Set<string>, url: URL): HttpAnswer => {
    const projection = url.searchParams.get('projection');
    const columns = projection === null || projection.trim() === '*' ? table.columns : projection.split(',').map((c) => c.trim().toLowerCase());
    const unknown = columns.filter((c) => !known.has(c));
    if (unknown.length > 0) {
      return new HttpAnswer(400, {
        message: 'Validation Failed',
        errors: unknown.map((field) => ({ resource: table.name, field, code: 'Invalid field' })),
      });
    }
    const page = Number(url.searchParams.get('page') ?? '1');
    const asked = Number(url.searchParams.get('pagesize') ?? String(pageSizeMax));
    if (!Number.isSafeInteger(page) || page < 1 || !Number.isSafeInteger(asked) || asked < 1) {
      return new HttpAnswer(400, { message: 'page and pagesize must be positive whole numbers' });
    }
    const pageSize = Math.min(asked, pageSizeMax);
    stats.pageSizes.push(pageSize);
    const start = (page - 1) * pageSize;
    const records = rows.slice(start, start + pageSize).map((row, i) => {
      const values: Record<string, string> = {};
      for (const column of columns) {
        const value = row[column];
        if (value !== undefined && value !== '') values[column] = value;
      }
      return { id: Number(row.dcid ?? row.id ?? start + i + 1), name: table.name, tables: { [table.name]: values } };
    });
    if (records.length === 0) return new HttpAnswer(200, { name: table.name });
    return new HttpAnswer(200, { name: table.name, record: records.length === 1 ? records[0] : records });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, new HttpAnswer(500, { message: `emulator error: ${(err as Error).message}` }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stats: () => structuredClone(stats),
    expireTokens: () => tokens.clear(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/**
 * A table's columns as a real server has them: every standard column, even those the seed file
 * leaves out (SCHOOLSTAFF's ID among them); USERS has no CELLPHONE (that lives in the
 * district's own table).
 */
function knownColumns(table: SeedTable): Set<string> {
  const standard = [...(TABLE_COLUMNS[table.name as PowerSchoolTable] ?? []), ...(table.name === 'schoolstaff' ? [SCHOOLSTAFF_ID] : [])];
  return new Set([...table.columns, ...standard.map((c) => c.toLowerCase()).filter((c) => c !== 'cellphone')]);
}

const CONDITION = /^([A-Za-z_][A-Za-z0-9_]*)(==|!=|=gt=|=ge=|=lt=|=le=)(.*)$/;

/** The rows `q` keeps, or the 400 a server gives a filter it cannot read. */
function filtered(table: SeedTable, known: Set<string>, q: string | null): SeedTable['rows'] | HttpAnswer {
  if (q === null || q.trim() === '') return table.rows;
  const tests: Array<(row: Record<string, string>) => boolean> = [];
  for (const condition of q.split(';')) {
    const match = CONDITION.exec(condition.trim());
    const column = match?.[1]?.toLowerCase();
    if (match === null || column === undefined || !known.has(column)) {
      return new HttpAnswer(400, { message: 'Validation Failed', errors: [{ resource: table.name, field: column ?? condition, code: 'Invalid query' }] });
    }
    const [operator, value] = [match[2]!, match[3]!];
    tests.push((row) => {
      const cell = row[column] ?? '';
      const numbers = cell !== '' && value !== '' && Number.isFinite(Number(cell)) && Number.isFinite(Number(value));
      const order = numbers ? Math.sign(Number(cell) - Number(value)) : cell < value ? -1 : cell > value ? 1 : 0;
      switch (operator) {
        case '==':
          return order === 0;
        case '!=':
          return order !== 0;
        case '=gt=':
          return order > 0;
        case '=ge=':
          return order >= 0;
        case '=lt=':
          return order < 0;
        default:
          return order <= 0;
      }
    });
  }
  return table.rows.filter((row) => tests.every((test) => test(row)));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, answer: HttpAnswer): void {
  const text = JSON.stringify(answer.body);
  res.writeHead(answer.status, { 'Content-Type': 'application/json;charset=UTF-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}
