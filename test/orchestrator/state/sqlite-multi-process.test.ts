/**
 * The embedded store shared by real processes: several `floe` processes
 * writing one state.db, a process holding the lock too long, and a runner
 * killed mid-run. The children run the store's own code, compiled once here.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStateStore } from '../../../src/orchestrator/state/index.js';
import type { StateStore } from '../../../src/orchestrator/state/index.js';

const repo = resolve(import.meta.dirname, '../../..');
let work: string;
const stores: StateStore[] = [];

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'floe-state-procs-'));
  symlinkSync(join(repo, 'node_modules'), join(work, 'node_modules'));
  writeFileSync(join(work, 'package.json'), '{"type":"module"}');
  // Type errors are the type checker's business, not this test's: only a missing output fails here.
  const compiled = spawnSync(process.execPath, [
    join(repo, 'node_modules/typescript/bin/tsc'),
    join(repo, 'src/orchestrator/state/index.ts'),
    '--outDir', join(work, 'out'), '--rootDir', join(repo, 'src'),
    '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022',
    '--strict', '--skipLibCheck', '--esModuleInterop', '--types', 'node',
  ], { encoding: 'utf8' });
  if (!existsSync(join(work, 'out/orchestrator/state/index.js'))) throw new Error(`Compiling the state store failed:\n${compiled.stdout}${compiled.stderr}`);
  // A runner: appends `count` events to a run, one small transaction each.
  writeFileSync(
    join(work, 'append-events.js'),
    `import { openStateStore } from './out/orchestrator/state/index.js';
     const [path, runId, name, count] = process.argv.slice(2);
     const store = await openStateStore({ kind: 'sqlite', path });
     for (let i = 0; i < Number(count); i++) {
       await store.appendEvents(runId, [{ kind: 'log', message: name + ' ' + i, step: 'model.shop.' + name }]);
       await store.upsertStep(runId, { uniqueId: 'model.shop.' + name, status: 'RUNNING', rowsAffected: i });
     }
     await store.close();`,
  );
  // A runner that starts a run and keeps writing until it is killed.
  writeFileSync(
    join(work, 'run-until-killed.js'),
    `import { openStateStore } from './out/orchestrator/state/index.js';
     const store = await openStateStore({ kind: 'sqlite', path: process.argv[2] });
     const run = await store.createRun({ product: 'shop', environment: 'dev', trigger: 'manual' });
     await store.updateRunStatus(run.id, 'STARTING');
     await store.updateRunStatus(run.id, 'STARTED');
     await store.upsertSteps(run.id, [{ uniqueId: 'model.shop.orders', status: 'RUNNING' }, { uniqueId: 'model.shop.revenue', status: 'PENDING' }]);
     process.stdout.write(run.id + '\\n');
     for (let i = 0; ; i++) await store.appendEvents(run.id, Array.from({ length: 20 }, (_, j) => ({ kind: 'log', message: 'line ' + i + '.' + j })));`,
  );
}, 120_000);

afterAll(async () => {
  await Promise.all(stores.map((store) => store.close()));
  rmSync(work, { recursive: true, force: true });
});

function freshPath(): string {
  return join(mkdtempSync(join(work, 'db-')), '.floe', 'state.db');
}

async function open(path: string, busyTimeoutMs?: number): Promise<StateStore> {
  const store = await openStateStore({ kind: 'sqlite', path, busyTimeoutMs });
  stores.push(store);
  return store;
}

function runNode(script: string, args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [join(work, script), ...args], { cwd: work });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((done) => child.on('exit', (code) => done({ code, stderr })));
}

describe('SQLite state store shared by several processes', () => {
  it('loses no event when three processes append to one run at once', async () => {
    const path = freshPath();
    const store = await open(path);
    const run = await store.createRun({ product: 'shop', environment: 'dev', trigger: 'manual' });
    const ownWrites = (async () => {
      for (let i = 0; i < 60; i++) await store.appendEvents(run.id, [{ kind: 'log', message: `parent ${i}` }]);
    })();
    const children = await Promise.all([
      runNode('append-events.js', [path, run.id, 'a', '60']),
      runNode('append-events.js', [path, run.id, 'b', '60']),
    ]);
    await ownWrites;
    expect(children).toEqual([{ code: 0, stderr: '' }, { code: 0, stderr: '' }]);

    const events = await store.getEvents(run.id, { limit: 10_000 });
    expect(events).toHaveLength(180);
    for (const name of ['parent', 'a', 'b']) {
      expect(events.filter((event) => event.message.startsWith(`${name} `)).map((event) => event.message)).toEqual(
        Array.from({ length: 60 }, (_, i) => `${name} ${i}`),
      );
    }
    expect((await store.getSteps(run.id)).map((step) => [step.uniqueId, step.rowsAffected]).sort()).toEqual([
      ['model.shop.a', 59],
      ['model.shop.b', 59],
    ]);
  });

  it('waits for another process holding the write lock, and gives up with FLOE_STATE_BUSY past the busy timeout', async () => {
    const path = freshPath();
    const patient = await open(path);
    const impatient = await open(path, 20);
    const run = await patient.createRun({ product: 'shop', environment: 'dev', trigger: 'manual' });

    // Another process takes the write lock and keeps it for a while.
    const holder = spawn(
      process.execPath,
      ['-e', `const db = new (require('better-sqlite3'))(process.argv[1]); db.exec('begin immediate'); console.log('locked'); setTimeout(() => { db.exec('commit'); db.close(); }, 1500);`, path],
      { cwd: work },
    );
    await new Promise<void>((locked) => holder.stdout.once('data', () => locked()));
    const exited = new Promise((done) => holder.on('exit', done));

    await expect(impatient.appendEvents(run.id, [{ kind: 'log', message: 'too impatient' }])).rejects.toMatchObject({
      code: 'FLOE_STATE_BUSY',
      hint: expect.stringContaining('Another floe process'),
    });
    const [event] = await patient.appendEvents(run.id, [{ kind: 'log', message: 'waited my turn' }]);
    await exited;
    expect((await patient.getEvents(run.id)).map((e) => e.id)).toEqual([event.id]);
  });

  it('recognises a runner killed mid-run as interrupted, with the database intact', async () => {
    const path = freshPath();
    const runner = spawn(process.execPath, [join(work, 'run-until-killed.js'), path], { cwd: work });
    const runId = await new Promise<string>((started) => runner.stdout.once('data', (chunk) => started(String(chunk).trim())));
    // Let it write a little, then kill it hard, mid-transaction or not.
    const store = await open(path);
    while ((await store.getEvents(runId, { limit: 100 })).length < 100) await new Promise((r) => setTimeout(r, 10));
    runner.kill('SIGKILL');
    await new Promise((done) => runner.on('exit', done));

    const raw = new Database(path, { readonly: true });
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    raw.close();

    const events = await store.getEvents(runId, { limit: 10_000 });
    expect(events.length % 20).toBe(0); // whole batches only
    const [marked] = await store.markInterruptedRuns({ staleAfterMs: 60 * 60_000 });
    expect(marked).toMatchObject({ id: runId, status: 'FAILURE', error: 'interrupted' });
    expect((await store.getSteps(runId)).map((step) => [step.uniqueId, step.status])).toEqual([
      ['model.shop.orders', 'ERROR'],
      ['model.shop.revenue', 'SKIPPED'],
    ]);
  });
});
