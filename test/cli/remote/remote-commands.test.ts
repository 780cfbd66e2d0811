/**
 * The CLI against a real orchestrator: a webserver listening on a port and a
 * daemon (in-process launcher: the same job code as `floe job run`) over
 * one PostgreSQL store. `floe product register`, `floe run` (registers if
 * changed, triggers, follows with the local run's per-node output),
 * `floe status` and `floe logs` (the same text as reading the store
 * directly), a manifest-named orchestrator, and Ctrl-C canceling a run.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerHistoryCommands } from '../../../src/cli/commands/history-commands.js';
import { statusCommand, logsCommand } from '../../../src/cli/commands/history-command-actions.js';
import { registerProductRegisterCommand } from '../../../src/cli/commands/product-register-command.js';
import { registerRunCommand } from '../../../src/cli/commands/run-command.js';
import { createTerminal } from '../../../src/cli/output/terminal.js';
import type { CliContext } from '../../../src/cli/cli-context.js';
import { Daemon, DEFAULT_DAEMON_SETTINGS, InProcessLauncher, SingleLeadership, type StateStore } from '../../../src/orchestrator/index.js';
import { postgresBackend } from '../../orchestrator/state/state-store-backends.js';
import { compiledTinyProduct, type CompiledProduct } from '../../orchestrator/support/tiny-products.js';
import { waitFor } from '../../orchestrator/support/wait-for.js';
import { testWebserver, TOKENS, type TestWebserver } from '../../server/support/test-webserver.js';
import { runFloe } from '../product/run-floe.js';
import { PassThrough } from 'node:stream';

const COMMANDS = [registerRunCommand, registerHistoryCommands, registerProductRegisterCommand];
const backend = postgresBackend();
const warehouse = mkdtempSync(join(tmpdir(), 'floe-remote-warehouse-'));
let store: StateStore;
let databaseUrl: string;
let server: TestWebserver;
let url: string;
let daemon: Daemon;
const products: CompiledProduct[] = [];

async function product(changes: Parameters<typeof compiledTinyProduct>[0] = {}): Promise<CompiledProduct> {
  const made = await compiledTinyProduct(changes);
  products.push(made);
  return made;
}

beforeAll(async () => {
  const fresh = await backend.freshStore();
  store = fresh.store;
  databaseUrl = (fresh.config as { url: string }).url;
  server = await testWebserver(store);
  url = await server.app.listen({ port: 0, host: '127.0.0.1' });
  daemon = new Daemon({
    id: 'remote-cli-daemon',
    store,
    settings: { ...DEFAULT_DAEMON_SETTINGS, pollIntervalMs: 100, monitorIntervalMs: 200, heartbeatIntervalMs: 500 },
    launcher: new InProcessLauncher({ store, daemonId: 'remote-cli-daemon', warehouseDir: warehouse, heartbeatIntervalMs: 200 }),
    election: new SingleLeadership(),
  });
  await daemon.start();
});
afterAll(async () => {
  await daemon.stop();
  await server.close();
  await backend.cleanup();
  for (const made of products) made.remove();
  rmSync(warehouse, { recursive: true, force: true });
});

/** Per-node lines without timings, padding or colour: what must read the same wherever the run ran. */
function nodeLines(out: string): string[] {
  return out
    .split('\n')
    .filter((line) => /^\d+ of \d+ /.test(line))
    .map((line) => line.replace(/ \.+ \[.*\]$/, '').trim())
    .sort();
}

function capture(): { context: CliContext; out: () => string } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const terminal = createTerminal(stream, stream);
  return { context: { terminal, signal: new AbortController().signal, debug: false, exitCode: 0 }, out: () => text };
}

