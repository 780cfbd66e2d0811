/**
 * What `floe orchestrator migrate | daemon | liveness-check` and `floe job
 * run` do. Imported by their actions only (see orchestrator-commands.ts).
 */
import { hostname } from 'node:os';
import { FloeErrors } from '../../errors/index.js';
import { createLogger } from '../../observability/index.js';
import {
  Daemon,
  daemonSettings,
  electionFor,
  JOB_EXIT_CODES,
  launcherFor,
  migrateStateStore,
  newDaemonId,
  openServiceStateStore,
  runJob,
  stateStoreConfigFromUrl,
  type OrchestratorSection,
  type StateStore,
} from '../../orchestrator/index.js';
import type { CliContext } from '../cli-context.js';
import { printError } from '../output/print-error.js';
import { createRunPrinter } from '../output/run-printer.js';

export interface MigrateOptions {
  databaseUrl?: string;
}

export interface LivenessOptions {
  databaseUrl?: string;
  maxAge: number;
  anyHost?: boolean;
}

export interface JobRunOptions {
  runId: string;
  databaseUrl?: string;
  warehouseDir?: string;
}

export interface DaemonCommandOptions {
  databaseUrl?: string;
  manifest?: string;
  mode?: string;
  launcher?: string;
  election?: string;
  maxRuns?: number;
  kubernetesNamespace?: string;
  jobImage?: string;
  databaseSecret?: string;
  heartbeatInterval?: number;
}

export async function migrateCommand(context: CliContext, options: MigrateOptions): Promise<number> {
  const config = stateStoreConfigFromUrl(options.databaseUrl);
  const report = await migrateStateStore(config);
  const c = context.terminal.colors;
  if (report.applied.length === 0) context.terminal.line(`${c.green('✓')} the orchestrator database is up to date (${report.alreadyApplied.length} migrations)`);
  else for (const name of report.applied) context.terminal.line(`${c.green('✓')} applied ${name}`);
  return 0;
}

export async function livenessCommand(context: CliContext, options: LivenessOptions): Promise<number> {
  const store = await openServiceStateStore(stateStoreConfigFromUrl(options.databaseUrl));
  try {
    const host = hostname();
    const daemons = (await store.daemons.listDaemons()).filter((daemon) => options.anyHost || daemon.hostname === host);
    const freshest = daemons[0];
    if (!freshest) {
      context.terminal.errorLine(`unhealthy: no running daemon${options.anyHost ? '' : ` on ${host}`} has ever recorded a heartbeat`);
      return 1;
    }
    const age = Math.min(...daemons.map((daemon) => daemon.ageSeconds));
    if (age > options.maxAge) {
      context.terminal.errorLine(`unhealthy: the last daemon heartbeat${options.anyHost ? '' : ` from ${host}`} is ${age.toFixed(1)} s old (limit ${options.maxAge} s)`);
      return 1;
    }
    context.terminal.line(`ok: daemon ${freshest.id} (${freshest.role}) heart-beat ${age.toFixed(1)} s ago`);
    return 0;
  } finally {
    await store.close();
  }
}

export async function jobRunCommand(context: CliContext, options: JobRunOptions): Promise<number> {
  let store: StateStore;
  try {
    store = await openServiceStateStore(stateStoreConfigFromUrl(options.databaseUrl));
  } catch (error) {
    printError(context.terminal, error, context.debug);
    return JOB_EXIT_CODES.infrastructure;
  }
  try {
    const logger = await createLogger({ destination: process.stderr, base: { service: 'floe-job', runId: options.runId } });
    const outcome = await runJob({
      store,
      runId: options.runId,
      env: process.env,
      signal: context.signal,
      listener: createRunPrinter(context.terminal),
      logger,
      ...(options.warehouseDir ? { warehouseDir: options.warehouseDir } : {}),
    });
    const line = `job of run ${outcome.runId}: ${outcome.status ?? 'not run'} (exit ${outcome.exitCode})${outcome.error ? ` — ${outcome.error}` : ''}`;
    if (outcome.exitCode === JOB_EXIT_CODES.success) context.terminal.line(line);
    else context.terminal.errorLine(line);
    return outcome.exitCode;
  } catch (error) {
    printError(context.terminal, error, context.debug);
    return JOB_EXIT_CODES.infrastructure;
  } finally {
    await store.close().catch(() => undefined);
  }
}

async function manifestSection(path: string | undefined): Promise<OrchestratorSection> {
  if (!path) return {};
  const { loadManifestFile } = await import('../../config/index.js');
  const loaded = loadManifestFile(path);
  if (!loaded.value || loaded.errors.length > 0) throw new FloeErrors(loaded.errors);
  return loaded.value.orchestrator as OrchestratorSection;
}

export async function daemonCommand(context: CliContext, options: DaemonCommandOptions): Promise<number> {
  const config = stateStoreConfigFromUrl(options.databaseUrl);
  const settings = daemonSettings(await manifestSection(options.manifest), {
    ...(options.mode ? { mode: options.mode } : {}),
    ...(options.launcher ? { launcher: options.launcher } : {}),
    ...(options.election ? { election: options.election } : {}),
    ...(options.maxRuns ? { maxRuns: options.maxRuns } : {}),
    ...(options.heartbeatInterval ? { heartbeatIntervalSeconds: options.heartbeatInterval } : {}),
    ...(options.kubernetesNamespace ? { kubernetesNamespace: options.kubernetesNamespace } : {}),
    ...(options.jobImage ? { jobImage: options.jobImage } : {}),
    ...(options.databaseSecret ? { databaseSecret: options.databaseSecret } : {}),
  });
  const store = await openServiceStateStore(config);
  const logger = await createLogger({ base: { service: 'floe-daemon' } });
  try {
    const id = newDaemonId();
    const daemon = new Daemon({
      id,
      store,
      settings,
      logger,
      launcher: await launcherFor(settings, { store, daemonId: id, env: process.env, databaseUrl: options.databaseUrl ?? '' }),
      election: await electionFor(settings, { store, daemonId: id }),
    });
    await daemon.start();
    logger.info({ daemon: id, mode: settings.mode, launcher: settings.launcher, election: settings.mode === 'ha' ? settings.election : 'none' }, 'daemon started');
    if (!context.signal.aborted) await new Promise((resolve) => context.signal.addEventListener('abort', resolve, { once: true }));
    logger.info({ daemon: id }, 'stopping: no new work; releasing leadership; running jobs are left to the next leader');
    await daemon.stop();
    logger.info({ daemon: id }, 'daemon stopped');
    return 0;
  } finally {
    await store.close();
  }
}
