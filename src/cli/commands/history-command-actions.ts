/**
 * What `floe status` and `floe logs` do — what a person (or a script, with
 * --json) asks after a run: which runs happened, how each step went, and the
 * run's events, optionally followed live until the run ends. Loaded only when
 * one of those commands runs (see history-commands.ts).
 */
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { FloeError, FloeErrors, didYouMean } from '../../errors/index.js';
import {
  isTerminalRunStatus,
  localStateStoreExists,
  openLocalStateStore,
  type EventLevel,
  type Run,
  type RunEvent,
  type Step,
} from '../../orchestrator/index.js';
import type { EnvironmentName } from '../../config/index.js';
import { URL_ENV } from '../remote/orchestrator-endpoint.js';
import type { RunHistory } from '../remote/remote-run-history.js';
import type { CliContext } from '../cli-context.js';
import { printError } from '../output/print-error.js';
import type { Terminal } from '../output/terminal.js';
import { LOG_LEVELS as LEVELS } from './log-levels.js';

type Env = Record<string, string | undefined>;

/** Read an orchestrator's runs instead of the local store: its URL and token, or the environment whose manifest names one. */
export interface RemoteHistoryOptions {
  url?: string;
  token?: string;
  environment?: EnvironmentName;
}

export interface StatusOptions extends RemoteHistoryOptions {
  projectDir: string;
  /** One run's steps instead of the list (full id or a prefix of ≥ 8 hex digits). */
  runId?: string;
  limit?: number;
  product?: string;
  json?: boolean;
  env?: Env;
}

export interface LogsOptions extends RemoteHistoryOptions {
  projectDir: string;
  runId: string;
  /** A node's unique id or name. */
  step?: string;
  follow?: boolean;
  json?: boolean;
  /** Lowest level shown; `debug` includes every SQL statement. Default `info`. */
  level?: EventLevel;
  /** --follow: how often to look for new events. Default 1000 ms. */
  pollIntervalMs?: number;
  env?: Env;
}

function statusColor(terminal: Terminal, status: string): string {
  const c = terminal.colors;
  switch (status) {
    case 'SUCCESS':
    case 'PASS':
      return c.green(status);
    case 'FAILURE':
    case 'ERROR':
    case 'FAIL':
      return c.red(status);
    case 'CANCELED':
    case 'WARN':
    case 'SKIPPED':
      return c.yellow(status);
    case 'STARTED':
    case 'RUNNING':
      return c.cyan(status);
    default:
      return c.dim(status);
  }
}

function levelColor(terminal: Terminal, level: EventLevel): string {
  const c = terminal.colors;
  const text = level.toUpperCase().padEnd(5);
  return level === 'error' ? c.red(text) : level === 'warn' ? c.yellow(text) : level === 'debug' ? c.dim(text) : text;
}

/** `2026-11-26 18:39:11` (UTC), or `-`. */
function timeText(iso: string | null): string {
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 19)}` : '-';
}

function durationText(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '-';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes}m${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')}s`;
}

function runDurationMs(run: Run): number | null {
  if (!run.startedAt) return null;
  const end = run.finishedAt ? Date.parse(run.finishedAt) : Date.now();
  return end - Date.parse(run.startedAt);
}

function countsText(run: Run): string {
  if (!run.counts) return '-';
  const entries = Object.entries(run.counts).filter(([, n]) => n > 0);
  return entries.length > 0 ? entries.map(([status, n]) => `${n} ${status}`).join(', ') : '-';
}

/** Columns padded to their widest cell; colours applied after padding so they do not count. */
function printTable(terminal: Terminal, header: string[], rows: string[][], colorize: (row: number, column: number, padded: string) => string = (_r, _c, padded) => padded): void {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[], row: number) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column])))
      .map((cell, column) => (row < 0 ? cell : colorize(row, column, cell)))
      .join('  ')
      .trimEnd();
  terminal.line(terminal.colors.bold(line(header, -1)));
  rows.forEach((cells, row) => terminal.line(line(cells, row)));
}

/** `01a2192d-978e`: the UUIDv7's millisecond timestamp — 8 digits would be shared by every run of the same minute. */
function shortId(id: string): string {
  return id.slice(0, 13);
}