describe('floe product register --url', () => {
  it('uploads the bundle once; the same digest again changes nothing, and says so', async () => {
    const shop = await product();
    const first = await runFloe(COMMANDS, ['product', 'register', '--url', url, '--token', TOKENS.operator, '--project-dir', shop.dir]);
    expect(first.code, first.err).toBe(0);
    expect(first.out).toMatch(new RegExp(`✓ registered tiny-shop 0\\.1\\.0 \\(dev\\) on ${url.replace(/[.]/g, '\\.')}: sha256:[0-9a-f]{64}`));
    const again = await runFloe(COMMANDS, ['product', 'register', '--url', url, '--token', TOKENS.admin, '--project-dir', shop.dir]);
    expect(again.code).toBe(0);
    expect(again.out).toContain('is already registered');
    expect(again.out).toContain('nothing changed');
    expect((await store.products.getProduct('tiny-shop'))?.versionCount).toBe(1);
  });

  it('refuses clearly: a viewer token, no token, nothing to talk to, an orchestrator that is not there', async () => {
    const shop = await product({ name: 'refused-shop' });
    const viewer = await runFloe(COMMANDS, ['product', 'register', '--url', url, '--token', TOKENS.viewer, '--project-dir', shop.dir]);
    expect(viewer.code).toBe(1);
    expect(viewer.err).toContain('FLOE_API_FORBIDDEN');
    const anonymous = await runFloe(COMMANDS, ['product', 'register', '--url', url, '--project-dir', shop.dir]);
    expect(anonymous.err).toContain('FLOE_API_UNAUTHORIZED');
    expect(anonymous.err).toContain('FLOE_TOKEN');
    const nowhere = await runFloe(COMMANDS, ['product', 'register', '--project-dir', shop.dir]);
    expect(nowhere.code).toBe(1);
    expect(nowhere.err).toContain('FLOE_CLI_NO_ORCHESTRATOR');
    const closed = await runFloe(COMMANDS, ['product', 'register', '--url', 'http://127.0.0.1:9', '--token', TOKENS.operator, '--project-dir', shop.dir]);
    expect(closed.err).toContain('FLOE_REMOTE_UNREACHABLE');
    expect(await store.products.getProduct('refused-shop')).toBeUndefined();
  });
});

describe('floe run on an orchestrator', () => {
  it('registers if changed, triggers the run and prints each node as a local run does', async () => {
    const remote = await product();
    const local = await product();
    const ran = await runFloe(COMMANDS, ['run', '--env', 'dev', '--url', url, '--token', TOKENS.operator, '--project-dir', remote.dir]);
    expect(ran.code, ran.out + ran.err).toBe(0);
    expect(ran.out).toMatch(/Run [0-9a-f-]{36} of tiny-shop \(dev\) on http:\/\/127\.0\.0\.1:\d+/);
    expect(ran.out).toContain('Completed successfully');
    expect(ran.out).toMatch(/Run [0-9a-f-]{36} SUCCESS in /);
    const here = await runFloe(COMMANDS, ['run', '--env', 'dev', '--project-dir', local.dir]);
    expect(here.code, here.err).toBe(0);
    expect(nodeLines(ran.out).length).toBeGreaterThan(3);
    expect(nodeLines(ran.out)).toEqual(nodeLines(here.out));
    const header = (out: string) => out.split('\n').find((line) => line.startsWith('Running with'));
    expect(header(ran.out)).toBe(header(here.out));

    const runId = /Run ([0-9a-f-]{36}) of/.exec(ran.out)![1];
    expect(await store.getRun(runId)).toMatchObject({ status: 'SUCCESS', trigger: 'api', triggeredBy: 'operator-client', launcher: 'in-process' });
    // The run pinned the bundle just registered (by digest).
    expect((await store.getRun(runId)).bundleDigest).toBe((await store.products.getProduct('tiny-shop'))!.latest.digest);
  });

  it('fails like a local run, and --retry-failed re-executes the failed and skipped nodes there', async () => {
    const broken = await product({ name: 'broken-shop', schedule: null });
    writeFileSync(join(broken.dir, 'shop/models/gold/gold_revenue.sql'), "select no_such_column from {{ ref('silver_orders') }}");
    const failed = await runFloe(COMMANDS, ['run', '--url', url, '--token', TOKENS.operator, '--project-dir', broken.dir]);
    expect(failed.code).toBe(1);
    expect(failed.out).toContain('ERROR creating table model main.gold_revenue');
    expect(failed.out).toContain('Failure in model gold_revenue');
    expect(failed.out).toMatch(/Run [0-9a-f-]{36} FAILURE in /);
    const runId = /Run ([0-9a-f-]{36}) of/.exec(failed.out)![1];

    const retried = await runFloe(COMMANDS, ['run', '--url', url, '--token', TOKENS.operator, '--retry-failed', runId.slice(0, 13), '--project-dir', broken.dir]);
    expect(retried.out).toContain(`retrying the failed and skipped nodes of ${runId}`);
    expect(retried.out).toContain('is already registered');
    const retry = (await store.listRuns({ product: 'broken-shop', limit: 1 }))[0];
    expect(retry).toMatchObject({ parentRunId: runId, attempt: 2, status: 'FAILURE' });
  });

  it('goes to the orchestrator the environment names in the manifest (its token from a secret reference)', async () => {
    const staged = await product({ name: 'staged-shop', schedule: null });
    const manifest = join(staged.dir, 'platform/manifest.yaml');
    writeFileSync(manifest, readFileSync(manifest, 'utf8').replace('observability:', `environments:\n  staging:\n    orchestrator:\n      url: ${url}\n      token_secret_ref: { source: env, name: FLOE_TEST_STAGING_TOKEN }\nobservability:`));
    process.env.FLOE_TEST_STAGING_TOKEN = TOKENS.operator;
    try {
      const ran = await runFloe(COMMANDS, ['run', '--env', 'staging', '--project-dir', staged.dir]);
      expect(ran.code, ran.out + ran.err).toBe(0);
      expect(ran.out).toContain(`of staged-shop (staging) on ${url}`);
      expect((await store.listRuns({ product: 'staged-shop' }))[0]).toMatchObject({ environment: 'staging', status: 'SUCCESS' });
      // dev names no orchestrator: it runs here.
      const local = await runFloe(COMMANDS, ['run', '--env', 'dev', '--project-dir', staged.dir]);
      expect(local.out).not.toContain(' on http');
      expect(await store.listRuns({ product: 'staged-shop', limit: 10 })).toHaveLength(1);
    } finally {
      delete process.env.FLOE_TEST_STAGING_TOKEN;
    }
  });

  it('cancels the run on the orchestrator when interrupted, and waits for it to end', async () => {
    // A second orchestrator without a daemon: the run stays queued until the CLI cancels it.
    const { store: idle } = await backend.freshStore();
    const idleServer = await testWebserver(idle);
    const idleUrl = await idleServer.app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const shop = await product({ name: 'waiting-shop', schedule: null });
      const abort = new AbortController();
      const running = runFloe(COMMANDS, ['run', '--url', idleUrl, '--token', TOKENS.operator, '--project-dir', shop.dir], { signal: abort.signal });
      const queued = await waitFor('the run to be queued', async () => (await idle.listRuns({ limit: 1 }))[0]);
      abort.abort();
      const result = await running;
      expect(result.code).toBe(1);
      expect(result.err).toContain(`Canceling run ${queued.id}`);
      expect(result.out).toMatch(/Run [0-9a-f-]{36} CANCELED in /);
      expect((await idle.getRun(queued.id)).status).toBe('CANCELED');
    } finally {
      await idleServer.close();
    }
  });

  it('refuses to send a plain dbt project to an orchestrator', async () => {
    const plain = mkdtempSync(join(tmpdir(), 'floe-plain-'));
    writeFileSync(join(plain, 'dbt_project.yml'), 'name: plain\nversion: "1.0"\nprofile: plain\n');
    try {
      const result = await runFloe(COMMANDS, ['run', '--url', url, '--token', TOKENS.operator, '--project-dir', plain]);
      expect(result.code).toBe(1);
      expect(result.err).toContain('FLOE_CLI_REMOTE_NEEDS_PRODUCT');
    } finally {
      rmSync(plain, { recursive: true, force: true });
    }
  });
});

