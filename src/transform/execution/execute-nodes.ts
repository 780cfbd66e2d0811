/**
 * `executeNodes`: run the selected nodes of a parsed project against a
 * compute adapter — dependency order, up to `threads` at once, tests right
 * after their model, skips downstream of failures, Ctrl-C handling — and
 * write `target/compiled`, `target/run` and `target/run_results.json`.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ComputeAdapter } from '../../compute/index.js';
import { BUILTIN_PACKAGE, createDbtJinja } from '../jinja/index.js';
import type { DbtJinja } from '../jinja/index.js';
import type { MacroDefinition, ManifestNode, NodeResult, ParsedProject, RunListener } from '../types.js';
import { writeRunResultsJson } from '../artifacts/run-results-json.js';
import type { RunResultDetails } from '../artifacts/run-results-json.js';
import { NodeCompiler } from './node-compiler.js';
import { NodeLookup } from './node-lookup.js';
import { runNode } from './node-runner.js';
import type { NodeRunEnvironment } from './node-runner.js';
import { StatementRunner } from './statement-runner.js';
import { resultsForTemplates, runProjectHooks } from './project-hooks.js';
import { planRun } from './run-plan.js';
import type { ExecutionGraph } from './run-plan.js';
import { cteAwareDialect, targetContext } from './runtime-context.js';
import { safeListener } from './safe-listener.js';
import { runSchedule } from './scheduler.js';
import { RelationCache } from './relation-cache.js';
import { SchemaCreator } from './schema-creator.js';

export interface ExecuteOptions {
  /** Unique ids to run (from `selectNodes`); ephemeral models among them are inlined, not run. */
  selected: string[];
  fullRefresh?: boolean;
  /** Nodes running at once; defaults to the target's `threads`. */
  threads?: number;
  /** Abort (Ctrl-C): nothing new starts, running statements are cancelled, the rest is skipped. */
  signal?: AbortSignal;
  listener?: RunListener;
  /** Where `compiled/`, `run/` and `run_results.json` go; nothing is written when unset. */
  targetDir?: string;
  invocationId?: string;
  /** Environment for `env_var()` at run time; defaults to `process.env`. */
  env?: Record<string, string | undefined>;
  /** The command's arguments, recorded as `args` in run_results.json (e.g. `{ which: 'build' }`). */
  args?: Record<string, unknown>;
  /** `--fail-fast`: the first error or failing test stops the run (running statements are cancelled, the rest is skipped). */
  failFast?: boolean;
  /** `--store-failures`: every test stores its failing rows (dbt's flag; a test's own `store_failures` config wins). */
  storeFailures?: boolean;
}

export interface RunOutcome {
  /** One per node that ran or was skipped, in the order they finished. */
  results: NodeResult[];
  elapsedSeconds: number;
  /** False when any node ended in error or fail (warn is still a success), or the run was interrupted. */
  success: boolean;
  interrupted: boolean;
  /** True when --fail-fast stopped the run after a failure. */
  failedFast?: boolean;
}

export async function executeNodes(
  project: ParsedProject,
  graph: ExecutionGraph,
  adapter: ComputeAdapter,
  options: ExecuteOptions,
): Promise<RunOutcome> {
  const started = performance.now();
  const listener = safeListener(options.listener);
  // --fail-fast stops the run the way Ctrl-C does, from inside.
  const failFast = new AbortController();
  let failedFast = false;
  const signal = options.failFast ? (options.signal ? AbortSignal.any([options.signal, failFast.signal]) : failFast.signal) : options.signal;
  const threads = Math.max(1, Math.floor(options.threads ?? project.target.threads ?? 1) || 1);
  const plan = planRun(project, graph, options.selected);
  const compiler = new NodeCompiler(
    {
      project,
      adapter,
      lookup: new NodeLookup(project),
      env: options.env ?? process.env,
      target: targetContext(project, adapter, threads),
      dialect: cteAwareDialect(adapter.dialect),
      flags: { FULL_REFRESH: options.fullRefresh ?? false, WHICH: String(options.args?.which ?? 'run'), STORE_FAILURES: options.storeFailures ?? false, FAIL_FAST: options.failFast ?? false },
    },
    runtimeJinja(project, adapter),
  );
  const environment: NodeRunEnvironment = {
    adapter,
    compiler,
    schemas: new SchemaCreator(adapter),
    relations: new RelationCache(adapter),
    listener,
    fullRefresh: options.fullRefresh ?? false,
    targetDir: options.targetDir,
    signal,
    pendingWrites: [],
    storeFailures: options.storeFailures ?? false,
  };

  const results: NodeResult[] = [];
  const details = new Map<string, RunResultDetails>();
  const total = plan.nodes.length;
  let position = 0;
  listener.onRunStart({ nodes: plan.nodes, threads, adapter });

  const recordSkip = (id: string, because: string | undefined): void => {
    const node = project.nodes.get(id) as ManifestNode;
    const now = new Date().toISOString();
    const result: NodeResult = {
      uniqueId: id,
      status: 'skipped',
      executionTime: 0,
      startedAt: now,
      completedAt: now,
      message: because ? `SKIP (${because} did not succeed)` : 'SKIP (run interrupted)',
      relation: node.relation,
      skippedBecauseOf: because,
      adapterResponse: {},
    };
    results.push(result);
    listener.onNodeFinish(node, result, ++position, total);
  };

  const runsAnything = plan.nodes.length > 0;
  if (runsAnything) await createSchemasUpFront(environment, plan.nodes);
  const startHooks = runsAnything ? await runProjectHooks(environment, project, 'on-run-start') : { results: [] };
  results.push(...startHooks.results);
  let interrupted = false;
  if (startHooks.failed) {
    for (const node of plan.nodes) recordSkip(node.uniqueId, startHooks.failed);
  } else {
    ({ interrupted } = await runSchedule({
      tasks: plan.tasks,
      threads,
      signal,
      async run(id, worker) {
        const node = project.nodes.get(id) as ManifestNode;
        const index = ++position;
        listener.onNodeStart(node, index, total);
        const { result, timing } = await runNode(environment, node);
        results.push(result);
        details.set(id, { timing, threadId: `Thread-${worker}` });
        listener.onNodeFinish(node, result, index, total);
        if (options.failFast && blocksDownstream(result) && !failedFast) {
          failedFast = true;
          failFast.abort();
        }
        return blocksDownstream(result) ? 'blocking' : 'passed';
      },
      skip: recordSkip,
    }));
  }
  if (runsAnything && !interrupted && !failedFast) {
    const schemas = [...new Set(plan.nodes.flatMap((node) => (node.relation ? [node.relation.schema] : [])))];
    const endHooks = await runProjectHooks(environment, project, 'on-run-end', { results: resultsForTemplates(results, project), schemas });
    results.push(...endHooks.results);
  }

  await Promise.all(environment.pendingWrites);
  const elapsedSeconds = Math.round(performance.now() - started) / 1000;
  if (options.targetDir) {
    writeRunResultsJson(options.targetDir, {
      results,
      elapsedSeconds,
      invocationId: options.invocationId ?? randomUUID(),
      args: { which: 'run', ...(options.args ?? {}), full_refresh: options.fullRefresh ?? false, threads },
      nodes: project.nodes,
      details,
      dialect: adapter.dialect,
    });
  }
  listener.onRunFinish(results, elapsedSeconds);
  const failed = results.some((result) => result.status === 'error' || result.status === 'fail' || result.status === 'runtime error');
  return { results, elapsedSeconds, success: !failed && !interrupted, interrupted: interrupted && !failedFast, ...(failedFast ? { failedFast } : {}) };
}

