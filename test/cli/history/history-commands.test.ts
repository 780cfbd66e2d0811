/**
 * `floe status` and `floe logs` as a person sees them: real runs recorded in
 * a project's embedded state store, the commands called with a terminal that
 * writes to buffers, and the printed text asserted.
 */
import { rmSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logsCommand, statusCommand } from '../../../src/cli/commands/history-command-actions.js';
import { registerHistoryCommands } from '../../../src/cli/commands/history-commands.js';
import type { CliContext } from '../../../src/cli/cli-context.js';
import { createTerminal } from '../../../src/cli/output/terminal.js';
import { executeRun, openLocalStateStore, planFromDbtProject, type RunRecordOutcome } from '../../../src/orchestrator/index.js';
import { copyShop, quietObservability } from '../../orchestrator/run/run-fixture.js';

function bufferedContext(signal: AbortSignal = new AbortController().signal): { context: CliContext; out: () => string; err: () => string } {
  const out = new PassThrough();
  const err = new PassThrough();
  let outText = '';
  let errText = '';
  out.on('data', (chunk: Buffer) => (outText += chunk.toString()));
  err.on('data', (chunk: Buffer) => (errText += chunk.toString()));
  return { context: { terminal: createTerminal(out, err), signal, debug: false, exitCode: 0 }, out: () => outText, err: () => errText };
}

let dir: string;
let good: RunRecordOutcome;
let bad: RunRecordOutcome;
const env = {};

beforeAll(async () => {
  dir = copyShop();
  const { store } = await openLocalStateStore(dir, { env });
  try {
    good = await executeRun(planFromDbtProject(dir), { store, env, observability: quietObservability() });
    bad = await executeRun(planFromDbtProject(dir), { store, env: { FLOE_TEST_BREAK_MODEL: 'yes' }, observability: quietObservability() });
  } finally {
    await store.close();
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('floe status', () => {
  it('lists recent runs newest first with status, duration and node counts', async () => {
    const { context, out } = bufferedContext();
    expect(await statusCommand(context, { projectDir: dir, env })).toBe(0);
    const lines = out().trimEnd().split('\n');
    expect(lines[0]).toMatch(/^RUN\s+PRODUCT\s+ENV\s+STATUS\s+STARTED \(UTC\)\s+DURATION\s+NODES$/);
    expect(lines[1]).toMatch(new RegExp(`^${bad.runId.slice(0, 13)}\\s+shop\\s+dev\\s+FAILURE\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\s+[\\d.]+m?s\\s+2 success, 1 pass, 1 error, 2 skipped$`));
    expect(lines[2]).toMatch(new RegExp(`^${good.runId.slice(0, 13)}\\s+shop\\s+dev\\s+SUCCESS\\s+.*3 success, 3 pass$`));
  });

  it('--limit, --product and --json serve scripts', async () => {
    const { context, out } = bufferedContext();
    expect(await statusCommand(context, { projectDir: dir, env, limit: 1, json: true })).toBe(0);
    const runs = JSON.parse(out()) as Array<{ id: string; status: string }>;
    expect(runs.map((run) => [run.id, run.status])).toEqual([[bad.runId, 'FAILURE']]);

    const other = bufferedContext();
    expect(await statusCommand(other.context, { projectDir: dir, env, product: 'nothing-here' })).toBe(0);
    expect(other.out()).toContain('No runs of nothing-here recorded yet.');
  });

  it('--run-id shows each step with status, timings, rows and the errors, from an id prefix', async () => {
    const { context, out } = bufferedContext();
    const code = await statusCommand(context, { projectDir: dir, env, runId: bad.runId.slice(0, 13) });
    expect(code).toBe(0);
    const text = out();
    expect(text).toContain(`Run ${bad.runId}`);
    expect(text).toMatch(/shop \(dev\)\s+FAILURE/);
    expect(text).toMatch(/raw_orders\s+seed\s+SUCCESS\s+\d\d:\d\d:\d\d\s+\d+ms\s+3\s+warehouse\.main\.raw_orders/);
    expect(text).toMatch(/customer_revenue\s+model\s+ERROR/);
    expect(text).toMatch(/not_null_customer_revenue_customer_id\s+test\s+SKIPPED/);
    expect(text).toMatch(/customer_revenue: .*no_such_column/);

    const json = bufferedContext();
    await statusCommand(json.context, { projectDir: dir, env, runId: good.runId, json: true });
    const parsed = JSON.parse(json.out()) as { run: { id: string }; steps: unknown[] };
    expect(parsed.run.id).toBe(good.runId);
    expect(parsed.steps).toHaveLength(6);
  });

  it('an unknown run id exits non-zero with a clear message', async () => {
    const { context, out, err } = bufferedContext();
    expect(await statusCommand(context, { projectDir: dir, env, runId: 'ffffffff' })).toBe(1);
    expect(out()).toBe('');
    expect(err()).toMatch(/FLOE_STATE_RUN_NOT_FOUND/);
    expect(err()).toMatch(/ffffffff/);
  });

  it('a folder where nothing ran says so', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'floe-empty-'));
    const listing = bufferedContext();
    expect(await statusCommand(listing.context, { projectDir: empty, env })).toBe(0);
    expect(listing.out()).toContain('No runs recorded in');
    const detail = bufferedContext();
    expect(await statusCommand(detail.context, { projectDir: empty, env, runId: 'abcdef01' })).toBe(1);
    expect(detail.err()).toMatch(/nothing has been run in/);
  });
});

