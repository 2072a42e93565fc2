/**
 * PowerSchool read through its API as a plugin: each table through the table-query endpoint
 * (`/ws/schema/table/{name}`), which names columns as the database does, so the records go
 * through the same row mapping as Oracle's and the CSV files'. Pages are as large as the server
 * allows (metadata). The district's cell-phone table, if configured, is read first and joined
 * to USERS here, as the Oracle query joins it in SQL.
 */
import type { RestSourceConfig } from '../../config/types.js';
import { ErrorCodes, RollcallError } from '../../errors.js';
import { checkCellPhoneColumn, type CellPhoneColumn } from '../identifiers.js';
import { firstTermId, type ClassWindow } from '../class-window.js';
import {
  ACCOUNT_TABLES_ONLY,
  CLASS_TABLES,
  POWERSCHOOL_TABLES,
  columnsRead,
  readRows,
  type ClassTable,
  type PowerSchoolTable,
  type RecordSink,
  type RecordSource,
  type TableSelection,
} from '../records.js';
import type { SourceRows } from '../rows.js';
import { PowerSchoolHttpClient, type HttpClientOptions, type JsonAnswer } from './http-client.js';
import { countOf, maxTablePageSize, pageRecords, serverMessage } from './table-answers.js';

export const REST_ENV = { clientId: 'POWERSCHOOL_CLIENT_ID', clientSecret: 'POWERSCHOOL_CLIENT_SECRET' } as const;

/** A modest page size for a server whose metadata states none. */
const FALLBACK_PAGE_SIZE = 100;

/** Row origins name the table as the API does: `students row 12`. */
export const restOriginFile = (table: PowerSchoolTable): string => table;

export type RestSourceSettings = Pick<RestSourceConfig, 'baseUrl'> & Partial<RestSourceConfig>;

export class RestSource implements RecordSource {
  readonly description: string;
  private readonly client: PowerSchoolHttpClient;
  private readonly cellPhone: CellPhoneColumn | null;

  /** Checks the URL, the credentials' presence and the cell-phone names before anything is read. */
  constructor(
    config: RestSourceSettings,
    env: NodeJS.ProcessEnv,
    options: HttpClientOptions = {},
    readonly selection: TableSelection = ACCOUNT_TABLES_ONLY,
  ) {
    const baseUrl = checkBaseUrl(config.baseUrl);
    const clientIdEnv = config.clientIdEnv ?? REST_ENV.clientId;
    const clientSecretEnv = config.clientSecretEnv ?? REST_ENV.clientSecret;
    const clientId = requiredEnv(env, clientIdEnv, "the plugin's Client ID");
    const clientSecret = requiredEnv(env, clientSecretEnv, "the plugin's Client Secret");
    this.cellPhone = config.cellPhone ? checkCellPhoneColumn(config.cellPhone, 'powerschool.rest.cellPhone') : null;
    this.client = new PowerSchoolHttpClient(baseUrl, { clientId, clientSecret, clientIdEnv, clientSecretEnv }, options);
    this.description = `rest ${baseUrl}`;
  }

  read(): Promise<SourceRows> {
    return readRows(this, restOriginFile);
  }

  async readRecords(sink: RecordSink): Promise<void> {
    const pageSize = await this.pageSize();
    const phones = this.cellPhone === null ? null : await this.readCellPhones(this.cellPhone, pageSize, sink);
    for (const table of POWERSCHOOL_TABLES) {
      // CELLPHONE is not a USERS column: it comes from the district's own table, joined below.
      await this.readTable(table, this.projection(table), pageSize, sink, async (record) => {
        if (table === 'users') record.cellphone = phones?.get(joinKey(record.dcid)) ?? null;
        await sink.record(table, record);
      });
    }
    if (this.selection.classes !== null) await this.readClasses(this.selection.classes, pageSize, sink);
  }

