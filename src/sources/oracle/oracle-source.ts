/**
 * PowerSchool read straight from its Oracle database: one connection, one query per table
 * (queries.ts, bind variables only), each result set streamed a batch at a time into the
 * shared row mapping and closed explicitly, then the connection closed, whatever fails.
 */
import type { OracleSourceConfig } from '../../config/types.js';
import { ErrorCodes, RollcallError, isRollcallError } from '../../errors.js';
import { checkCellPhoneColumn } from '../identifiers.js';
import { ACCOUNT_TABLES_ONLY, readRows, type PowerSchoolTable, type RecordSink, type RecordSource, type TableSelection } from '../records.js';
import type { SourceRows } from '../rows.js';
import { connectHost, describeConnectString, hasCredentials } from './connect-string.js';
import {
  OUT_FORMAT_OBJECT,
  connectWithOracledb,
  type OracleConnectionFactory,
  type OracleConnectionLike,
} from './connection.js';
import { explainOracleError, type OracleErrorContext } from './oracle-errors.js';
import { oracleQueries, type OracleQuery } from './queries.js';

/** The environment variables the D118 scripts use, and rollcall's defaults. */
export const ORACLE_ENV = {
  user: 'POWERSCHOOL_READ_USER',
  password: 'POWERSCHOOL_DB_PASSWORD',
  connectString: 'POWERSCHOOL_PROD_DB',
} as const;

const DEFAULTS: OracleSourceConfig = { passwordEnv: ORACLE_ENV.password, cellPhone: null, fetchArraySize: 1000 };

/** Row origins name the database table: `STUDENTS row 12`. */
export const oracleOriginFile = (table: PowerSchoolTable): string => table.toUpperCase();

export class OracleSource implements RecordSource {
  readonly description: string;
  private readonly config: OracleSourceConfig;
  private readonly connectString: string;
  private readonly user: string;
  private readonly context: Omit<OracleErrorContext, 'query' | 'secrets'>;
  private readonly queries: OracleQuery[];

  /**
   * Checks everything that can be checked without the database (connect string, user and
   * password present, cell-phone names) so that a bad setup fails before anything is read.
   * `config` is powerschool.oracle (defaults apply when absent); `env` supplies what config leaves
   * out; `selection` adds the class tables.
   */
  constructor(
    config: Partial<OracleSourceConfig> | undefined,
    private readonly env: NodeJS.ProcessEnv,
    private readonly connect: OracleConnectionFactory = connectWithOracledb,
    readonly selection: TableSelection = ACCOUNT_TABLES_ONLY,
  ) {
    this.config = { ...DEFAULTS, ...config };
    const connectFrom = config?.connectString !== undefined ? 'powerschool.oracle.connectString' : ORACLE_ENV.connectString;
    const userFrom = config?.user !== undefined ? 'powerschool.oracle.user' : ORACLE_ENV.user;
    this.connectString = required(
      config?.connectString ?? env[ORACLE_ENV.connectString],
      'the database to read, as host:port/service',
      `set the environment variable ${ORACLE_ENV.connectString} or powerschool.oracle.connectString`,
    );
    if (hasCredentials(this.connectString)) {
      throw new RollcallError(
        ErrorCodes.POWERSCHOOL,
        `${connectFrom} holds a user name or password (the part before @): give only host:port/service there, ` +
          `the user in ${ORACLE_ENV.user} (or powerschool.oracle.user) and the password in ${this.config.passwordEnv}`,
      );
    }
    this.user = required(
      config?.user ?? env[ORACLE_ENV.user],
      'the read-only database user',
      `set the environment variable ${ORACLE_ENV.user} or powerschool.oracle.user`,
    );
    required(env[this.config.passwordEnv], `the password of ${this.user}`, `set the environment variable ${this.config.passwordEnv}`);
    const cellPhone = this.config.cellPhone === null ? null : checkCellPhoneColumn(this.config.cellPhone, 'powerschool.oracle.cellPhone');
    this.queries = oracleQueries({ cellPhone, studentFilter: this.config.studentFilter, classes: selection.classes });
    const target = describeConnectString(this.connectString);
    this.description = `oracle ${target}`;
    this.context = { target, host: connectHost(this.connectString), connectFrom, user: this.user, userFrom, passwordEnv: this.config.passwordEnv };
  }

  read(): Promise<SourceRows> {
    return readRows(this, oracleOriginFile);
  }

  async readRecords(sink: RecordSink): Promise<void> {
    const password = this.env[this.config.passwordEnv] ?? '';
    const context = { ...this.context, secrets: [password] };
    let connection: OracleConnectionLike;
    try {
      connection = await this.connect({ user: this.user, password, connectString: this.connectString });
    } catch (err) {
      throw explainOracleError(err, context);
    }
    let failed = false;
    try {
      for (const query of this.queries) await this.stream(connection, query, sink, context);
    } catch (err) {
      failed = true;
      throw err;
    } finally {
      try {
        await connection.close();
      } catch (err) {
        // A close that fails after a failed read must not hide the error that matters.
        if (!failed) throw explainOracleError(err, context);
      }
    }
  }

  private async stream(connection: OracleConnectionLike, query: OracleQuery, sink: RecordSink, context: OracleErrorContext): Promise<void> {
    const explain = (err: unknown) => (isRollcallError(err) ? err : explainOracleError(err, { ...context, query }));
    const batch = this.config.fetchArraySize;
    let result;
    try {
      result = await connection.execute(query.sql, query.binds, { resultSet: true, outFormat: OUT_FORMAT_OBJECT, fetchArraySize: batch });
    } catch (err) {
      throw explain(err);
    }
    const resultSet = result.resultSet;
    if (resultSet === undefined) {
      throw new RollcallError(ErrorCodes.INTERNAL, `the ${query.table} query returned no result set`);
    }
    let failed = false;
    try {
      // Until an empty batch rather than a short one: one more round trip per table is cheap,
      // and a batch cut short for any other reason must not end the read early.
      for (let rows = await resultSet.getRows(batch); rows.length > 0; rows = await resultSet.getRows(batch)) {
        for (const row of rows) await sink.record(query.table, row);
      }
    } catch (err) {
      failed = true;
      throw explain(err);
    } finally {
      // The result set's iterator would not close it; an open one holds a server cursor.
      try {
        await resultSet.close();
      } catch (err) {
        if (!failed) throw explain(err);
      }
    }
  }
}

function required(value: string | undefined, what: string, fix: string): string {
  const text = value?.trim() ?? '';
  if (text === '') throw new RollcallError(ErrorCodes.POWERSCHOOL, `the Oracle source needs ${what}: ${fix}`);
  return text;
}
