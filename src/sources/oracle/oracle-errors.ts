/**
 * node-oracledb errors turned into messages that say what to do. The driver's own text is used
 * only as a last resort, first line only and with the password scrubbed out; the connect
 * string appears as host:port/service (describeConnectString), never with credentials.
 */
import { ErrorCodes, RollcallError } from '../../errors.js';
import { CLASS_TABLES } from '../records.js';
import type { OracleQuery } from './queries.js';

export interface OracleErrorContext {
  /** What was being done: connecting, or running one table's query. */
  query?: OracleQuery;
  /** host:port/service as shown to the user, and where it came from (env var or config key). */
  target: string;
  host: string;
  connectFrom: string;
  user: string;
  userFrom: string;
  passwordEnv: string;
  /** Values that must never appear in a message (the password). */
  secrets: readonly string[];
}

/** UNREACHABLE family: the driver never got a database session. */
const UNREACHABLE: Record<string, string> = {
  'NJS-503': 'the connection could not be established',
  'NJS-510': 'the connection timed out',
  'NJS-511': 'the listener refused the connection',
  'NJS-530': 'the host name could not be resolved',
};

export function oracleErrorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^(ORA|NJS|DPI)-\d+$/.test(code)) return code;
  const message = (err as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? /^((?:ORA|NJS|DPI)-\d+)/.exec(message)?.[1] : undefined;
}

export function explainOracleError(err: unknown, ctx: OracleErrorContext): RollcallError {
  const code = oracleErrorCode(err);
  const doing = ctx.query ? `reading ${ctx.query.table} from ${ctx.target}` : `connecting to ${ctx.target} as ${ctx.user}`;
  const fail = (message: string, fault: 'user' | 'tool' = 'user') =>
    new RollcallError(ErrorCodes.POWERSCHOOL, scrub(message, ctx.secrets), {
      fault,
      details: { oracleCode: code, host: ctx.host, ...(ctx.query ? { table: ctx.query.table } : {}) },
      cause: err,
    });

  if (code !== undefined && code in UNREACHABLE) {
    return fail(
      `cannot reach the PowerSchool database at ${ctx.host} (${ctx.target}): ${UNREACHABLE[code]} [${code}]. ` +
        `Check the host and port in ${ctx.connectFrom}, that this machine's network and firewall let it reach ` +
        `that port, and that the database listener is running.`,
    );
  }
  switch (code) {
    case 'NJS-518':
    case 'NJS-519':
      return fail(
        `the database listener at ${ctx.host} answered but does not know the service in ${ctx.target} [${code}]: ` +
          `check the service name (after the /) in ${ctx.connectFrom}.`,
      );
    case 'NJS-116':
      return fail(
        `the database account ${ctx.user} has only an old (10G) password verifier, which node-oracledb thin mode ` +
          `(what rollcall uses) cannot log in with [NJS-116]. Thick mode with Oracle Instant Client could, but ` +
          `rollcall runs in thin mode, so the DBA must give the account a 12c verifier: reset its password on the ` +
          `database (ALTER USER ${ctx.user} IDENTIFIED BY a new password) with SEC_CASE_SENSITIVE_LOGON = TRUE and ` +
          `SQLNET.ALLOWED_LOGON_VERSION_SERVER at 11 or higher, then check that DBA_USERS.PASSWORD_VERSIONS for ` +
          `${ctx.user} lists 11G or 12C. Put the new password in ${ctx.passwordEnv}.`,
      );
    case 'NJS-533':
      return fail(
        `the database at ${ctx.host} requires Oracle native network encryption or data integrity, which ` +
          `node-oracledb thin mode (what rollcall uses) cannot provide [NJS-533]. Ask the DBA to offer TLS instead ` +
          `(a TCPS listener, then set ${ctx.connectFrom} to tcps://${ctx.host}:PORT/SERVICE), or to set ` +
          `SQLNET.ENCRYPTION_SERVER and SQLNET.CRYPTO_CHECKSUM_SERVER to ACCEPTED or REQUESTED instead of REQUIRED ` +
          `in the server's sqlnet.ora, on a network path that is otherwise protected (a VPN or private network).`,
      );
    case 'ORA-01017':
      return fail(
        `the PowerSchool database rejected the user name or password for ${ctx.user} [ORA-01017]: check the user ` +
          `in ${ctx.userFrom} and the password in the environment variable ${ctx.passwordEnv} (stray spaces and ` +
          `quotes count).`,
      );
    case 'ORA-28000':
      return fail(`the database account ${ctx.user} is locked [ORA-28000]: ask the DBA to unlock it (ALTER USER ${ctx.user} ACCOUNT UNLOCK).`);
    case 'ORA-28001':
      return fail(
        `the password of database account ${ctx.user} has expired [ORA-28001]: ask the DBA to set a new one, ` +
          `then put it in ${ctx.passwordEnv}.`,
      );
    case 'ORA-00942': {
      const tables = ctx.query?.reads ?? [];
      return fail(
        `${doing}: table or view ${tables.join(' or ') || '(unknown)'} does not exist or ${ctx.user} may not ` +
          `read it [ORA-00942]. The DBA must grant read access: ` +
          `${tables.map((t) => `GRANT SELECT ON ${t} TO ${ctx.user}`).join('; ')}` +
          (isCellPhoneLookup(ctx.query) ? `; and check powerschool.oracle.cellPhone.table names the district's table.` : '.') +
          (isClassTable(ctx.query) ? ' (rollcall reads the class tables because class groups are synced: powerschool.classes, or a section group set.)' : ''),
      );
    }
    case 'ORA-00904':
      if (isCellPhoneLookup(ctx.query)) {
        return fail(
          `${doing}: a column of the cell-phone lookup does not exist in ${ctx.query.reads[1]} [ORA-00904]: ` +
            `check powerschool.oracle.cellPhone.column and joinColumn.`,
        );
      }
      break;
  }
  return fail(`PowerSchool database error while ${doing}${code ? ` [${code}]` : ''}: ${firstLine(err)}`, 'tool');
}

function isClassTable(query: OracleQuery | undefined): boolean {
  return query !== undefined && (CLASS_TABLES as readonly string[]).includes(query.table);
}

/** The USERS query joining the district's cell-phone table: its second table is the district's own. */
function isCellPhoneLookup(query: OracleQuery | undefined): query is OracleQuery {
  return query !== undefined && query.table === 'users' && query.reads.length > 1;
}

function firstLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split('\n', 1)[0]!.trim();
}

function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length > 0) out = out.split(secret).join('***');
  return out;
}
