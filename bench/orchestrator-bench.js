#!/usr/bin/env node
/**
 * Orchestrator benchmarks on PostgreSQL (run by bench/run.js, or alone):
 *   a) dispatch rate: N queued runs claimed within the limits and handed to a
 *      no-op launcher (records the launch; the job is the no-op), vs. the
 *      floor of one conditional UPDATE per run from one client;
 *   b) schedule tick → run STARTED, p50/p99, with the daemon and the
 *      in-process launcher running a real (tiny) product every 2 s;
 *   c) failover: SIGKILL the leader of two `floe orchestrator daemon --mode ha`
 *      processes, time until the other holds the lease (a distribution), and
 *      once a paused leader (SIGSTOP), which only the lease expiry ends.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startPostgres } from './throwaway-postgres.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'cli', 'main.js');
const orchestrator = await import(join(root, 'dist', 'orchestrator', 'index.js'));
const { compileProduct, writeArtifacts } = await import(join(root, 'dist', 'compile', 'index.js'));
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const runs = option('dispatch-runs', 2000);
const failovers = option('failovers', 5);
const tickSeconds = option('tick-seconds', 20);
const pct = (values, p) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)];
const fmt = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);
const verdict = (ok) => (ok ? 'meets goal' : 'MISSES goal');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const server = startPostgres();
let database = 0;
async function freshDatabase() {
  const name = `floe_bench_${process.pid}_${database++}`;
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = server.url.replace(/\/postgres$/, `/${name}`);
  await orchestrator.migrateStateStore({ kind: 'postgres', url });
  return url;
}

async function tinyBundle(cron) {
  const dir = mkdtempSync(join(tmpdir(), 'floe-bench-product-'));
  cpSync(join(root, 'test', 'fixtures', 'governance', 'tiny-product'), dir, { recursive: true });
  const file = join(dir, 'floe.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replace('cron: "0 6 * * *"', `cron: "${cron}"`));
  const result = await compileProduct({ productDir: dir, env: 'dev' });
  writeArtifacts(dir, result.artifacts);
  const bundle = await orchestrator.packageBundle(dir, result.artifacts);
  rmSync(dir, { recursive: true, force: true });
  return bundle;
}

console.log(`4) orchestrator on PostgreSQL (load average before: ${loadavg().map((n) => n.toFixed(2)).join(' ')})`);
try {
  // a) dispatch rate
  {
    const url = await freshDatabase();
    const store = await orchestrator.openStateStore({ kind: 'postgres', url, poolSize: 5 }, { migrate: 'none' });
    const bundle = await tinyBundle('0 6 * * *');
    await orchestrator.registerBundle(store, bundle.bytes);
    for (let i = 0; i < runs; i += 1) await store.createRun({ product: 'tiny-shop', environment: 'dev', trigger: 'api', bundleDigest: bundle.digest });
    const launched = [];
    const noop = { kind: 'in-process', launch: async (run) => (launched.push(run.id), { noop: true }), inspect: async () => ({ state: 'running' }), stop: async () => {}, close: async () => {} };
    const started = performance.now();
    while (launched.length < runs) await orchestrator.dispatchRuns(store, noop, { maxActive: runs, perProductLimit: () => runs, limit: 200 });
    const ms = performance.now() - started;
    const rate = runs / (ms / 1000);
    // Baseline: the same claims as one conditional UPDATE per run, one client, no limits, no launch record.
    await store.close();
    const url2 = await freshDatabase();
    const store2 = await orchestrator.openStateStore({ kind: 'postgres', url: url2 }, { migrate: 'none' });
    const ids = [];
    for (let i = 0; i < runs; i += 1) ids.push((await store2.createRun({ product: 'tiny-shop', environment: 'dev', trigger: 'api' })).id);
    await store2.close();
    const client = new pg.Client({ connectionString: url2 });
    await client.connect();
    const floorStarted = performance.now();
    for (const id of ids) await client.query("update runs set status = 'STARTING' where id = $1 and status = 'QUEUED'", [id]);
    const floorMs = performance.now() - floorStarted;
    await client.end();
    const floorRate = runs / (floorMs / 1000);
    console.log(`   a) dispatch: ${runs} queued runs claimed within limits + launched (no-op launcher) in ${fmt(ms)} → ${rate.toFixed(0)} runs/s   goal ≥ 100/s: ${verdict(rate >= 100)}`);
    console.log(`      baseline: one conditional UPDATE per run from one client ${floorRate.toFixed(0)} runs/s → dispatch is ${(rate / floorRate).toFixed(2)}× the floor`);
  }

  // b) tick → start
  {
    const url = await freshDatabase();
    const store = await orchestrator.openStateStore({ kind: 'postgres', url }, { migrate: 'none' });
    await orchestrator.registerBundle(store, (await tinyBundle('*/2 * * * * *')).bytes);
    const warehouse = mkdtempSync(join(tmpdir(), 'floe-bench-warehouse-'));
    const daemon = new orchestrator.Daemon({
      store,
      settings: { ...orchestrator.DEFAULT_DAEMON_SETTINGS, maxRuns: 4, pollIntervalMs: 1000 },
      launcher: new orchestrator.InProcessLauncher({ store, daemonId: 'bench', warehouseDir: warehouse }),
      election: new orchestrator.SingleLeadership(),
    });
    await daemon.start();
    await sleep(tickSeconds * 1000);
    await daemon.stop();
    const scheduled = (await store.listRuns({ limit: 1000 })).filter((run) => run.trigger === 'schedule' && run.startedAt);
    const latencies = scheduled.map((run) => Date.parse(run.startedAt) - Date.parse(run.scheduledFor));
    const rss = process.resourceUsage().maxRSS / 1024;
    await store.close();
    rmSync(warehouse, { recursive: true, force: true });
    console.log(`   b) schedule tick → run STARTED (in-process launcher, a real 5-node DuckDB product every 2 s, ${latencies.length} ticks): p50 ${fmt(pct(latencies, 50))}, p99 ${fmt(pct(latencies, 99))}, max ${fmt(Math.max(...latencies))}   goal p99 < 1 s: ${verdict(pct(latencies, 99) < 1000)}`);
    console.log(`      peak RSS of the bench process (daemon + its runs) ${rss.toFixed(0)} MB`);
  }

  // c) failover
  {
    const url = await freshDatabase();
    const store = await orchestrator.openStateStore({ kind: 'postgres', url }, { migrate: 'none' });
    const env = { ...process.env, FLOE_DATABASE_URL: url };
    const daemons = new Map();
    const startDaemon = () => {
      const child = spawn(process.execPath, [cli, 'orchestrator', 'daemon', '--mode', 'ha', '--election', 'database', '--launcher', 'subprocess', '--max-runs', '1'], { env, stdio: 'ignore' });
      daemons.set(child.pid, child);
      return child;
    };
    const holder = async () => (await store.daemons.getLease('floe-daemon'))?.holder ?? null;
    const pidOf = (id) => Number(id?.split('-').at(-2));
    const waitFor = async (check, timeoutMs) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = await check();
        if (value) return value;
        if (Date.now() > deadline) throw new Error('failover bench: timed out');
        await sleep(25);
      }
    };
    startDaemon();
    startDaemon();
    const samples = [];
    for (let i = 0; i < failovers; i += 1) {
      const leader = await waitFor(holder, 30_000);
      await sleep(1500);
      const pid = pidOf(leader);
      const killedAt = Date.now();
      daemons.get(pid)?.kill('SIGKILL');
      daemons.delete(pid);
      await waitFor(async () => {
        const now = await holder();
        return now && now !== leader;
      }, 30_000);
      samples.push(Date.now() - killedAt);
      startDaemon();
    }
    // A paused leader (SIGSTOP): its session stays open, so only the 15 s lease expiry ends its leadership.
    const leader = await waitFor(holder, 30_000);
    await sleep(1500);
    const paused = daemons.get(pidOf(leader));
    const pausedAt = Date.now();
    paused.kill('SIGSTOP');
    await waitFor(async () => {
      const now = await holder();
      return now && now !== leader;
    }, 40_000);
    const pausedMs = Date.now() - pausedAt;
    paused.kill('SIGCONT');
    for (const child of daemons.values()) child.kill('SIGTERM');
    await sleep(500);
    for (const child of daemons.values()) child.kill('SIGKILL');
    await store.close();
    console.log(`   c) failover after SIGKILL of the leader (${samples.length} times): ${samples.map((ms) => fmt(ms)).join(', ')} → median ${fmt(pct(samples, 50))}, max ${fmt(Math.max(...samples))}   goal < 15 s: ${verdict(Math.max(...samples) < 15_000)}`);
    console.log(`      a paused leader (SIGSTOP; only the 15 s lease expiry can end it): taken over after ${fmt(pausedMs)}`);
  }
  console.log(`   load average after: ${loadavg().map((n) => n.toFixed(2)).join(' ')}\n`);
} finally {
  server.stop();
}