  /**
   * The class tables, narrowed by the server to the class window as the SQL is (each `q` filter
   * one read: a dropped enrollment's negative TERMID needs a second range, and the API's filter
   * has no OR that rollcall relies on). SECTIONTEACHER has no term of its own: its rows are kept
   * here when their section was read, so an export holds no teachers of earlier years either.
   */
  private async readClasses(window: ClassWindow, pageSize: number, sink: RecordSink): Promise<void> {
    const fromTerm = firstTermId(window);
    const filters: Record<ClassTable, Array<string | undefined>> = {
      sections: [`termid=ge=${fromTerm}`],
      courses: [undefined],
      terms: [`yearid=ge=${window.fromYearId}`],
      cc: [`termid=ge=${fromTerm}`, `termid=le=${-fromTerm}`],
      sectionteacher: [undefined],
      roledef: [undefined],
    };
    const sections = new Set<string>();
    for (const table of CLASS_TABLES) {
      for (const filter of filters[table]) {
        await this.readTable(
          table,
          this.projection(table),
          pageSize,
          sink,
          async (record) => {
            if (table === 'sections') sections.add(joinKey(record.id));
            if (table === 'sectionteacher' && !sections.has(joinKey(record.sectionid))) return;
            await sink.record(table, record);
          },
          filter,
        );
      }
    }
  }

  /** The columns asked of `table`, as the API names them. */
  private projection(table: PowerSchoolTable): string[] {
    return columnsRead(table, this.selection)
      .filter((c) => c !== 'CELLPHONE')
      .map((c) => c.toLowerCase());
  }

  private async pageSize(): Promise<number> {
    const answer = await this.client.getJson('/ws/v1/metadata');
    if (answer.status !== 200) throw this.failure(answer, '/ws/v1/metadata', undefined, []);
    return maxTablePageSize(answer.body) ?? FALLBACK_PAGE_SIZE;
  }

  private async readCellPhones(cellPhone: CellPhoneColumn, pageSize: number, sink: RecordSink): Promise<Map<string, string>> {
    const join = cellPhone.joinColumn.toLowerCase();
    const column = cellPhone.column.toLowerCase();
    const phones = new Map<string, string>();
    await this.readTable(cellPhone.table.toLowerCase(), [join, column], pageSize, sink, (record) => {
      const value = record[column];
      if (value === null || value === undefined || String(value).trim() === '') return;
      const key = joinKey(record[join]);
      const prior = phones.get(key);
      // As the SQL's MAX: should the table hold two rows for one user, the same one wins every run.
      if (prior === undefined || String(value) > prior) phones.set(key, String(value));
    });
    return phones;
  }

  /**
   * Every record of one table, page by page, until the count taken first is reached. An empty
   * page ends the read early (rows deleted meanwhile); rows added meanwhile wait for the next
   * run. Asking until the count is reached rather than for ceil(count / pageSize) pages copes
   * with a server that sends fewer records per page than asked. A total that differs from the
   * count is reported as a warning: the table changed during the read, so a record may have
   * been missed or seen twice.
   */
  private async readTable(
    table: string,
    columns: string[],
    pageSize: number,
    sink: RecordSink,
    onRecord: (record: Record<string, unknown>) => void | Promise<void>,
    filter?: string,
  ): Promise<void> {
    const path = `/ws/schema/table/${encodeURIComponent(table)}`;
    const q: Record<string, string> = filter === undefined ? {} : { q: filter };
    const counted = await this.client.getJson(`${path}/count`, q);
    if (counted.status !== 200) throw this.failure(counted, `${path}/count`, table, columns);
    const count = countOf(counted.body, `${path}/count`);
    let total = 0;
    // Each page that goes on holds at least one record, so this ends within `count` pages.
    for (let page = 1; total < count; page++) {
      const answer = await this.client.getJson(path, { projection: columns.join(','), ...q, page, pagesize: pageSize });
      if (answer.status !== 200) throw this.failure(answer, path, table, columns);
      const records = pageRecords(answer.body, table, path);
      if (records.length === 0) break;
      for (const record of records) await onRecord(record);
      total += records.length;
    }
    if (total !== count) {
      sink.issue({
        severity: 'warning',
        code: 'SOURCE_CHANGED_DURING_READ',
        file: table,
        message: `${table}${filter === undefined ? '' : ` (${filter})`}: PowerSchool counted ${count} records but sent ${total}; the table changed while it was read, so a record may be missing or repeated. Run again for a consistent read.`,
      });
    }
  }

