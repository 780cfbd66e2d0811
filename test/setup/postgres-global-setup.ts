/**
 * Starts a throwaway PostgreSQL cluster for the whole test run and exposes its
 * URL as FLOE_TEST_POSTGRES_URL. Never skips: if PostgreSQL cannot start, the
 * run fails, so a PostgreSQL test can never silently pass by not running.
 * Set FLOE_TEST_POSTGRES_URL yourself to use an existing server instead.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PORT = 55432 + (process.pid % 1000);

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

export default function setup(): () => void {
  if (process.env.FLOE_TEST_POSTGRES_URL) return () => {};
  const bin = postgresBin();
  const dir = mkdtempSync(join(tmpdir(), 'floe-test-pg-'));
  chmodSync(dir, 0o777);
  if (process.getuid?.() === 0) execFileSync('chown', ['postgres:postgres', dir]);
  asPostgres(join(bin, 'initdb'), ['-D', join(dir, 'data'), '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C']);
  asPostgres(join(bin, 'pg_ctl'), [
    '-D', join(dir, 'data'), '-l', join(dir, 'log'), '-w', 'start',
    '-o', `-p ${PORT} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`,
  ]);
  process.env.FLOE_TEST_POSTGRES_URL = `postgres://postgres@127.0.0.1:${PORT}/postgres`;
  return () => {
    try {
      asPostgres(join(bin, 'pg_ctl'), ['-D', join(dir, 'data'), '-m', 'immediate', '-w', 'stop']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}