describe('floe status and floe logs against an orchestrator', () => {
  it('print exactly what reading the store directly prints', async () => {
    const runs = await store.listRuns({ limit: 5 });
    expect(runs.length).toBeGreaterThan(0);
    const runId = runs.find((run) => run.status === 'FAILURE')!.id;
    const direct = { FLOE_STATE_DATABASE_URL: databaseUrl };
    const remote = { FLOE_URL: url, FLOE_TOKEN: TOKENS.viewer };
    const cases: Array<(context: CliContext, env: Record<string, string>) => Promise<number>> = [
      (context, env) => statusCommand(context, { projectDir: warehouse, env, limit: 5 }),
      (context, env) => statusCommand(context, { projectDir: warehouse, env, runId }),
      (context, env) => statusCommand(context, { projectDir: warehouse, env, runId, json: true }),
      (context, env) => logsCommand(context, { projectDir: warehouse, env, runId }),
      (context, env) => logsCommand(context, { projectDir: warehouse, env, runId, step: 'gold_revenue', level: 'debug' }),
      (context, env) => logsCommand(context, { projectDir: warehouse, env, runId, follow: true, pollIntervalMs: 50 }),
    ];
    for (const command of cases) {
      const a = capture();
      const b = capture();
      const codeA = await command(a.context, direct);
      const codeB = await command(b.context, remote);
      expect(codeB).toBe(codeA);
      expect(b.out()).toBe(a.out());
      expect(b.out().length).toBeGreaterThan(20);
    }
  });

  it('reads through --url and --token flags, and says when a run is not there', async () => {
    const listed = await runFloe(COMMANDS, ['status', '--url', url, '--token', TOKENS.viewer, '--limit', '2']);
    expect(listed.code).toBe(0);
    expect(listed.out).toMatch(/^RUN\s+PRODUCT\s+ENV\s+STATUS/m);
    const missing = await runFloe(COMMANDS, ['logs', '--run-id', '01900000-0000-7000-8000-000000000000', '--url', url, '--token', TOKENS.viewer]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('FLOE_STATE_RUN_NOT_FOUND');
  });
});
