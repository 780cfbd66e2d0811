/**
 * Which medallion tier a model belongs to. Most specific first:
 *   1. the model's own `meta.tier` (config or property YAML),
 *   2. a folder named bronze/silver/gold on its path (`models/gold/…`),
 *   3. a medallion name prefix (`gold_customers`),
 *   4. the transform's `tier` in floe.yaml.
 * A model with none of these has no tier, and no tier threshold applies to it.
 */
import type { ManifestNode } from '../transform/index.js';
import { TIERS, type GovernanceTransform, type Tier } from './governance-input.js';

export type TierSource = 'meta' | 'folder' | 'name' | 'transform';

export function isTier(value: unknown): value is Tier {
  return typeof value === 'string' && (TIERS as readonly string[]).includes(value);
}

export function modelTier(node: ManifestNode, transform: GovernanceTransform): { tier?: Tier; source?: TierSource } {
  const metaTier = node.config.meta?.tier;
  if (isTier(metaTier)) return { tier: metaTier, source: 'meta' };
  const folder = folderTier(node);
  if (folder) return { tier: folder, source: 'folder' };
  const prefix = node.name.split('_')[0];
  if (isTier(prefix) && node.name.length > prefix.length + 1) return { tier: prefix, source: 'name' };
  if (transform.tier) return { tier: transform.tier, source: 'transform' };
  return {};
}

/** The tier named by the innermost bronze/silver/gold folder of the model's path, if any. */
export function folderTier(node: ManifestNode): Tier | undefined {
  // fqn is [package, ...folders, name]: only the folders count.
  const folders = node.fqn.slice(1, -1);
  for (let index = folders.length - 1; index >= 0; index--) {
    if (isTier(folders[index])) return folders[index] as Tier;
  }
  return undefined;
}
