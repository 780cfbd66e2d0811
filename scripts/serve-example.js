#!/usr/bin/env node
/**
 * `npm run serve:example`: an orchestrator webserver with the customer-360
 * example registered and a few runs in its store, for working on the web UI
 * or trying the API. Everything lives in a temp folder (SQLite state store):
 *
 *   - customer-360 registered twice (compiled for dev and for prod);
 *   - one real run of it (the run path, on embedded DuckDB): SUCCESS;
 *   - one FAILURE (a node ERROR, its children SKIPPED) and one CANCELED run,
 *     written the way a pipeline job would write them;
 *   - one more run queued for the daemon, which runs it (and any run you trigger);
 *   - its schedule (from floe.yaml) with next ticks.
 *
 * A daemon runs beside the webserver (in-process launcher: the same job code
 * as `floe job run`), so runs triggered through the API really run.
 *
 * Options: --port N (default 3000, or FLOE_PORT), --dir D (keep the data there).
 * Reads need no token (anonymous read is on); writes need the admin token
 * printed at start (FLOE_ADMIN_TOKEN, default below).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const { values } = parseArgs({ options: { port: { type: 'string' }, dir: { type: 'string' } } });
if (!existsSync(join(root, 'dist', 'server', 'index.js'))) {
  console.log('dist/ is missing or old: building floe first (npm run build)…');
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status || 1);
}
const dist = (path) => import(join(root, 'dist', path));
const [{ compileIfStale }, orchestrator, { startWebserver }] = await Promise.all([dist('compile/index.js'), dist('orchestrator/index.js'), dist('server/index.js')]);
const { Daemon, DEFAULT_DAEMON_SETTINGS, InProcessLauncher, SingleLeadership, executeRun, observabilityFromEnv, openStateStore, packageBundle, planFromArtifacts, registerBundle, triggerRun } = orchestrator;

const work = values.dir ?? mkdtempSync(join(tmpdir(), 'floe-example-'));
mkdirSync(work, { recursive: true });
const productDir = join(work, 'customer-360');
if (!existsSync(productDir)) {
  cpSync(join(root, 'examples', 'customer-360'), productDir, { recursive: true, filter: (path) => !/[/\\](warehouse|target|\.floe|logs)$/.test(path) });
}
const databaseUrl = `sqlite:${join(work, 'state.db')}`;
const token = process.env.FLOE_ADMIN_TOKEN || 'floe-example-admin-token';

const store = await openStateStore({ kind: 'sqlite', path: join(work, 'state.db') });
if ((await store.listRuns({ limit: 1 })).length === 0) {
  console.log(`Preparing the example in ${work} …`);
  let artifacts;
  for (const env of ['prod', 'dev']) {
    const compiled = await compileIfStale({ productDir, env });
    if (!compiled.artifacts) throw new Error(`customer-360 did not compile: ${compiled.errors.map((e) => e.message).join('; ')}`);
    const bundle = await packageBundle(productDir, compiled.artifacts);
    await registerBundle(store, bundle.bytes, { registeredBy: 'serve-example' });
    artifacts = compiled.artifacts;
  }
  // A real run through the run path (what `floe job run` executes).
  const plan = await planFromArtifacts(artifacts, productDir, 'dev', {});
  const outcome = await executeRun(plan, { store, observability: observabilityFromEnv({}, { defaultLineageFile: join(work, 'lineage.jsonl') }), env: {} });
  console.log(`  run ${outcome.runId}: ${outcome.status}`);

  // A failed run, written the way a job records one.
  const nodes = artifacts.transforms[0].graph.nodes.filter((node) => node.resource_type !== 'source');
  const failed = await triggerRun(store, { product: 'customer-360', environment: 'dev', triggeredBy: 'serve-example' });
  await store.updateRunStatus(failed.id, 'STARTING');
  await store.updateRunStatus(failed.id, 'STARTED');
  const broken = Math.min(3, nodes.length - 1);
  await store.upsertSteps(failed.id, nodes.map((node, i) => ({
    uniqueId: node.unique_id, name: node.name, resourceType: node.resource_type,
    status: i < broken ? 'SUCCESS' : i === broken ? 'ERROR' : 'SKIPPED',
    ...(i <= broken ? { durationMs: 40 + i * 10, rowsAffected: i < broken ? 100 * (i + 1) : null } : {}),
    ...(i === broken ? { error: 'Binder Error: Referenced column "amount_usd" not found in FROM clause', message: 'ERROR' } : {}),
    ...(node.relation ? { relation: `${node.relation.schema}.${node.relation.identifier}` } : {}),
  })));
  await store.appendEvents(failed.id, [
    { kind: 'transform.started', message: `Transform customer-360: ${nodes.length} nodes on duckdb, 4 at a time.`, data: { transform: 'customer-360', nodes: nodes.length, threads: 4, engine: 'duckdb' } },
    ...nodes.slice(0, broken + 1).flatMap((node, i) => [
      { kind: 'step.started', step: node.unique_id, message: `started (${node.materialized ?? 'seed'})` },
      i < broken
        ? { kind: 'step.finished', step: node.unique_id, message: 'SUCCESS: OK', data: { status: 'SUCCESS', durationMs: 40 + i * 10 } }
        : { kind: 'step.finished', step: node.unique_id, level: 'error', message: 'ERROR: Binder Error: Referenced column "amount_usd" not found in FROM clause', data: { status: 'ERROR' } },
    ]),
  ]);
  await store.updateRunStatus(failed.id, 'FAILURE', { error: '1 node failed', failureKind: 'step', counts: { success: broken, error: 1, skipped: nodes.length - broken - 1 } });
  console.log(`  run ${failed.id}: FAILURE (written as a job would)`);

  const canceled = await triggerRun(store, { product: 'customer-360', environment: 'prod', triggeredBy: 'serve-example' });
  await store.queue.requestCancel(canceled.id);
  const queued = await triggerRun(store, { product: 'customer-360', triggeredBy: 'serve-example', selection: { select: ['+gold_customer_360'] } });
  console.log(`  run ${canceled.id}: CANCELED; run ${queued.id}: QUEUED (the daemon starts it)`);
}
await store.close();

const running = await startWebserver({ databaseUrl, anonymousRead: true, ...(values.port ? { port: Number(values.port) } : {}), env: { ...process.env, FLOE_ADMIN_TOKEN: token } });
const daemon = new Daemon({
  id: 'serve-example-daemon',
  store: running.store,
  settings: { ...DEFAULT_DAEMON_SETTINGS, heartbeatIntervalMs: 5_000 },
  launcher: new InProcessLauncher({ store: running.store, daemonId: 'serve-example-daemon', warehouseDir: join(work, 'warehouse'), env: {} }),
  election: new SingleLeadership(),
});
await daemon.start();
console.log(`\nfloe webserver: ${running.url}  (API ${running.url}/api/v1, OpenAPI ${running.url}/api/openapi.json)`);
console.log(`  reads need no token; writes: -H 'Authorization: Bearer ${token}'`);
console.log(`  data: ${work} (pass --dir ${work} to reuse it)\n  Ctrl-C stops it.`);
const stop = async () => {
  await daemon.stop();
  await running.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
