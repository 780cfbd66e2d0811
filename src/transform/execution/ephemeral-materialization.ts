/**
 * `materialized: ephemeral` — nothing runs: the model is inlined as a CTE
 * into every model that refs it (ephemeral-ctes.ts). As in dbt, ephemeral
 * models do not appear in run results; the scheduler treats them as
 * transparent links between their parents and children.
 */
import type { ManifestNode } from '../types.js';

export function isEphemeral(node: ManifestNode): boolean {
  return node.resourceType === 'model' && node.config.materialized === 'ephemeral';
}
