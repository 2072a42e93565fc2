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
import { CLASS_TABLES, POWERSCHOOL_TABLES, type PowerSchoolTable } from '../../src/sources/records.js';
import type { SourceRows } from '../../src/sources/rows.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURE_DIR = path.join(ROOT, 'fixtures/powerschool');
export const FIXTURE_CONFIG = path.join(ROOT, 'fixtures/district.config.json');
export const FIXTURE_SNAPSHOT = path.join(ROOT, 'fixtures/google-snapshot.jsonl');

export type TableRecords = Partial<Record<PowerSchoolTable, Array<Record<string, unknown>>>>;

/** The NUMBER columns of each table: Oracle hands them over as JavaScript numbers (dates come as text from TO_CHAR). */
const NUMBER_COLUMNS: Record<PowerSchoolTable, ReadonlySet<string>> = {
  schools: new Set(['SCHOOL_NUMBER', 'STATE_EXCLUDEFROMREPORTING']),
  students: new Set(['DCID', 'ID', 'STUDENT_NUMBER', 'GRADE_LEVEL', 'SCHOOLID', 'ENROLL_STATUS', 'CLASSOF']),
  users: new Set(['DCID', 'HOMESCHOOLID']),
  schoolstaff: new Set(['ID', 'USERS_DCID', 'SCHOOLID', 'STATUS', 'STAFFSTATUS']),
  sections: new Set(['ID', 'SCHOOLID', 'TERMID', 'TEACHER']),
  courses: new Set(),
  terms: new Set(['ID', 'SCHOOLID', 'YEARID']),
  cc: new Set(['STUDENTID', 'SECTIONID', 'TERMID']),
  sectionteacher: new Set(['SECTIONID', 'TEACHERID', 'ROLEID']),
  roledef: new Set(['ID']),
};

/** Every table the fixture directory holds: the account tables and the class tables. */
export const ALL_TABLES: readonly PowerSchoolTable[] = [...POWERSCHOOL_TABLES, ...CLASS_TABLES];

/**
 * A CSV fixture directory as the Oracle queries would return it: UPPERCASE keys, NUMBER columns
 * as numbers, and empty values as null (Oracle stores '' as NULL).
 */
export async function oracleRecordsFromCsv(dir: string, tables: readonly PowerSchoolTable[] = ALL_TABLES): Promise<TableRecords> {
  const out: TableRecords = {};
  for (const table of tables) {
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

/** Which table a statement reads: the FROM of its outer query (the first FROM with an alias). */
export function tableOfSql(sql: string): PowerSchoolTable {
  const match = /\bFROM\s+(schools|students|users|schoolstaff|sections|courses|terms|cc|sectionteacher|roledef)\s+\w+\s*(?:WHERE|ORDER)/i.exec(sql);
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
    const rows = this.records[table];
    if (rows === undefined) throw new Error(`stub: no ${table} records recorded`);
    call.resultSet = new StubResultSet(rows, this.faults.fetch?.[table]);
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
  const rename = new Map(ALL_TABLES.map((t) => [originFile(t), `${t}.csv`]));
  const file = (name: string) => rename.get(name) ?? name;
  const fix = <T extends { origin: { file: string; row: number } }>(items: T[]): T[] =>
    items.map((item) => ({ ...item, origin: { ...item.origin, file: file(item.origin.file) } }));
  const classes = rows.classes;
  return {
    schools: fix(rows.schools),
    students: fix(rows.students),
    users: fix(rows.users),
    schoolStaff: fix(rows.schoolStaff),
    ...(classes === undefined
      ? {}
      : {
          classes: {
            sections: fix(classes.sections),
            courses: fix(classes.courses),
            terms: fix(classes.terms),
            enrollments: fix(classes.enrollments),
            sectionTeachers: fix(classes.sectionTeachers),
            roles: fix(classes.roles),
          },
        }),
    issues: rows.issues.map((issue) => {
      const renamed = file(issue.file);
      const message = issue.message.startsWith(`${issue.file} `) ? `${renamed}${issue.message.slice(issue.file.length)}` : issue.message;
      return { ...issue, file: renamed, message };
    }),
  };
}

/**
 * Rows as sets: each table's rows (and the issues) sorted, row numbers left out, for sources
 * that read some table in another order (REST reads CC in two ranges).
 */
export function asRowSets(rows: SourceRows): unknown {
  const plain = JSON.parse(JSON.stringify(rows, (key, value: unknown) => (key === 'row' ? undefined : value))) as Record<string, unknown>;
  const sorted = (items: unknown[]) => items.map((item) => JSON.stringify(item).replace(/ row \d+:/, ' row N:')).sort();
  const classes = plain.classes as Record<string, unknown[]> | undefined;
  return {
    ...Object.fromEntries(Object.entries(plain).map(([k, v]) => [k, Array.isArray(v) ? sorted(v) : v])),
    classes: classes === undefined ? undefined : Object.fromEntries(Object.entries(classes).map(([k, v]) => [k, sorted(v)])),
  };
}