  private failure(answer: JsonAnswer, path: string, table: string | undefined, columns: string[]): RollcallError {
    // A server may echo the request, token included, in its error: nothing credential-shaped is shown.
    const said = this.client.redact(serverMessage(answer.body));
    const tail = said === '' ? '' : ` (PowerSchool said: ${said})`;
    const isCellPhoneTable = table !== undefined && this.cellPhone !== null && table === this.cellPhone.table.toLowerCase();
    if (answer.status === 403 && table !== undefined) {
      const fields = columns.map((c) => `<field table="${table.toUpperCase()}" field="${c.toUpperCase()}" access="ViewOnly"/>`).join(' ');
      return new RollcallError(
        ErrorCodes.POWERSCHOOL,
        `the PowerSchool plugin has no access to table ${table} (HTTP 403 on GET ${path})${tail}: its plugin.xml needs, ` +
          `inside <access_request>, ${fields}; install the updated plugin and enable it again (see the README, PowerSchool REST API)` +
          ((CLASS_TABLES as readonly string[]).includes(table) || (table === 'schoolstaff' && columns.includes('id'))
            ? '. rollcall reads the class tables and SCHOOLSTAFF.ID because class groups are synced (powerschool.classes, or a section group set)'
            : ''),
        { details: { table, status: 403 } },
      );
    }
    if ((answer.status === 404 || answer.status === 400) && isCellPhoneTable) {
      return new RollcallError(
        ErrorCodes.POWERSCHOOL,
        `PowerSchool does not know table ${table} or its columns ${columns.join(', ')} (HTTP ${answer.status} on GET ${path})${tail}: ` +
          'check powerschool.rest.cellPhone (table, column, joinColumn)',
        { details: { table, status: answer.status } },
      );
    }
    return new RollcallError(
      ErrorCodes.POWERSCHOOL,
      `PowerSchool at ${this.client.host} answered HTTP ${answer.status} to GET ${path}${tail}`,
      { fault: answer.status >= 500 ? 'tool' : 'user', details: { table, status: answer.status } },
    );
  }
}

/** DCIDs arrive as text ("5001") from both tables; trimmed so that they meet. */
function joinKey(value: unknown): string {
  return value === null || value === undefined ? '' : String(value).trim();
}

function checkBaseUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new RollcallError(ErrorCodes.POWERSCHOOL, `powerschool.rest.baseUrl is not a URL: ${JSON.stringify(baseUrl)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new RollcallError(ErrorCodes.POWERSCHOOL, `powerschool.rest.baseUrl must be an http(s) address, not ${url.protocol}`);
  }
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    throw new RollcallError(
      ErrorCodes.POWERSCHOOL,
      `powerschool.rest.baseUrl must be an https:// address: over ${url.origin} the plugin's Client Secret, its token and every student record would travel unencrypted (plain http is accepted only for a server on this machine: localhost, 127.0.0.1 or ::1)`,
    );
  }
  if (url.username !== '' || url.password !== '') {
    throw new RollcallError(
      ErrorCodes.POWERSCHOOL,
      'powerschool.rest.baseUrl must not carry a user or password; the plugin signs in with its Client ID and Secret from the environment',
    );
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

function requiredEnv(env: NodeJS.ProcessEnv, name: string, what: string): string {
  const value = env[name];
  if (value === undefined || value.trim() === '') {
    throw new RollcallError(ErrorCodes.POWERSCHOOL, `the REST source needs ${what}: set the environment variable ${name}`);
  }
  return value.trim();
}
