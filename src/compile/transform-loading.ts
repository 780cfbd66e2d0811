/**
 * Each transform of a product: its approved compute, its SQL project loaded
 * with a profile built from that compute (no profiles.yml, no secrets
 * resolved), its graph, and its node selection checked.
 */
import { join } from 'node:path';
import { effectiveSettings, type DataProduct, type EnvironmentName, type Manifest } from '../config/index.js';
import { FloeError, type SourcePosition } from '../errors/index.js';
import type { GovernanceProject } from '../governance/index.js';
import { buildGraph, loadProject, selectNodes, type DependencyGraph } from '../transform/index.js';
import type { TransformArtifact } from './artifacts-schema.js';
import { compiledCompute, profileTargetFor } from './compute-resolution.js';
import { productRelativePath } from './input-hashes.js';
import { collectThrown, relocateError } from './relocate-errors.js';

export interface LoadedTransform extends GovernanceProject {
  graph: DependencyGraph;
  artifact: Omit<TransformArtifact, 'graph' | 'project_name'>;
  projectDir: string;
}

export async function loadTransforms(
  product: DataProduct,
  manifest: Manifest,
  environment: EnvironmentName,
  productDir: string,
  processEnv: Record<string, string | undefined> | undefined,
  errors: FloeError[],
  warnings: FloeError[],
): Promise<LoadedTransform[]> {
  const settings = effectiveSettings(manifest, environment);
  const result: LoadedTransform[] = [];
  for (const transform of product.transforms) {
    const name = transform.name ?? transform.path;
    const target = settings.compute.approved.find((candidate) => candidate.name === transform.compute);
    if (!target) {
      // config reports an unapproved compute; this only guards the types.
      errors.push(new FloeError('FLOE_COMPUTE_NOT_APPROVED', `transform '${name}' has no approved compute`, { hint: 'set `compute` to one of the manifest\'s approved compute' }));
      continue;
    }
    const compute = compiledCompute(target, settings.resource_presets);
    const projectDir = join(productDir, transform.path);
    try {
      const project = await loadProject({
        projectDir,
        env: processEnv,
        profileOverride: profileTargetFor(compute, { productDir, profileName: product.metadata.name, targetName: environment }),
      });
      warnings.push(...project.warnings.map((warning) => relocateError(warning, productDir, projectDir)));
      const graph = buildGraph(project);
      result.push({
        transform,
        project,
        graph,
        projectDir,
        artifact: {
          name,
          type: 'dbt',
          path: productRelativePath(productDir, projectDir),
          compute,
          ...(transform.tier ? { tier: transform.tier } : {}),
          tags: transform.tags,
          ...(transform.select ? { select: transform.select } : {}),
          ...(transform.exclude ? { exclude: transform.exclude } : {}),
        },
      });
    } catch (thrown) {
      errors.push(...collectThrown(thrown).map((error) => relocateError(error, productDir, projectDir)));
    }
  }
  return result;
}

/**
 * Run each transform's `select` / `exclude` once now, so a bad selector fails
 * compile (located in floe.yaml) instead of a scheduled run, and record what it picks.
 */
export function checkSelections(
  transforms: LoadedTransform[],
  locate: (path: Array<string | number>) => SourcePosition | undefined,
  errors: FloeError[],
  warnings: FloeError[],
): void {
  transforms.forEach((loaded, index) => {
    const { select, exclude } = loaded.artifact;
    if (!select && !exclude) return;
    const at = (error: FloeError) =>
      new FloeError(error.code, `transform '${loaded.artifact.name}': ${error.message}`, {
        position: locate(['transforms', index, select ? 'select' : 'exclude']),
        hint: error.hint,
        severity: error.severity,
        cause: error,
      });
    try {
      loaded.artifact.selected = selectNodes(loaded.project, loaded.graph, { select, exclude, onWarning: (warning) => warnings.push(at(warning)) });
    } catch (thrown) {
      errors.push(...collectThrown(thrown).map(at));
    }
  });
}
