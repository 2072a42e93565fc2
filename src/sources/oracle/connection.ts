/**
 * The slice of node-oracledb the Oracle source uses, as an interface: production passes
 * oracledb.getConnection, tests a stub that replays recorded result sets through the same calls.
 */
import oracledb from 'oracledb';

export interface OracleConnectParams {
  user: string;
  password: string;
  connectString: string;
}

/** A bind value: always typed, so a null binds as a NUMBER rather than a guessed VARCHAR2. */
export interface OracleBind {
  type: oracledb.DbType;
  val: number | null;
}

export interface OracleExecuteOptions {
  resultSet: true;
  outFormat: number;
  fetchArraySize: number;
}

export interface OracleResultSetLike {
  /** Up to `count` more rows; an empty array once the rows are exhausted. */
  getRows(count: number): Promise<Array<Record<string, unknown>>>;
  close(): Promise<void>;
}

export interface OracleConnectionLike {
  execute(
    sql: string,
    binds: Record<string, OracleBind>,
    options: OracleExecuteOptions,
  ): Promise<{ resultSet?: OracleResultSetLike | undefined }>;
  close(): Promise<void>;
}

export type OracleConnectionFactory = (params: OracleConnectParams) => Promise<OracleConnectionLike>;

/** Rows as objects keyed by column name (UPPERCASE, as Oracle names unquoted aliases). */
export const OUT_FORMAT_OBJECT = oracledb.OUT_FORMAT_OBJECT;
export const NUMBER_BIND_TYPE = oracledb.DB_TYPE_NUMBER;

/** node-oracledb in thin mode (its default: no Oracle client libraries are loaded). */
export const connectWithOracledb: OracleConnectionFactory = async (params) => {
  const connection = await oracledb.getConnection({ ...params });
  return {
    execute: async (sql, binds, options) => {
      const result = await connection.execute<Record<string, unknown>>(sql, binds, options);
      return { resultSet: result.resultSet };
    },
    close: () => connection.close(),
  };
};
