#!/usr/bin/env node
// The run-list API under load: 10,000 runs in a PostgreSQL store, the real
// `floe orchestrator webserver` in its own process, autocannon in this one.
// Baselines in the same run: /health on the same server (HTTP + framework
// floor) and the store's own listRuns query called directly (database floor).
// Usage: node bench/run-list-api-bench.js [--runs 10000 --seconds 10 --connections 10]
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg, cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { startPostgres } from './throwaway-postgres.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const RUNS = option('runs', 10_000);
const SECONDS = option('seconds', 10);
const CONNECTIONS = option('connections', 10);
const TOKEN = 'bench-admin-token-0123456789abcdef';
const PORT = 38000 + (process.pid % 1000);
const fmt = (ms) => `${ms.toFixed(1)} ms`;
const verdict = (ok) => (ok ? 'meets goal' : 'MISSES goal');

const { migrateStateStore, openServiceStateStore, RUN_TRIGGERS } = await import(join(root, 'dist', 'orchestrator', 'index.js'));
const database = startPostgres();
let server;
try {
  const config = { kind: 'postgres', url: database.url };
  await migrateStateStore(config);
  const store = await openServiceStateStore(config);

  // 10,000 runs of 5 products, created through the store (ids, timestamps, defaults as in production).
  const filled = performance.now();
  const products = ['orders', 'customers', 'inventory', 'payments', 'marketing'];
  for (let i = 0; i < RUNS; i += 200) {
    await Promise.all(
      Array.from({ length: Math.min(200, RUNS - i) }, (_, j) =>
        store.createRun({ product: products[(i + j) % products.length], productVersion: '1.0.0', environment: 'prod', trigger: RUN_TRIGGERS[(i + j) % RUN_TRIGGERS.length] }),
      ),
    );
  }
  // Most runs finished: a realistic mix of statuses.
  const sql = new pg.Client({ connectionString: database.url });
  await sql.connect();
  await sql.query(`update runs set status = case when random() < 0.85 then 'SUCCESS' when random() < 0.7 then 'FAILURE' else 'CANCELED' end,
                   started_at = created_at, finished_at = created_at, counts = '{"success": 12}' where status = 'QUEUED' and random() < 0.98`);
  await sql.query('analyze runs');
  await sql.end();
  const fillMs = performance.now() - filled;

  server = spawn(process.execPath, [join(root, 'dist', 'cli', 'main.js'), 'orchestrator', 'webserver', '--database-url', database.url, '--port', String(PORT), '--host', '127.0.0.1'], {
    env: { ...process.env, FLOE_ADMIN_TOKEN: TOKEN },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const base = `http://127.0.0.1:${PORT}`;
  for (let tries = 0; ; tries++) {
    const ready = await fetch(`${base}/ready`).catch(() => undefined);
    if (ready?.ok) break;
    if (tries > 200) throw new Error('the webserver did not become ready');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const headers = { authorization: `Bearer ${TOKEN}` };
  const firstPage = await (await fetch(`${base}/api/v1/runs?limit=50`, { headers })).json();
  const load = (path, seconds = SECONDS) =>
    new Promise((resolve, reject) => autocannon({ url: `${base}${path}`, connections: CONNECTIONS, duration: seconds, headers }, (error, result) => (error ? reject(error) : resolve(result))));

  await load('/api/v1/runs', 2); // warm up: JIT, connection pool, PostgreSQL caches
  const health = await load('/health');
  const list = await load('/api/v1/runs?limit=50');
  const filtered = await load('/api/v1/runs?product=payments&status=FAILURE,CANCELED&limit=50');
  const paged = await load(`/api/v1/runs?limit=50&cursor=${firstPage.nextCursor}`);

  // The database floor: the same query through the store, one at a time, in this process.
  const direct = [];
  for (let i = 0; i < 500; i++) {
    const started = performance.now();
    await store.listRuns({ limit: 51 });
    direct.push(performance.now() - started);
  }
  direct.sort((a, b) => a - b);
  const directP99 = direct[Math.floor(direct.length * 0.99)];
  await store.close();
  const peakKb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))?.[1] ?? NaN);

  const line = (label, result) =>
    `   ${label.padEnd(44)} p50 ${fmt(result.latency.p50)}  p99 ${fmt(result.latency.p99)}  ${Math.round(result.requests.average)} req/s${result.non2xx ? `  (${result.non2xx} non-2xx!)` : ''}`;
  console.log(`5) run-list API: ${RUNS} runs in PostgreSQL (filled in ${(fillMs / 1000).toFixed(1)} s), \`floe orchestrator webserver\` in its own process, autocannon from this one (${CONNECTIONS} connections, ${SECONDS} s each)`);
  console.log(line('GET /api/v1/runs?limit=50', list) + `   goal p99 < 50 ms: ${verdict(list.latency.p99 < 50)}`);
  console.log(line('GET /api/v1/runs?product&status (filtered)', filtered) + `   goal p99 < 50 ms: ${verdict(filtered.latency.p99 < 50)}`);
  console.log(line('GET /api/v1/runs?cursor= (page 2)', paged) + `   goal p99 < 50 ms: ${verdict(paged.latency.p99 < 50)}`);
  console.log(line('baseline: GET /health (same server)', health));
  console.log(`   baseline: store.listRuns({ limit: 51 }) direct, sequential   p99 ${fmt(directP99)}  (median ${fmt(direct[250])})`);
  console.log(`   → the run list costs ${(list.latency.p99 / Math.max(health.latency.p99, 0.1)).toFixed(1)}× /health at p99; webserver peak RSS ${(peakKb / 1024).toFixed(0)} MB`);
  console.log(`   machine: ${cpus().length} cores, load average ${loadavg().map((n) => n.toFixed(2)).join(' ')} (load generator, webserver and PostgreSQL share them)\n`);
} finally {
  server?.kill('SIGTERM');
  database.stop();
}
