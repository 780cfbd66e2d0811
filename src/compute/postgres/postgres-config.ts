/** A PostgreSQL target's settings as the `pg` pool wants them (dbt's keys and aliases accepted). */
import type { PoolConfig } from 'pg';
import type { CreateAdapterOptions } from '../adapter.js';
import { TargetSettings, type LooseTargetConfig } from '../target-config.js';
import { plainTypeParsers } from './postgres-values.js';

export interface PostgresSettings {
  host: string;
  port: number;
  user: string;
  password?: string;
  dbname: string;
  schema: string;
  /** Sessions that may run at once. */
  threads: number;
  pool: PoolConfig;
}

export function readPostgresSettings(config: LooseTargetConfig, options: CreateAdapterOptions): PostgresSettings {
  const settings = new TargetSettings(config, 'postgres');
  const host = settings.requiredString('host');
  const port = settings.positiveInteger('port') ?? 5432;
  const user = settings.requiredString('user', ['username']);
  const password = settings.string('password', ['pass']);
  const dbname = settings.requiredString('dbname', ['database']);
  const schema = settings.string('schema') ?? 'public';
  const threads = options.threads ?? settings.positiveInteger('threads') ?? 4;
  const connectTimeout = settings.positiveInteger('connect_timeout') ?? 10;
  const sslmode = settings.string('sslmode');
  return {
    host,
    port,
    user,
    password,
    dbname,
    schema,
    threads,
    pool: {
      host,
      port,
      user,
      password,
      database: dbname,
      // One session per thread, plus one so a caller holding a session for
      // bookkeeping (run hooks, metadata) never starves the workers.
      max: threads + 1,
      connectionTimeoutMillis: connectTimeout * 1000,
      application_name: 'floe',
      ssl: sslFromMode(sslmode),
      types: plainTypeParsers,
    },
  };
}

/** libpq's sslmode mapped onto node-postgres (which has no "prefer": it connects without TLS then). */
function sslFromMode(mode: string | undefined): PoolConfig['ssl'] {
  switch (mode) {
    case 'require':
      return { rejectUnauthorized: false };
    case 'verify-ca':
    case 'verify-full':
      return { rejectUnauthorized: true };
    default:
      return false;
  }
}

/** Remove the password from any text we show (defence in depth: the driver does not echo it). */
export function redactPassword(text: string, password: string | undefined): string {
  if (!password || password.length < 4) return text;
  return text.split(password).join('***');
}
