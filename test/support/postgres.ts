/**
 * Per-test-file databases on the throwaway cluster started by
 * test/setup/postgres-global-setup.ts. Each call creates a fresh, empty
 * database so test files never see each other's tables.
 *
 * The cluster checks passwords (scram-sha-256): connect with `url`, or with
 * `host`/`port`/`user`/`password`; leaving the password out fails.
 */
import pg from 'pg';

export function postgresServerUrl(): string {
  const url = process.env.FLOE_TEST_POSTGRES_URL;
  if (!url) throw new Error('FLOE_TEST_POSTGRES_URL is not set: the PostgreSQL global setup did not run.');
  return url;
}

export interface TestDatabase {
  /** `postgres://user:password@host:port/name`, the password percent-encoded. */
  url: string;
  name: string;
  host: string;
  port: number;
  user: string;
  /** The role's password, decoded (what a secret reference resolves to). */
  password: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(prefix = 'floe_test'): Promise<TestDatabase> {
  const serverUrl = postgresServerUrl();
  const name = `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const parsed = new URL(serverUrl);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    host: parsed.hostname,
    port: Number(parsed.port || 5432),
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}
