/**
 * Runs one node on a session of its own: look up its relation, compile it
 * (run-time Jinja), write `target/compiled`, materialize, write `target/run`.
 * Never throws: every failure becomes a NodeResult with status `error` and a
 * FloeError naming the node.
 */
import { performance } from 'node:perf_hooks';
import { FloeError, isFloeError } from '../../errors/index.js';
import type { ComputeAdapter } from '../../compute/index.js';
import type { ManifestNode, NodeResult, RunListener } from '../types.js';
import { writeSqlArtifactAsync } from '../artifacts/compiled-sql.js';
import type { SqlArtifactKind } from '../artifacts/compiled-sql.js';
import type { TimingInfo } from '../artifacts/run-results-json.js';
import { runsIncrementally } from './incremental-materialization.js';
import type { MaterializationContext } from './materialization-context.js';
import { materializerFor } from './materializations.js';
import type { NodeCompiler } from './node-compiler.js';
import type { RelationCache } from './relation-cache.js';
import type { SchemaCreator } from './schema-creator.js';
import { errorMessage } from './sql-error.js';
import { StatementRunner } from './statement-runner.js';

export interface NodeRunEnvironment {
  adapter: ComputeAdapter;
  compiler: NodeCompiler;
  schemas: SchemaCreator;
  relations: RelationCache;
  listener: Required<RunListener>;
  fullRefresh: boolean;
  targetDir?: string;
  signal?: AbortSignal;
  /** Artifact writes in flight; executeNodes awaits them before it returns. */
  pendingWrites: Array<Promise<unknown>>;
  /** `--store-failures` for every test. */
  storeFailures?: boolean;
}

export interface NodeRun {
  result: NodeResult;
  timing: TimingInfo[];
}

export async function runNode(environment: NodeRunEnvironment, node: ManifestNode): Promise<NodeRun> {
  const { adapter, compiler, listener } = environment;
  const startedAt = new Date();
  const started = performance.now();
  const timing: TimingInfo[] = [];
  let compiledSql: string | undefined;
  let statements: StatementRunner | undefined;
  try {
    const outcome = await adapter.withSession(async (session) => {
      statements = new StatementRunner(session, node, listener, environment.signal);
      const cancel = (): void => {
        void session.cancel().catch(() => undefined);
      };
      environment.signal?.addEventListener('abort', cancel);
      try {
        if (environment.signal?.aborted) throw interruptedError(node);
        const compileStarted = new Date();
        const existing = node.relation && node.resourceType !== 'test' && node.resourceType !== 'unit_test' ? await environment.relations.current(session, node.relation) : undefined;
        const fullRefresh = typeof node.config.full_refresh === 'boolean' ? node.config.full_refresh : environment.fullRefresh;
        const isIncremental = node.config.materialized === 'incremental' && runsIncrementally({ existing, fullRefresh });
        compiledSql = node.resourceType === 'seed' ? undefined : await compiler.compile(node, statements, isIncremental);
        if (compiledSql !== undefined) writeArtifact(environment, 'compiled', node, compiledSql);
        timing.push({ name: 'compile', started_at: compileStarted.toISOString(), completed_at: new Date().toISOString() });
        const executeStarted = new Date();
        try {
          const context: MaterializationContext = {
            node: compiler.runTimeConfig(node),
            adapter,
            statements,
            schemas: environment.schemas,
            relations: environment.relations,
            compiledSql: compiledSql ?? '',
            existing,
            fullRefresh,
            storeFailures: environment.storeFailures ?? false,
          };
          const materialize = materializerFor(node);
          await runHooks(environment, node, statements, node.config.pre_hook, isIncremental);
          const outcome = await materialize(context);
          await runHooks(environment, node, statements, node.config.post_hook, isIncremental);
          return outcome;
        } finally {
          timing.push({ name: 'execute', started_at: executeStarted.toISOString(), completed_at: new Date().toISOString() });
        }
      } finally {
        environment.signal?.removeEventListener('abort', cancel);
      }
    });
    return {
      timing,
      result: {
        uniqueId: node.uniqueId,
        status: outcome.status,
        executionTime: seconds(performance.now() - started),
        startedAt: startedAt.toISOString(),
        completedAt: new Date().toISOString(),
        message: outcome.message,
        failures: outcome.failures,
        rowsAffected: outcome.rowsAffected,
        compiledSql,
        relation: outcome.relation,
        adapterResponse: outcome.adapterResponse,
        ...(outcome.error ? { error: outcome.error } : {}),
      },
    };
  } catch (caught) {
    const error = asNodeError(node, caught);
    return {
      timing,
      result: {
        uniqueId: node.uniqueId,
        status: 'error',
        executionTime: seconds(performance.now() - started),
        startedAt: startedAt.toISOString(),
        completedAt: new Date().toISOString(),
        message: error.message,
        compiledSql,
        relation: node.relation,
        error,
        adapterResponse: {},
      },
    };
  } finally {
    writeRunSql(environment, node, statements);
  }
}

/** dbt's pre-/post-hooks: SQL (Jinja) run on the node's session before / after it is built. */
async function runHooks(environment: NodeRunEnvironment, node: ManifestNode, statements: StatementRunner, hooks: unknown, isIncremental: boolean): Promise<void> {
  if (node.resourceType === 'test' || !Array.isArray(hooks)) return;
  for (const hook of hooks) {
    const sql = (await environment.compiler.renderHook(node, statements, String(hook), isIncremental)).trim();
    if (sql !== '') await statements.execute(sql);
  }
}

function writeRunSql(environment: NodeRunEnvironment, node: ManifestNode, statements: StatementRunner | undefined): void {
  if (!statements || statements.executed.length === 0) return;
  writeArtifact(environment, 'run', node, statements.executed.map((sql) => `${sql.trimEnd()};`).join('\n\n'));
}

function writeArtifact(environment: NodeRunEnvironment, kind: SqlArtifactKind, node: ManifestNode, sql: string): void {
  if (!environment.targetDir) return;
  // target/compiled and target/run are debugging aids: a failed write must not change the node's outcome.
  environment.pendingWrites.push(writeSqlArtifactAsync(environment.targetDir, kind, node, sql).catch(() => undefined));
}

function interruptedError(node: ManifestNode): FloeError {
  return new FloeError('FLOE_INTERRUPTED', `${node.resourceType} ${node.name} was not run: the run was interrupted`, {
    position: { file: node.originalFilePath },
    hint: 'run again to build it',
  });
}

function asNodeError(node: ManifestNode, caught: unknown): FloeError {
  if (isFloeError(caught) && caught.code === 'FLOE_JINJA') {
    // Keep the template position; say which node was being compiled.
    return new FloeError(caught.code, `${node.resourceType} ${node.name} could not be compiled: ${caught.message}`, {
      position: caught.position ?? { file: node.originalFilePath },
      detail: caught.detail,
      hint: caught.hint,
      cause: caught,
    });
  }
  if (isFloeError(caught)) return caught;
  return new FloeError('FLOE_NODE_FAILED', `${node.resourceType} ${node.name} failed: ${errorMessage(caught)}`, {
    position: { file: node.originalFilePath },
    hint: 'this is likely a bug in floe; run with --debug and report it',
    cause: caught,
  });
}

function seconds(milliseconds: number): number {
  return Math.round(milliseconds) / 1000;
}
