import type { StepStatus } from '../state/index.js';
import type { NodeResult, NodeStatus, RelationRef } from '../../transform/index.js';

const STEP_STATUS: Record<NodeStatus, StepStatus> = {
  success: 'SUCCESS',
  error: 'ERROR',
  'runtime error': 'ERROR',
  skipped: 'SKIPPED',
  pass: 'PASS',
  fail: 'FAIL',
  warn: 'WARN',
};

/** The state store's name for a node outcome. */
export function stepStatusOf(status: NodeStatus): StepStatus {
  return STEP_STATUS[status];
}

/** error, runtime error, fail: the node did not do its job. */
export function isFailedResult(result: NodeResult): boolean {
  return result.status === 'error' || result.status === 'runtime error' || result.status === 'fail';
}

/** `database.schema.identifier` as a person reads it. */
export function relationText(relation: RelationRef | undefined): string | null {
  if (!relation) return null;
  return [relation.database, relation.schema, relation.identifier].filter((part) => part !== undefined && part !== '').join('.');
}

/** Counts of node outcomes, by status (`success`, `error`, `skipped`, `pass`, …). */
export function countResults(results: NodeResult[], into: Record<string, number> = {}): Record<string, number> {
  for (const result of results) {
    const key = result.status === 'runtime error' ? 'error' : result.status;
    into[key] = (into[key] ?? 0) + 1;
  }
  return into;
}
