/**
 * Starts a throwaway PostgreSQL cluster for the whole test run and exposes its
 * URL as FLOE_TEST_POSTGRES_URL. Never skips: if PostgreSQL cannot start, the
 * run fails, so a PostgreSQL test can never silently pass by not running.
 * Set FLOE_TEST_POSTGRES_URL yourself to use an existing server instead (its
 * user must be allowed to create databases).
 *
 * The cluster authenticates every connection with scram-sha-256, and the tests
 * connect as a non-superuser role with a password, so a password that never
 * reaches the driver (a dropped secret reference, a URL that loses it) fails
 * the tests instead of being waved through by `trust`.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const PORT = 55432 + (process.pid % 1000);
const TEST_ROLE = 'floe_tester';

function postgresBin(): string {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) throw new Error('PostgreSQL is not installed (no /usr/lib/postgresql). Run .ci/run or `apt-get install -y postgresql`.');
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  return join(root, versions[0], 'bin');
}

function asPostgres(command: string, args: string[]): void {
  const isRoot = process.getuid?.() === 0;
  if (isRoot) execFileSync('runuser', ['-u', 'postgres', '--', command, ...args], { stdio: 'pipe' });
  else execFileSync(command, args, { stdio: 'pipe' });
}

/** Characters a URL must escape, so code that builds or parses connection URLs by hand is caught too. */
function newPassword(): string {
  return `floe:${randomBytes(9).toString('base64url')}@/#%`;
}

export default async function setup(): Promise<() => void> {
  if (process.env.FLOE_TEST_POSTGRES_URL) return () => {};
  const bin = postgresBin();
  const dir = mkdtempSync(join(tmpdir(), 'floe-test-pg-'));
  chmodSync(dir, 0o777);
  const isRoot = process.getuid?.() === 0;
  if (isRoot) execFileSync('chown', ['postgres:postgres', dir]);
  const superuserPassword = newPassword();
  const passwordFile = join(dir, 'superuser-password');
  writeFileSync(passwordFile, `${superuserPassword}\n`, { mode: 0o600 });
  if (isRoot) chownSync(passwordFile, Number(execFileSync('id', ['-u', 'postgres']).toString()), Number(execFileSync('id', ['-g', 'postgres']).toString()));
  asPostgres(join(bin, 'initdb'), [
    '-D', join(dir, 'data'), '-U', 'postgres', '--auth=scram-sha-256', `--pwfile=${passwordFile}`, '-E', 'UTF8', '--locale=C',
  ]);
  rmSync(passwordFile);
  asPostgres(join(bin, 'pg_ctl'), [
    '-D', join(dir, 'data'), '-l', join(dir, 'log'), '-w', 'start',
    '-o', `-p ${PORT} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200 -c password_encryption=scram-sha-256`,
  ]);
  const testPassword = newPassword();
  const admin = new pg.Client({ host: '127.0.0.1', port: PORT, user: 'postgres', password: superuserPassword, database: 'postgres' });
  await admin.connect();
  try {
    // Not a superuser: the tests run with the rights a platform would give floe (its own databases).
    await admin.query(`CREATE ROLE ${TEST_ROLE} LOGIN CREATEDB PASSWORD '${testPassword.replaceAll("'", "''")}'`);
  } finally {
    await admin.end();
  }
  process.env.FLOE_TEST_POSTGRES_URL = `postgres://${TEST_ROLE}:${encodeURIComponent(testPassword)}@127.0.0.1:${PORT}/postgres`;
  return () => {
    try {
      asPostgres(join(bin, 'pg_ctl'), ['-D', join(dir, 'data'), '-m', 'immediate', '-w', 'stop']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}
