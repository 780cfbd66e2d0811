/**
 * A run's standard signals: OpenTelemetry spans (run → node → statement),
 * OpenLineage events (the product run and each node, with the ParentRun
 * facet) and Prometheus metrics. Nothing here may fail the run: a tracing or
 * lineage problem is reported through `onProblem` (the run records it as an
 * event) and the run goes on. With the trace exporter `none` no tracing is
 * created at all (so OpenTelemetry is never loaded), and a launcher's
 * TRACEPARENT passes through to the steps untouched.
 */
import type { Span } from '@opentelemetry/api';
import {
  buildNodeRunEvent,
  buildProductRunEvent,
  createLineageEmitter,
  createTracing,
  extractTraceContextFromEnv,
  lineageProducer,
  newRunId,
  type FloeMetrics,
  type LineageDataset,
  type LineageEmitter,
  type NodeLineageInfo,
  type RunEventKind,
  type Tracing,
} from '../../observability/index.js';
import type { FloeError } from '../../errors/index.js';
import type { RunStatus } from '../state/index.js';
import type { ComputeAdapter, ManifestNode, NodeResult, ProjectRunOutcome, RunListener } from '../../transform/index.js';
import { floeVersion } from '../../version/index.js';
import { LineageLookup, assertionOf, nodeLineage, relationsOfStep, testedRelations } from './node-lineage.js';
import type { ObservabilitySettings } from './observability-settings.js';
import { isFailedResult } from './step-status.js';

export interface RunObserverOptions {
  product: string;
  runId: string;
  environment: string;
  /** Where the parent's TRACEPARENT is read from. */
  env: Record<string, string | undefined>;
  /** A problem with tracing or lineage (never thrown): the run records it. */
  onProblem(kind: 'tracing' | 'lineage', message: string, error?: FloeError): void;
}

export interface RunObserver {
  /** The run span (for handing the trace context to child processes). */
  readonly runSpan: Span | undefined;
  listenerFor(stepName: string): RunListener;
  /**
   * Emits the step's node COMPLETE/FAIL events, with schemas read through
   * `adapter` — the step's own, still open (runProject's `beforeClose`).
   */
  stepFinished(outcome: ProjectRunOutcome, adapter: ComputeAdapter): Promise<void>;
  runFinished(status: RunStatus, durationSeconds: number, error?: string): Promise<void>;
}

const DB_SYSTEMS: Record<string, string> = { postgres: 'postgresql', duckdb: 'duckdb' };

/** Nodes whose column lineage is derived at once after a step: enough to overlap the SQL parses. */
const LINEAGE_PARSE_CONCURRENCY = 4;

/** `map` with at most `limit` calls in flight; results in input order. */
async function mapWithConcurrency<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

interface NodeState {
  span?: Span;
  lineageRunId: string;
  startedAt: string;
}

