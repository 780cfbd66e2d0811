/**
 * The orchestrator services' database: `--database-url` / FLOE_DATABASE_URL,
 * a `postgres://` URL or an SQLite file (a path, or `sqlite:` + path).
 * Services open it without migrating it: an outdated schema is refused with
 * FLOE_STATE_NOT_MIGRATED, whose hint names `floe orchestrator migrate`.
 */
import { resolve } from 'node:path';
import { FloeError } from '../../errors/index.js';
import { openStateStore, type OpenStateStoreOptions, type StateStore, type StateStoreConfig } from '../state/index.js';

export const DATABASE_URL_ENV = 'FLOE_DATABASE_URL';

export function stateStoreConfigFromUrl(url: string | undefined, options: { schema?: string; poolSize?: number } = {}): StateStoreConfig {
  const text = url?.trim();
  if (!text) {
    throw new FloeError('FLOE_DATABASE_URL_MISSING', 'No orchestrator database is configured.', {
      hint: `Pass --database-url postgres://user:password@host:5432/floe (or an SQLite file), or set ${DATABASE_URL_ENV}.`,
    });
  }
  if (/^postgres(ql)?:\/\//i.test(text)) return { kind: 'postgres', url: text, ...(options.schema ? { schema: options.schema } : {}), ...(options.poolSize ? { poolSize: options.poolSize } : {}) };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text) && !/^sqlite:/i.test(text) && !/^file:/i.test(text)) {
    throw new FloeError('FLOE_DATABASE_URL_INVALID', `The database URL ${text.split('://')[0]}://… is neither PostgreSQL nor an SQLite file.`, {
      hint: 'Use postgres://user:password@host:5432/database, or the path of an SQLite file.',
    });
  }
  const path = text.replace(/^sqlite:(\/\/)?/i, '').replace(/^file:(\/\/)?/i, '');
  return { kind: 'sqlite', path: resolve(path) };
}

/** The store a service works on: opened, never migrated (that is `floe orchestrator migrate`'s job). */
export async function openServiceStateStore(config: StateStoreConfig, options: Omit<OpenStateStoreOptions, 'migrate'> = {}): Promise<StateStore> {
  return openStateStore(config, { ...options, migrate: 'none' });
}