/** The orchestrator's runs (through its API) when one is named, else the local store; undefined when there is no local store yet. */
async function openHistory(options: RemoteHistoryOptions & { projectDir: string; env: Env }): Promise<RunHistory | undefined> {
  if (options.url || options.env[URL_ENV] || options.environment) {
    const [{ orchestratorEndpoint }, { OrchestratorClient }, { remoteRunHistory }] = await Promise.all([
      import('../remote/orchestrator-endpoint.js'),
      import('../remote/orchestrator-client.js'),
      import('../remote/remote-run-history.js'),
    ]);
    const endpoint = await orchestratorEndpoint({ ...options, projectDir: resolve(options.projectDir) });
    if (endpoint) return remoteRunHistory(new OrchestratorClient(endpoint));
  }
  if (!localStateStoreExists(resolve(options.projectDir), options.env)) return undefined;
  return (await openLocalStateStore(resolve(options.projectDir), { env: options.env })).store;
}

async function withHistory(history: RunHistory, work: (store: RunHistory) => Promise<number>): Promise<number> {
  try {
    return await work(history);
  } finally {
    await history.close();
  }
}

function noStoreError(projectDir: string, runId: string): FloeError {
  return new FloeError('FLOE_STATE_RUN_NOT_FOUND', `no run ${runId}: nothing has been run in ${resolve(projectDir)} yet`, {
    hint: 'run `floe run` first, or pass --project-dir <the folder you ran in> (or set FLOE_STATE_DATABASE_URL)',
  });
}

/** Prints a FloeError the CLI way and gives the exit code; anything else is a bug and propagates. */
function failed(context: CliContext, error: unknown): number {
  if (error instanceof FloeError || error instanceof FloeErrors) {
    printError(context.terminal, error, context.debug);
    return 1;
  }
  throw error;
}

function printRunList(terminal: Terminal, runs: Run[]): void {
  const rows = runs.map((run) => [shortId(run.id), run.product, run.environment, run.status, timeText(run.startedAt ?? run.createdAt), durationText(runDurationMs(run)), countsText(run)]);
  printTable(terminal, ['RUN', 'PRODUCT', 'ENV', 'STATUS', 'STARTED (UTC)', 'DURATION', 'NODES'], rows, (row, column, padded) =>
    column === 3 ? padded.replace(runs[row].status, statusColor(terminal, runs[row].status)) : padded,
  );
}

function printRunDetail(terminal: Terminal, run: Run, steps: Step[]): void {
  const c = terminal.colors;
  terminal.line(`${c.bold(`Run ${run.id}`)}  ${run.product}${run.productVersion ? ` ${run.productVersion}` : ''} (${run.environment})  ${statusColor(terminal, run.status)}`);
  terminal.line(`  trigger ${run.trigger} · attempt ${run.attempt} · started ${timeText(run.startedAt)} UTC · took ${durationText(runDurationMs(run))}${run.hostname ? ` · on ${run.hostname}${run.pid ? ` (pid ${run.pid})` : ''}` : ''}`);
  if (run.parentRunId) terminal.line(`  retry of ${run.parentRunId}`);
  terminal.line(`  nodes: ${countsText(run)}`);
  if (run.error) terminal.line(`  ${c.red('error')}: ${run.error}`);
  terminal.line();
  if (steps.length === 0) {
    terminal.line('No steps recorded.');
    return;
  }
  const rows = steps.map((step) => [step.name, step.resourceType, step.status, timeText(step.startedAt).slice(11) || '-', durationText(step.durationMs), step.rowsAffected === null ? '-' : String(step.rowsAffected), step.relation ?? '']);
  printTable(terminal, ['STEP', 'TYPE', 'STATUS', 'STARTED', 'DURATION', 'ROWS', 'RELATION'], rows, (row, column, padded) =>
    column === 2 ? padded.replace(steps[row].status, statusColor(terminal, steps[row].status)) : padded,
  );
  const withErrors = steps.filter((step) => step.error);
  if (withErrors.length > 0) {
    terminal.line();
    for (const step of withErrors) terminal.line(`${c.red(step.name)}: ${(step.error ?? '').replace(/\n/g, '\n  ')}`);
  }
}

