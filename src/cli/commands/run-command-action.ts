/**
 * What `floe run` does: one run of a data product (folder with floe.yaml:
 * compile if stale, then every transform in order on its approved compute) or
 * of a plain dbt-format project (no floe.yaml: as before). Either way the run
 * goes through the orchestrator's `executeRun`, so it is recorded in the state
 * store (`floe status`) and emits the configured traces and lineage.
 * Imported by the command's action only (see run-command.ts); the compile and
 * governance modules are imported only for a data product.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { EnvironmentName } from '../../config/index.js';
import { FloeError } from '../../errors/index.js';
import {
  executeRun,
  observabilityFromArtifacts,
  observabilityFromEnv,
  openLocalStateStore,
  planFromArtifacts,
  planFromDbtProject,
  retryPlan,
  type ObservabilitySettings,
  type RunCliOptions,
  type RunPlan,
  type RunRecordOutcome,
} from '../../orchestrator/index.js';
import type { CliContext } from '../cli-context.js';
import { CLI_PRODUCT_FILE_NAMES } from '../config-constants.js';
import { displayPath } from '../output/display-path.js';
import { printError, printFloeError } from '../output/print-error.js';
import { createRunPrinter } from '../output/run-printer.js';
import { selectionOf, type ProjectOptions } from '../project-options.js';
import { varsOf } from '../vars-option.js';
import { productFileKind } from '../sql-project-dirs.js';

export interface RunCommandOptions extends ProjectOptions {
  env?: EnvironmentName;
  /** Re-run only the failed and skipped nodes of this run (id or unique prefix), as a new linked run. */
  retryFailed?: string;
  /** Run on this orchestrator (else FLOE_URL, else the environment's orchestrator in the manifest). */
  url?: string;
  token?: string;
}

/** The orchestrator this run goes to, if any (see remote/orchestrator-endpoint.ts). */
async function remoteEndpoint(options: RunCommandOptions, dir: string, environment: EnvironmentName, isProduct: boolean) {
  if (!options.url && !process.env.FLOE_URL && !isProduct) return undefined;
  const { orchestratorEndpoint } = await import('../remote/orchestrator-endpoint.js');
  const endpoint = await orchestratorEndpoint({ ...(options.url ? { url: options.url } : {}), ...(options.token ? { token: options.token } : {}), projectDir: dir, environment });
  if (endpoint && !isProduct) {
    throw new FloeError('FLOE_CLI_REMOTE_NEEDS_PRODUCT', `${dir} is a plain dbt project: only a data product (a folder with floe.yaml) can run on an orchestrator (${endpoint.url}, from ${endpoint.source === 'flag' ? '--url' : 'FLOE_URL'}).`, {
      hint: 'Run it here without --url (unset FLOE_URL), or make it a data product with `floe init`.',
    });
  }
  return endpoint;
}

/** The folder's floe.yaml, when it is a data product. */
function productFileIn(dir: string): string | undefined {
  return CLI_PRODUCT_FILE_NAMES.map((name) => join(dir, name)).find((file) => existsSync(file));
}

interface PreparedRun {
  plan: RunPlan;
  observability: ObservabilitySettings;
}

/** A data product: compile when an input changed (print why), then the plan from the artifacts. Undefined when compile failed (already printed). */
async function prepareProductRun(context: CliContext, productDir: string, environment: EnvironmentName, cli: RunCliOptions): Promise<PreparedRun | undefined> {
  const c = context.terminal.colors;
  const [{ compileIfStale }, { countBySeverity, formatFinding }] = await Promise.all([import('../../compile/index.js'), import('../../governance/index.js')]);
  const compiled = await compileIfStale({ productDir, env: environment });
  for (const warning of compiled.warnings) printFloeError(context.terminal, warning, context.debug);
  if (!compiled.artifacts || compiled.errors.length > 0) {
    for (const error of compiled.errors) printFloeError(context.terminal, error, context.debug);
    for (const finding of compiled.findings) context.terminal.errorLine(formatFinding(finding));
    context.terminal.errorLine(c.red('✗ compile failed: nothing was run'));
    return undefined;
  }
  const where = compiled.path ? displayPath(compiled.path) : '.floe/artifacts.json';
  if (compiled.compiled) {
    const counts = countBySeverity(compiled.findings);
    context.terminal.line(c.dim(`compiled ${compiled.artifacts.identity.product_id} for ${environment} (${compiled.reason}) → ${where}; findings: ${counts.error} errors, ${counts.warning} warnings`));
  } else {
    context.terminal.line(c.dim(`up to date: ${where}`));
  }
  const lineageFile = join(productDir, '.floe', 'lineage.jsonl');
  return {
    plan: await planFromArtifacts(compiled.artifacts, productDir, environment, cli),
    observability: await observabilityFromArtifacts(compiled.artifacts, process.env, { environment, productDir, defaultLineageFile: lineageFile }),
  };
}