describe('floe logs', () => {
  it("prints the run's events in order; --step narrows to one node, by name", async () => {
    const { context, out } = bufferedContext();
    expect(await logsCommand(context, { projectDir: dir, env, runId: bad.runId })).toBe(0);
    const lines = out().trimEnd().split('\n');
    expect(lines[0]).toMatch(/INFO\s+run\.started\s+Run of shop \(dev\) started/);
    expect(lines.at(-1)).toMatch(/ERROR\s+run\.finished\s+Run FAILURE/);
    expect(out()).not.toContain('statement ran'); // debug level is hidden by default

    const one = bufferedContext();
    expect(await logsCommand(one.context, { projectDir: dir, env, runId: bad.runId, step: 'customer_revenue' })).toBe(0);
    const stepLines = one.out().trimEnd().split('\n');
    const eventLines = stepLines.filter((line) => !line.startsWith(' '));
    expect(eventLines.every((line) => line.includes('customer_revenue'))).toBe(true);
    expect(eventLines.at(-1)).toMatch(/ERROR\s+step\.finished\s+customer_revenue\s+ERROR: .*no_such_column/);
  });

  it('--level debug shows the SQL statements; --json prints one object per event', async () => {
    const debug = bufferedContext();
    await logsCommand(debug.context, { projectDir: dir, env, runId: good.runId, step: 'customer_revenue', level: 'debug' });
    expect(debug.out()).toMatch(/DEBUG\s+statement/);
    expect(debug.out()).toMatch(/sum\(amount\)/);

    const json = bufferedContext();
    await logsCommand(json.context, { projectDir: dir, env, runId: good.runId, json: true });
    const events = json.out().trimEnd().split('\n').map((line) => JSON.parse(line) as { runId: string; kind: string });
    expect(events.every((event) => event.runId === good.runId)).toBe(true);
    expect(events.map((event) => event.kind)).toContain('step.finished');
  });

  it('an unknown step or run exits non-zero and suggests the near name', async () => {
    const step = bufferedContext();
    expect(await logsCommand(step.context, { projectDir: dir, env, runId: good.runId, step: 'customer_revenu' })).toBe(1);
    expect(step.err()).toMatch(/FLOE_RUN_STEP_NOT_FOUND.*did you mean 'customer_revenue'/);
    const run = bufferedContext();
    expect(await logsCommand(run.context, { projectDir: dir, env, runId: '0000000000' })).toBe(1);
    expect(run.err()).toMatch(/FLOE_STATE_RUN_NOT_FOUND/);
  });

  it('--follow prints events as they arrive and returns when the run ends', async () => {
    const { store } = await openLocalStateStore(dir, { env });
    try {
      const run = await store.createRun({ product: 'shop', environment: 'dev', trigger: 'manual' });
      await store.updateRunStatus(run.id, 'STARTING');
      await store.updateRunStatus(run.id, 'STARTED');
      await store.appendEvents(run.id, [{ kind: 'run.started', message: 'first event' }]);
      const { context, out } = bufferedContext();
      const following = logsCommand(context, { projectDir: dir, env, runId: run.id, follow: true, pollIntervalMs: 20 });
      await expect.poll(() => out()).toContain('first event');
      await store.appendEvents(run.id, [{ kind: 'step.finished', level: 'error', message: 'second event' }]);
      await store.updateRunStatus(run.id, 'FAILURE', { error: 'boom' });
      expect(await following).toBe(1);
      expect(out()).toMatch(/first event[\s\S]*second event/);
    } finally {
      await store.close();
    }
  });
});

describe('registerHistoryCommands', () => {
  it('parses the flags into the same commands', async () => {
    const { context, out } = bufferedContext();
    const program = new Command('floe').exitOverride();
    registerHistoryCommands(program, context);
    await program.parseAsync(['node', 'floe', 'status', '--project-dir', dir, '--limit', '1', '--json']);
    expect(context.exitCode).toBe(0);
    expect((JSON.parse(out()) as unknown[]).length).toBe(1);
    await program.parseAsync(['node', 'floe', 'logs', '--project-dir', dir, '--run-id', 'ffffffff']);
    expect(context.exitCode).toBe(1);
  });
});