/** `floe status [--run-id ID]`. Returns the exit code. */
export async function statusCommand(context: CliContext, options: StatusOptions): Promise<number> {
  const { terminal } = context;
  const env = options.env ?? process.env;
  try {
    const history = await openHistory({ ...options, env });
    if (!history) {
      if (options.runId) throw noStoreError(options.projectDir, options.runId);
      if (options.json) terminal.line('[]');
      else terminal.line(`No runs recorded in ${resolve(options.projectDir)} yet.`);
      return 0;
    }
    return await withHistory(history, async (store) => {
      if (options.runId) {
        const run = await store.getRun(options.runId);
        const steps = await store.getSteps(run.id);
        if (options.json) terminal.line(JSON.stringify({ run, steps }, null, 2));
        else printRunDetail(terminal, run, steps);
        return 0;
      }
      const runs = await store.listRuns({ limit: options.limit ?? 20, ...(options.product ? { product: options.product } : {}) });
      if (options.json) terminal.line(JSON.stringify(runs, null, 2));
      else if (runs.length === 0) terminal.line(options.product ? `No runs of ${options.product} recorded yet.` : 'No runs recorded yet.');
      else printRunList(terminal, runs);
      return 0;
    });
  } catch (error) {
    return failed(context, error);
  }
}

function printEvent(terminal: Terminal, event: RunEvent, names: Map<string, string>, json: boolean): void {
  if (json) {
    terminal.line(JSON.stringify(event));
    return;
  }
  const step = event.step ? `${names.get(event.step) ?? event.step}  ` : '';
  const [first, ...more] = event.message.split('\n');
  terminal.line(`${event.timestamp.slice(11, 23)}  ${levelColor(terminal, event.level)}  ${terminal.colors.dim(event.kind.padEnd(17))}  ${step}${first}`);
  for (const line of more) terminal.line(`    ${line}`);
  const sql = event.level === 'debug' && typeof event.data?.sql === 'string' ? event.data.sql : undefined;
  if (sql) for (const line of sql.trim().split('\n')) terminal.line(terminal.colors.dim(`    ${line}`));
}

/** A node's unique id from its unique id or name; FLOE_RUN_STEP_NOT_FOUND with a suggestion otherwise. */
function resolveStep(run: Run, steps: Step[], wanted: string): string {
  const exact = steps.find((step) => step.uniqueId === wanted) ?? steps.find((step) => step.name === wanted);
  if (exact) return exact.uniqueId;
  const suggestion = didYouMean(wanted, steps.map((step) => step.name));
  throw new FloeError('FLOE_RUN_STEP_NOT_FOUND', `run ${shortId(run.id)} has no step '${wanted}'${suggestion ? ` — ${suggestion}` : ''}`, {
    hint: `see its steps with: floe status --run-id ${shortId(run.id)}`,
  });
}

/** `floe logs --run-id ID`. Returns the exit code (with --follow: 1 when the run did not succeed). */
export async function logsCommand(context: CliContext, options: LogsOptions): Promise<number> {
  const { terminal } = context;
  const env = options.env ?? process.env;
  const minimum = LEVELS.indexOf(options.level ?? 'info');
  if (minimum < 0) return failed(context, new FloeError('FLOE_CLI_LEVEL', `--level must be one of ${LEVELS.join(', ')}, got '${options.level}'`));
  try {
    const history = await openHistory({ ...options, env });
    if (!history) throw noStoreError(options.projectDir, options.runId);
    return await withHistory(history, async (store) => {
      let run = await store.getRun(options.runId);
      const steps = await store.getSteps(run.id);
      const step = options.step ? resolveStep(run, steps, options.step) : undefined;
      const names = new Map(steps.map((s) => [s.uniqueId, s.name]));
      let afterId = 0;
      const drain = async (): Promise<void> => {
        for (;;) {
          const events = await store.getEvents(run.id, { afterId, ...(step ? { step } : {}), limit: 1000 });
          for (const event of events) {
            afterId = event.id;
            if (LEVELS.indexOf(event.level) >= minimum) printEvent(terminal, event, names, options.json ?? false);
          }
          if (events.length < 1000) return;
        }
      };
      await drain();
      if (!options.follow) return 0;
      while (!isTerminalRunStatus(run.status) && !context.signal.aborted) {
        await sleep(options.pollIntervalMs ?? 1000, undefined, { signal: context.signal }).catch(() => undefined);
        run = await store.getRun(run.id);
        for (const s of await store.getSteps(run.id)) names.set(s.uniqueId, s.name);
        await drain();
      }
      await drain();
      return run.status === 'SUCCESS' ? 0 : 1;
    });
  } catch (error) {
    return failed(context, error);
  }
}
