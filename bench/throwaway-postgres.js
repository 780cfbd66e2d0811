/** A throwaway PostgreSQL cluster for the orchestrator benchmarks (the DESIGN.md recipe), or FLOE_BENCH_POSTGRES_URL. */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function startPostgres() {
  if (process.env.FLOE_BENCH_POSTGRES_URL) return { url: process.env.FLOE_BENCH_POSTGRES_URL, stop() {} };
  const bin = join('/usr/lib/postgresql', readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a))[0], 'bin');
  const dir = mkdtempSync(join(tmpdir(), 'floe-bench-pg-'));
  chmodSync(dir, 0o777);
  const asPostgres = (command, args) =>
    process.getuid?.() === 0 ? execFileSync('runuser', ['-u', 'postgres', '--', command, ...args], { stdio: 'pipe' }) : execFileSync(command, args, { stdio: 'pipe' });
  if (process.getuid?.() === 0) execFileSync('chown', ['postgres:postgres', dir]);
  const port = 57432 + (process.pid % 500);
  asPostgres(join(bin, 'initdb'), ['-D', join(dir, 'data'), '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C']);
  asPostgres(join(bin, 'pg_ctl'), ['-D', join(dir, 'data'), '-l', join(dir, 'log'), '-w', 'start', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200`]);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop() {
      try {
        asPostgres(join(bin, 'pg_ctl'), ['-D', join(dir, 'data'), '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
