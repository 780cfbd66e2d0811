/** Which materialization runs a node: seeds and tests by resource type, models by `materialized`. */
import { FloeError } from '../../errors/index.js';
import type { ManifestNode } from '../types.js';
import type { MaterializationContext, MaterializationResult } from './materialization-context.js';
import { materializeIncremental } from './incremental-materialization.js';
import { materializeSeed } from './seed-materialization.js';
import { materializeSnapshot } from './snapshot-materialization.js';
import { executeUnitTest } from './unit-test-execution.js';
import { materializeTable } from './table-materialization.js';
import { executeTest } from './test-execution.js';
import { materializeView } from './view-materialization.js';

export type Materializer = (context: MaterializationContext) => Promise<MaterializationResult>;

const MODEL_MATERIALIZATIONS: Record<string, Materializer> = {
  view: materializeView,
  table: materializeTable,
  incremental: materializeIncremental,
};

export function materializerFor(node: ManifestNode): Materializer {
  if (node.resourceType === 'seed') return materializeSeed;
  if (node.resourceType === 'test') return executeTest;
  if (node.resourceType === 'snapshot') return materializeSnapshot;
  if (node.resourceType === 'unit_test') return executeUnitTest;
  const materialized = String(node.config.materialized ?? 'view');
  const materializer = MODEL_MATERIALIZATIONS[materialized];
  if (materializer) return materializer;
  throw new FloeError('FLOE_UNKNOWN_MATERIALIZATION', `model ${node.name} is materialized as '${materialized}', which floe does not support`, {
    position: { file: node.originalFilePath },
    hint: "use 'view', 'table', 'incremental' or 'ephemeral'",
  });
}
