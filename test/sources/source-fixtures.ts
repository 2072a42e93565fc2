/**
 * Shared by the source tests: the fixture district as each source would see it, a stub Oracle
 * connection that replays recorded result sets through the node-oracledb calls the source makes,
 * and origin normalisation (each source names its tables differently in row origins).
 */
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCsv } from '../../src/sources/csv.js';
import type {
  OracleBind,
  OracleConnectParams,
  OracleConnectionFactory,
  OracleConnectionLike,
  OracleExecuteOptions,
  OracleResultSetLike,
} from '../../src/sources/oracle/connection.js';
import { POWERSCHOOL_TABLES, type PowerSchoolTable } from '../../src/sources/records.js';
import type { SourceRows } from '../../src/sources/rows.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURE_DIR = path.join(ROOT, 'fixtures/powerschool');
export const FIXTURE_CONFIG = path.join(ROOT, 'fixtures/district.config.json');
export const FIXTURE_SNAPSHOT = path.join(ROOT, 'fixtures/google-snapshot.jsonl');

export type TableRecords = Record<PowerSchoolTable, Array<Record<string, unknown>>>;

/** The NUMBER columns of each table: Oracle hands them over as JavaScript numbers. */
const NUMBER_COLUMNS: Record<PowerSchoolTable, ReadonlySet<string>> = {
  schools: new Set(['SCHOOL_NUMBER', 'STATE_EXCLUDEFROMREPORTING']),
  students: new Set(['DCID', 'ID', 'STUDENT_NUMBER', 'GRADE_LEVEL', 'SCHOOLID', 'ENROLL_STATUS', 'CLASSOF']),
  users: new Set(['DCID', 'HOMESCHOOLID']),
  schoolstaff: new Set(['USERS_DCID', 'SCHOOLID', 'STATUS', 'STAFFSTATUS']),
};

/**
 * A CSV fixture directory as the Oracle queries would return it: UPPERCASE keys, NUMBER columns
 * as numbers, and empty values as null (Oracle stores '' as NULL).
 */
export async function oracleRecordsFromCsv(dir: string): Promise<TableRecords> {
  const out = {} as TableRecords;
  for (const table of POWERSCHOOL_TABLES) {
    const file = path.join(dir, `${table}.csv`);
    const records: Array<Record<string, unknown>> = [];
    let header: string[] | undefined;
    for await (const { fields } of parseCsv(createReadStream(file), file)) {
      if (header === undefined) {
        header = fields.map((f) => f.trim().toUpperCase());
        continue;
      }
      const record: Record<string, unknown> = {};
      header.forEach((column, i) => {
        const text = fields[i] ?? '';
        if (text === '') record[column] = null;
        else if (NUMBER_COLUMNS[table].has(column)) {
          const n = Number(text);
          if (!Number.isFinite(n)) throw new Error(`${file}: ${column} "${text}" could not be an Oracle NUMBER`);
          record[column] = n;
        } else record[column] = text;
      });
      records.push(record);
    }
    out[table] = records;
  }
  return out;
}

/** Which table a statement reads: the FROM of its outer query. */
export function tableOfSql(sql: string): PowerSchoolTable {
  const match = /\bFROM\s+(schools|students|users|schoolstaff)\s+\w+\s*(?:WHERE|ORDER)/i.exec(sql);
  if (!match) throw new Error(`stub: no PowerSchool table in ${sql}`);
  return match[1]!.toLowerCase() as PowerSchoolTable;
}

export interface StubExecute {
  sql: string;
  binds: Record<string, OracleBind>;
  options: OracleExecuteOptions;
  table: PowerSchoolTable;
  resultSet?: StubResultSet;
}

export class StubResultSet implements OracleResultSetLike {
  closed = 0;
  readonly fetches: number[] = [];
  private position = 0;

  constructor(
    private readonly rows: Array<Record<string, unknown>>,
    private readonly failOnFetch?: { at: number; error: unknown },
  ) {}

  async getRows(count: number): Promise<Array<Record<string, unknown>>> {
    if (this.closed > 0) throw Object.assign(new Error('NJS-018: invalid ResultSet'), { code: 'NJS-018' });
    this.fetches.push(count);
    if (this.failOnFetch !== undefined && this.fetches.length === this.failOnFetch.at) throw this.failOnFetch.error;
    const batch = this.rows.slice(this.position, this.position + count);
    this.position += batch.length;
    // Copies, as the driver builds a new object per row.
    return batch.map((row) => ({ ...row }));
  }

  async close(): Promise<void> {
    this.closed++;
  }
}

export interface StubFaults {
  /** execute() rejects for this table. */
  execute?: Partial<Record<PowerSchoolTable, unknown>>;
  /** getRows() rejects on its Nth call for this table. */
  fetch?: Partial<Record<PowerSchoolTable, { at: number; error: unknown }>>;
  /** close() of the connection rejects. */
  close?: unknown;
}

/** A connection that replays `records` for whichever table each statement reads. */
export class StubOracleConnection implements OracleConnectionLike {
  readonly executes: StubExecute[] = [];
  closed = 0;

  constructor(
    private readonly records: TableRecords,
    private readonly faults: StubFaults = {},
  ) {}

  async execute(sql: string, binds: Record<string, OracleBind>, options: OracleExecuteOptions): Promise<{ resultSet?: OracleResultSetLike }> {
    const table = tableOfSql(sql);
    const call: StubExecute = { sql, binds, options, table };
    this.executes.push(call);
    const fault = this.faults.execute?.[table];
    if (fault !== undefined) throw fault;
    call.resultSet = new StubResultSet(this.records[table], this.faults.fetch?.[table]);
    return { resultSet: call.resultSet };
  }

  async close(): Promise<void> {
    this.closed++;
    if (this.faults.close !== undefined) throw this.faults.close;
  }
}

/** A factory handing out `connection`, remembering what it was asked to connect with. */
export function stubFactory(connection: StubOracleConnection | { error: unknown }): OracleConnectionFactory & { calls: OracleConnectParams[] } {
  const calls: OracleConnectParams[] = [];
  const factory = async (params: OracleConnectParams) => {
    calls.push(params);
    if ('error' in connection) throw connection.error;
    return connection;
  };
  return Object.assign(factory, { calls });
}

/** A driver-shaped error: node-oracledb sets `code` (ORA-01017, NJS-503) and starts the message with it. */
export function oracleError(code: string, text: string): Error {
  return Object.assign(new Error(`${code}: ${text}`), { code });
}

/**
 * Rows with every origin file named as the file source names it (`students.csv`), in origins,
 * issues and issue messages, so rows from any source can be compared with the file source's.
 */
export function asFileOrigins(rows: SourceRows, originFile: (table: PowerSchoolTable) => string): SourceRows {
  const rename = new Map(POWERSCHOOL_TABLES.map((t) => [originFile(t), `${t}.csv`]));
  const file = (name: string) => rename.get(name) ?? name;
  const fix = <T extends { origin: { file: string; row: number } }>(items: T[]): T[] =>
    items.map((item) => ({ ...item, origin: { ...item.origin, file: file(item.origin.file) } }));
  return {
    schools: fix(rows.schools),
    students: fix(rows.students),
    users: fix(rows.users),
    schoolStaff: fix(rows.schoolStaff),
    issues: rows.issues.map((issue) => {
      const renamed = file(issue.file);
      const message = issue.message.startsWith(`${issue.file} `) ? `${renamed}${issue.message.slice(issue.file.length)}` : issue.message;
      return { ...issue, file: renamed, message };
    }),
  };
}
