/**
 * The RunListener that writes a run into the state store: a step row per
 * node (PENDING at start, RUNNING, then its outcome with timings, rows,
 * error and relation) and events (node started/finished, statements at
 * debug level, warnings), in batches (state-write-batch.ts).
 */
import type { EventInput, JsonObject, StateStore } from '../state/index.js';
import type { FloeError } from '../../errors/index.js';
import type { ManifestNode, NodeResult, RunListener } from '../../transform/index.js';
import { OrderedWrites } from './ordered-writes.js';
import { StateWriteBatch } from './state-write-batch.js';
import { isFailedResult, relationText, stepStatusOf } from './step-status.js';

/** Statements are kept for debugging, not as an archive: long ones are cut. */
const MAX_STATEMENT_CHARS = 4000;

export interface StateRecorder {
  /** Write failures are remembered here (never thrown). */
  readonly writes: OrderedWrites;
  /** Writes what is still batched and waits for every write so far. */
  drain(): Promise<void>;
  listenerFor(stepName: string): RunListener;
  event(event: EventInput): void;
  warnings(stepName: string, warnings: FloeError[]): void;
  /** Nodes of a step that never ran (an earlier step failed, or the run was stopped). */
  skipped(stepName: string, nodes: ManifestNode[], reason: string): void;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function createStateRecorder(store: StateStore, runId: string): StateRecorder {
  const writes = new OrderedWrites();
  const batch = new StateWriteBatch(writes, store, runId);
  const append = (events: EventInput[]): void => batch.appendEvents(events);

  function finished(node: ManifestNode, result: NodeResult): void {
    const status = stepStatusOf(result.status);
    const failed = isFailedResult(result);
    const error = result.error?.message ?? (failed ? result.message : null);
    batch.upsertSteps([
      {
        uniqueId: node.uniqueId,
        name: node.name,
        resourceType: node.resourceType,
        status,
        ...(result.status === 'skipped' ? {} : { startedAt: result.startedAt, finishedAt: result.completedAt, durationMs: Math.round(result.executionTime * 1000) }),
        rowsAffected: result.rowsAffected ?? (node.resourceType === 'test' ? (result.failures ?? null) : null),
        message: result.message,
        error,
        relation: relationText(result.relation ?? node.relation),
      },
    ]);
    const data: JsonObject = { status, durationMs: Math.round(result.executionTime * 1000) };
    if (result.rowsAffected !== undefined) data.rows = result.rowsAffected;
    if (result.failures !== undefined) data.failures = result.failures;
    if (result.skippedBecauseOf) data.skippedBecauseOf = result.skippedBecauseOf;
    if (result.error) data.errorCode = result.error.code;
    append([
      {
        kind: 'step.finished',
        step: node.uniqueId,
        level: failed ? 'error' : result.status === 'warn' ? 'warn' : 'info',
        message: `${status}: ${error ?? result.message}`,
        data,
      },
    ]);
  }

  return {
    writes,
    async drain() {
      batch.flush();
      await writes.drain();
    },
    listenerFor(stepName) {
      return {
        onRunStart({ nodes, threads, adapter }) {
          batch.upsertSteps(nodes.map((node) => ({ uniqueId: node.uniqueId, name: node.name, resourceType: node.resourceType, status: 'PENDING' as const, relation: relationText(node.relation) })));
          append([{ kind: 'transform.started', message: `Transform ${stepName}: ${nodes.length} nodes on ${adapter.type}, ${threads} at a time.`, data: { transform: stepName, nodes: nodes.length, threads, engine: adapter.type } }]);
        },
        onNodeStart(node) {
          batch.upsertSteps([{ uniqueId: node.uniqueId, name: node.name, resourceType: node.resourceType, status: 'RUNNING' }]);
          append([{ kind: 'step.started', step: node.uniqueId, message: `started (${node.config.materialized})`, data: { materialization: node.config.materialized } }]);
        },
        onStatement(node, sql, durationMs, rowsAffected, error) {
          const statement = sql.length > MAX_STATEMENT_CHARS ? `${sql.slice(0, MAX_STATEMENT_CHARS)}…` : sql;
          const data: JsonObject = { sql: statement, durationMs: Math.round(durationMs) };
          if (rowsAffected !== undefined) data.rows = rowsAffected;
          if (error !== undefined) data.error = errorText(error);
          append([{ kind: 'statement', step: node.uniqueId, level: 'debug', message: error === undefined ? 'statement ran' : `statement failed: ${errorText(error)}`, data }]);
        },
        onNodeFinish(node, result) {
          finished(node, result);
        },
      };
    },
    event(event) {
      append([event]);
    },
    warnings(stepName, warnings) {
      if (warnings.length === 0) return;
      append(
        warnings.map((warning) => ({
          kind: 'warning',
          level: 'warn' as const,
          message: warning.message,
          data: { transform: stepName, code: warning.code, ...(warning.position ? { file: warning.position.file, line: warning.position.line ?? null } : {}), ...(warning.hint ? { hint: warning.hint } : {}) },
        })),
      );
    },
    skipped(stepName, nodes, reason) {
      if (nodes.length > 0) {
        batch.upsertSteps(nodes.map((node) => ({ uniqueId: node.uniqueId, name: node.name, resourceType: node.resourceType, status: 'SKIPPED' as const, message: `SKIP (${reason})`, relation: relationText(node.relation) })));
      }
      append([{ kind: 'transform.skipped', level: 'warn', message: `Transform ${stepName} skipped: ${reason}.`, data: { transform: stepName, nodes: nodes.length } }]);
    },
  };
}