export async function createRunObserver(settings: ObservabilitySettings, options: RunObserverOptions): Promise<RunObserver> {
  const { product, runId, environment } = options;
  const metrics: FloeMetrics | undefined = settings.metrics;
  const producer = lineageProducer(floeVersion());

  let tracing: Tracing | undefined;
  if (settings.tracing.exporter !== 'none') {
    try {
      tracing = await createTracing({ ...settings.tracing, env: {}, resourceAttributes: { 'deployment.environment': environment } });
    } catch (error) {
      options.onProblem('tracing', `Tracing is off for this run: ${errorText(error)}`, error as FloeError);
    }
  }
  let emitter: LineageEmitter | undefined;
  try {
    emitter = createLineageEmitter(settings.lineage, {
      env: {},
      onSendFailed: (error, event) => {
        metrics?.lineageEventsFailedTotal.inc();
        options.onProblem('lineage', `OpenLineage ${event.eventType} event for ${event.job.name} was not delivered: ${error.message}`, error);
      },
    });
  } catch (error) {
    options.onProblem('lineage', `Lineage is off for this run: ${errorText(error)}`, error as FloeError);
  }
  const namespace = settings.productNamespace ?? emitter?.namespace ?? settings.lineage.namespace;
  const common = { namespace, product, producer };
  const emit = (build: () => Parameters<LineageEmitter['emit']>[0]): void => {
    if (!emitter) return;
    try {
      void emitter.emit(build());
    } catch (error) {
      options.onProblem('lineage', `Could not build an OpenLineage event: ${errorText(error)}`);
    }
  };

  const runSpan = tracing ? tracing.startRunSpan({ product, runId, environment, parent: extractTraceContextFromEnv(options.env) }) : undefined;
  emit(() => buildProductRunEvent({ ...common, eventType: 'START', runId }));

  // Per step: the engine, the namespace of its datasets and the nodes' spans/lineage runs.
  const nodes = new Map<string, NodeState>();
  let engine = 'duckdb';
  let datasetNamespace = '';
  let defaultDatabase = '';

  function lineageInfo(node: ManifestNode, result?: NodeResult): NodeLineageInfo {
    return {
      name: node.name,
      resourceType: node.resourceType,
      materialization: node.config.materialized,
      ...(node.description ? { description: node.description } : {}),
      ...(result?.compiledSql ? { compiledSql: result.compiledSql, sqlDialect: engine } : {}),
    };
  }

  return {
    runSpan,
    listenerFor() {
      return {
        onRunStart({ adapter }) {
          engine = adapter.type;
          datasetNamespace = adapter.lineageNamespace;
          defaultDatabase = adapter.database;
        },
        onNodeStart(node) {
          const state: NodeState = { lineageRunId: newRunId(), startedAt: new Date().toISOString() };
          if (tracing && runSpan) {
            state.span = tracing.startNodeSpan(runSpan, { name: node.name, uniqueId: node.uniqueId, resourceType: node.resourceType, materialization: node.config.materialized });
          }
          nodes.set(node.uniqueId, state);
        },
        onStatement(node, sql, durationMs, rowsAffected, error) {
          const parent = nodes.get(node.uniqueId)?.span;
          if (!tracing || !parent || !runSpan) return;
          const span = tracing.startStatementSpan(parent, { dbSystem: DB_SYSTEMS[engine] ?? engine, statement: sql, startTime: Date.now() - durationMs });
          span.setAttribute('floe.node', node.uniqueId);
          tracing.endSpan(span, { ...(rowsAffected !== undefined ? { rows: rowsAffected } : {}), ...(error !== undefined ? { error } : {}) });
        },
        onNodeFinish(node, result) {
          if (result.status === 'skipped') return; // it did not run: no duration, no span
          metrics?.recordStep({
            product,
            resourceType: node.resourceType,
            durationSeconds: result.executionTime,
            ...(node.resourceType !== 'test' && result.rowsAffected !== undefined ? { rowsWritten: result.rowsAffected } : {}),
          });
          const span = nodes.get(node.uniqueId)?.span;
          if (!tracing || !span) return;
          span.setAttribute('floe.status', result.status);
          span.setAttribute('db.system', DB_SYSTEMS[engine] ?? engine);
          tracing.endSpan(span, {
            ...(result.rowsAffected !== undefined ? { rows: result.rowsAffected } : {}),
            ...(isFailedResult(result) ? { error: result.error ?? new Error(result.message) } : {}),
          });
        },
      };
    },
    async stepFinished(outcome, adapter) {
      if (!emitter || emitter.transport === 'none') return;
      const { project } = outcome;
      const lookup = new LineageLookup(datasetNamespace, defaultDatabase);
      const lookupError = await lookup.load(adapter, relationsOfStep(project, outcome.results));
      if (lookupError !== undefined) options.onProblem('lineage', `Dataset schemas are left out of this step's lineage: ${errorText(lookupError)}`);
      const bare = (datasets: LineageDataset[]) => datasets.map((dataset) => ({ namespace: dataset.namespace, name: dataset.name }));
      // A few nodes at a time (their SQL parses overlap), emitted in the results' order.
      const lineages = await mapWithConcurrency(outcome.results, LINEAGE_PARSE_CONCURRENCY, async (result) => {
        const node = project.nodes.get(result.uniqueId);
        const state = nodes.get(result.uniqueId);
        if (!node || !state || result.status === 'skipped') return undefined;
        if (node.resourceType === 'test') {
          const tested = testedRelations(project, node).map((relation) => lookup.withColumns(relation));
          return { result, node, state, inputs: tested.map((dataset) => ({ ...dataset, assertions: [assertionOf(node, result)] })), outputs: [] };
        }
        return { result, node, state, ...(await nodeLineage(lookup, project, node, result)) };
      });
      for (const lineage of lineages) {
        if (!lineage) continue;
        const { result, node, state, inputs, outputs } = lineage;
        const failed = isFailedResult(result);
        const eventType: RunEventKind = failed ? 'FAIL' : 'COMPLETE';
        const error = failed ? { message: result.error?.message ?? result.message } : undefined;
        // START goes out with the finish, once the engine can be asked for the step's tables; its time is the node's real start.
        emit(() =>
          buildNodeRunEvent({ ...common, eventType: 'START', runId: state.lineageRunId, parentRunId: runId, node: lineageInfo(node), inputs: bare(inputs), outputs: bare(outputs), eventTime: result.startedAt || state.startedAt }),
        );
        emit(() =>
          buildNodeRunEvent({ ...common, eventType, runId: state.lineageRunId, parentRunId: runId, node: lineageInfo(node, result), inputs, outputs, eventTime: result.completedAt, ...(error ? { error } : {}) }),
        );
      }
    },
    async runFinished(status, durationSeconds, error) {
      const eventType: RunEventKind = status === 'SUCCESS' ? 'COMPLETE' : status === 'CANCELED' ? 'ABORT' : 'FAIL';
      emit(() => buildProductRunEvent({ ...common, eventType, runId, ...(error && eventType !== 'COMPLETE' ? { error: { message: error } } : {}) }));
      metrics?.recordRun({ product, status: status === 'SUCCESS' ? 'success' : status === 'CANCELED' ? 'canceled' : 'failure', durationSeconds });
      if (tracing && runSpan) {
        runSpan.setAttribute('floe.status', status);
        tracing.endSpan(runSpan, status === 'FAILURE' ? { error: new Error(error ?? 'run failed') } : {});
      }
      try {
        await emitter?.close();
      } catch (closeError) {
        options.onProblem('lineage', `Could not flush lineage: ${errorText(closeError)}`);
      }
      try {
        await tracing?.shutdown();
      } catch (flushError) {
        options.onProblem('tracing', `Could not flush traces: ${errorText(flushError)}`);
      }
    },
  };
}