function formatDuration(ms: number): string {
  return ms < 60_000 ? `${(ms / 1000).toFixed(1)}s` : `${Math.floor(ms / 60_000)}m ${Math.round((ms % 60_000) / 1000)}s`;
}

export async function runCommand(context: CliContext, options: RunCommandOptions): Promise<number> {
  const c = context.terminal.colors;
  const dir = resolve(options.projectDir ?? process.cwd());
  const environment = options.env ?? 'dev';
  const cli: RunCliOptions = {
    profilesDir: options.profilesDir,
    target: options.target,
    vars: varsOf(options.vars),
    select: selectionOf(options.select),
    exclude: selectionOf(options.exclude),
    fullRefresh: options.fullRefresh,
    failFast: options.failFast,
    storeFailures: options.storeFailures,
    threads: options.threads,
    environment,
  };

  const kind = productFileIn(dir) !== undefined ? productFileKind(dir) : undefined;
  if (kind === 'foreign' && existsSync(join(dir, 'dbt_project.yml'))) {
    context.terminal.errorLine(c.yellow('warning: floe.yaml here is not a floe data product (no apiVersion: floe.dev/v1); running the folder as a plain dbt project'));
  }
  const isProduct = kind === 'floe' || (kind === 'foreign' && !existsSync(join(dir, 'dbt_project.yml')));
  const endpoint = await remoteEndpoint(options, dir, environment, isProduct);
  if (endpoint) {
    const { remoteRunCommand } = await import('../remote/remote-run.js');
    const localOnly = [
      ['--threads', options.threads],
      ['--full-refresh', options.fullRefresh],
      ['--vars', options.vars],
      ['--target', options.target],
      ['--profiles-dir', options.profilesDir],
    ].flatMap(([flag, value]) => (value === undefined || value === false ? [] : [String(flag)]));
    return remoteRunCommand(context, endpoint, {
      projectDir: dir,
      environment,
      localOnly,
      ...(cli.select ? { select: cli.select } : {}),
      ...(cli.exclude ? { exclude: cli.exclude } : {}),
      ...(options.retryFailed ? { retryFailed: options.retryFailed } : {}),
    });
  }
  let prepared: PreparedRun | undefined;
  if (isProduct) {
    if (options.target || options.profilesDir) {
      context.terminal.errorLine(c.yellow('warning: --target and --profiles-dir are ignored for a data product: the manifest\'s approved compute decides the connection (use --env)'));
    }
    prepared = await prepareProductRun(context, dir, environment, cli);
    if (!prepared) return 1;
  } else {
    prepared = { plan: planFromDbtProject(dir, cli), observability: observabilityFromEnv(process.env, { defaultLineageFile: join(dir, '.floe', 'lineage.jsonl') }) };
  }

  const { store, interrupted } = await openLocalStateStore(dir);
  try {
    for (const run of interrupted) context.terminal.errorLine(c.yellow(`Run ${run.id} had stopped without finishing (the process died); it is now marked FAILURE.`));
    const plan = options.retryFailed ? await retryPlan(store, options.retryFailed, { env: process.env }) : prepared.plan;
    const printer = createRunPrinter(context.terminal);
    const started = Date.now();
    let runId: string | undefined;
    const finished = (status: string): void => {
      const paint = status === 'SUCCESS' ? c.green : status === 'CANCELED' ? c.yellow : c.red;
      context.terminal.line(`Run ${runId ?? '?'} ${paint(status)} in ${formatDuration(Date.now() - started)} — see \`floe status --run-id ${runId ?? ''}\``);
    };
    let outcome: RunRecordOutcome;
    try {
      outcome = await executeRun(plan, {
        store,
        observability: prepared.observability,
        listener: printer,
        signal: context.signal,
        env: process.env,
        onRunCreated: (id) => {
          runId = id;
          const retry = plan.parentRunId ? `, retrying the failed and skipped nodes of ${plan.parentRunId}` : '';
          context.terminal.line(c.bold(`Run ${id} of ${plan.product} (${plan.environment}${retry})`));
        },
      });
    } catch (error) {
      // A transform that could not load (YAML, Jinja, profile…) is recorded as a failed run, then reported here.
      if (runId === undefined) throw error;
      printError(context.terminal, error, context.debug);
      finished('FAILURE');
      return 1;
    }
    for (const step of outcome.steps) for (const warning of step.project.warnings) printFloeError(context.terminal, warning, context.debug);
    if (outcome.status === 'CANCELED') context.terminal.errorLine(c.yellow('Interrupted: stopped scheduling; what ran is recorded (floe status) and in target/run_results.json.'));
    finished(outcome.status);
    return outcome.status === 'SUCCESS' ? 0 : 1;
  } finally {
    await store.close();
  }
}