/**
 * A compiler for nodes outside a run (`floe compile --select`, `floe show`):
 * the same renderer and run-time context a run uses.
 */
export function nodeCompilerFor(project: ParsedProject, adapter: ComputeAdapter, env: Record<string, string | undefined> = process.env): NodeCompiler {
  return new NodeCompiler(
    {
      project,
      adapter,
      lookup: new NodeLookup(project),
      env,
      target: targetContext(project, adapter, project.target.threads),
      dialect: cteAwareDialect(adapter.dialect),
      flags: { FULL_REFRESH: false, WHICH: 'compile' },
    },
    runtimeJinja(project, adapter),
  );
}

/**
 * As dbt does before on-run-start: create every schema the run writes to, so
 * hooks can use them. A failure here is left for the node that needs the
 * schema to report (it tries again).
 */
async function createSchemasUpFront(environment: NodeRunEnvironment, nodes: ManifestNode[]): Promise<void> {
  try {
    await environment.adapter.withSession(async (session) => {
      for (const node of nodes) {
        if (!node.relation || node.resourceType === 'test') continue;
        await environment.schemas.ensure(new StatementRunner(session, node, environment.listener, environment.signal), node.relation);
      }
    });
  } catch {
    // See above: reported by the node.
  }
}

/** An error, or a failing error-severity test (a warn never fails), skips everything downstream. */
function blocksDownstream(result: NodeResult): boolean {
  return result.status === 'error' || result.status === 'fail' || result.status === 'runtime error';
}

/**
 * The renderer for run time, with the macros of every project of the load.
 * Each macro file is read again from its project's folder so Jinja errors
 * point at real lines; a file that is gone is rebuilt from the parsed
 * `macroSql`, each macro placed back on its original line. The `dbt`
 * package's built-ins ship with the Jinja part itself.
 */
function runtimeJinja(project: ParsedProject, adapter: ComputeAdapter): DbtJinja {
  const byFile = new Map<string, MacroDefinition[]>();
  for (const macro of project.macros.values()) {
    if (macro.packageName === BUILTIN_PACKAGE) continue;
    const key = `${macro.packageName}\u0000${macro.originalFilePath}`;
    byFile.set(key, [...(byFile.get(key) ?? []), macro]);
  }
  const macroFiles = [...byFile.values()].map((macros) => {
    const { packageName, originalFilePath: file } = macros[0];
    const pkg = project.packages.get(packageName);
    const displayPath = macros[0].position.file !== file ? { displayPath: macros[0].position.file } : {};
    if (pkg) {
      const absolutePath = join(pkg.root, file);
      try {
        return { packageName, file, ...displayPath, absolutePath, source: readFileSync(absolutePath, 'utf8') };
      } catch {
        // Fall through to the parsed text.
      }
    }
    return { packageName, file, ...displayPath, source: sourceFromDefinitions(macros) };
  });
  return createDbtJinja({ rootPackage: project.settings.name, adapterType: adapter.type, macroFiles, dispatch: project.settings.dispatch });
}

/** The macros of one file, in order, each starting on the line it was parsed from. */
function sourceFromDefinitions(macros: MacroDefinition[]): string {
  let source = '';
  let line = 1;
  for (const macro of [...macros].sort((a, b) => (a.position.line ?? 0) - (b.position.line ?? 0))) {
    const target = macro.position.line ?? line;
    if (target > line) {
      source += '\n'.repeat(target - line);
      line = target;
    } else if (source !== '') {
      source += '\n';
      line++;
    }
    source += macro.macroSql;
    line += macro.macroSql.split('\n').length - 1;
  }
  return source;
}
