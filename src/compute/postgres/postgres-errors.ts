/** pg's errors → SqlError (statement failures) or FLOE_COMPUTE_CONNECT (the server could not be reached). */
import { FloeError } from '../../errors/index.js';
import { SqlError, lineAndColumnAt } from '../sql-error.js';
import { redactPassword, type PostgresSettings } from './postgres-config.js';

interface PgErrorFields {
  message?: string;
  code?: string;
  position?: string;
  hint?: string;
  detail?: string;
  /** Context, e.g. "COPY seed, line 3, column amount: …". */
  where?: string;
}

const SQLSTATE = /^[0-9A-Z]{5}$/;
const QUERY_CANCELED = '57014';

/** True when the error came from the server about a statement (it has a SQLSTATE), not from the socket. */
export function isServerError(error: unknown): boolean {
  return typeof (error as PgErrorFields | undefined)?.code === 'string' && SQLSTATE.test((error as PgErrorFields).code ?? '');
}

export function postgresErrorToSqlError(error: unknown, sql: string, settings: PostgresSettings): FloeError {
  if (!isServerError(error)) return connectionError(error, settings, 'lost the connection to');
  const fields = error as PgErrorFields;
  const context = fields.where && /^COPY /.test(fields.where) ? ` (${fields.where})` : '';
  const message = redactPassword((fields.message ?? String(error)) + context, settings.password);
  if (fields.code === QUERY_CANCELED) {
    return new SqlError(`statement cancelled: ${message}`, sql, { code: 'FLOE_COMPUTE_CANCELLED', engineCode: fields.code, cause: error });
  }
  const offset = fields.position === undefined ? NaN : Number(fields.position);
  const where = Number.isFinite(offset) && offset > 0 ? lineAndColumnAt(sql, offset) : undefined;
  return new SqlError(message, sql, {
    engineCode: fields.code,
    sqlLine: where?.line,
    sqlColumn: where?.column,
    hint: fields.hint ?? fields.detail,
    cause: error,
  });
}

/** FLOE_COMPUTE_CONNECT naming host, port, database and user — never the password. */
export function connectionError(error: unknown, settings: PostgresSettings, verb = 'could not connect to'): FloeError {
  const raw = error instanceof Error ? error.message : String(error);
  const reason = redactPassword(raw, settings.password);
  const code = (error as PgErrorFields | undefined)?.code;
  let hint = `check host, port and that the server is running and reachable`;
  if (code === '28P01' || code === '28000') hint = 'check the user and password in the target (the password is not shown)';
  // pg's own words for "the server asked for a password and none was given" help nobody.
  else if (/client password must be a string/.test(raw)) {
    return new FloeError(
      'FLOE_COMPUTE_CONNECT',
      `${verb} PostgreSQL at ${settings.host}:${settings.port} (database '${settings.dbname}', user '${settings.user}'): the server asks for a password and none was given`,
      { hint: "set 'password' in the profile target (e.g. \"{{ env_var('PGPASSWORD') }}\"), or connection_secret_ref on the approved compute in manifest.yaml" },
    );
  }
  else if (code === '3D000') hint = `create the database '${settings.dbname}' or fix 'dbname' in the target`;
  else if (/timeout/i.test(raw)) hint = `the server did not answer in time: check host and port, or raise connect_timeout`;
  return new FloeError(
    'FLOE_COMPUTE_CONNECT',
    `${verb} PostgreSQL at ${settings.host}:${settings.port} (database '${settings.dbname}', user '${settings.user}'): ${reason}`,
    { hint, cause: undefined },
  );
}
