/**
 * What every materialization gets, and what it hands back. One file per
 * materialization reads only this, so adding one (snapshot, later) is adding
 * a file.
 */
import type { ComputeAdapter, ExistingRelation, RelationRef } from '../../compute/index.js';
import type { FloeError } from '../../errors/index.js';
import type { ManifestNode, NodeStatus } from '../types.js';
import type { StatementRunner } from './statement-runner.js';
import type { RelationCache } from './relation-cache.js';
import type { SchemaCreator } from './schema-creator.js';

export interface MaterializationContext {
  node: ManifestNode;
  adapter: ComputeAdapter;
  statements: StatementRunner;
  schemas: SchemaCreator;
  /** Relations as they were when the run first listed their schema (see relation-cache.ts). */
  relations: RelationCache;
  /** The node's compiled SELECT (empty for seeds). */
  compiledSql: string;
  /** The relation as it exists before this node runs (looked up before compiling). */
  existing: ExistingRelation | undefined;
  /** `--full-refresh`, already combined with the node's `full_refresh` config. */
  fullRefresh: boolean;
  /** `--store-failures` (a test's own `store_failures` config wins). */
  storeFailures?: boolean;
}

export interface MaterializationResult {
  status: NodeStatus;
  message: string;
  rowsAffected?: number;
  failures?: number;
  adapterResponse: Record<string, unknown>;
  relation?: RelationRef;
  /** Why a test failed, when there is more to say than a count (a unit test's differing rows). */
  error?: FloeError;
}

export function requireRelation(node: ManifestNode): RelationRef {
  if (!node.relation) throw new Error(`internal: ${node.uniqueId} has no relation to build`);
  return node.relation;
}

export function adapterResponse(message: string, code: string, rowsAffected: number | undefined): Record<string, unknown> {
  return { _message: message, code, rows_affected: rowsAffected ?? -1 };
}
