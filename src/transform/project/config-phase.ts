/**
 * Phase 4: the config trees of every dbt_project.yml. A package's node gets
 * its own project's tree first, then the root project's, so the root can
 * override a package's configs (`models: {dbt_utils: {+schema: utils}}`).
 */
import { FloeError } from '../../errors/index.js';
import type { ResourceType } from '../types.js';
import { ConfigTree } from './config-tree.js';
import type { ConfigTreeKind, PackageState, ParseSession } from './parse-session.js';
import { PROJECT_FILE } from './project-settings.js';
import { yamlRenderer } from './property-phase.js';

const TREE_KINDS: ConfigTreeKind[] = ['models', 'seeds', 'tests', 'data_tests', 'sources', 'snapshots', 'unit_tests'];

export function buildConfigTrees(session: ParseSession): void {
  // Every package, folder, file and source name that exists: a bare mapping key named like one is a folder, not a config.
  const segmentNames = new Set<string>();
  for (const pkg of session.packages) {
    segmentNames.add(pkg.name);
    for (const file of [...pkg.files.models, ...pkg.files.seeds, ...pkg.files.singularTests, ...pkg.files.snapshots]) {
      for (const folder of file.folders) segmentNames.add(folder);
      segmentNames.add(file.stem);
    }
    for (const source of pkg.sourcePatches) {
      for (const folder of source.folders) segmentNames.add(folder);
      segmentNames.add(source.name);
      for (const table of source.tables) segmentNames.add(table.name);
    }
    for (const patch of pkg.patches.values()) if (patch.kind === 'snapshots') segmentNames.add(patch.name);
  }
  for (const pkg of session.packages) {
    const renderYaml = yamlRenderer(session, pkg);
    // A package's unknown config keys are its authors' business, not the user's.
    const warnings = pkg === session.root ? session.warnings : [];
    const trees = {} as Record<ConfigTreeKind, ConfigTree>;
    for (const kind of TREE_KINDS) trees[kind] = new ConfigTree(pkg.settings.configTrees[kind], kind, segmentNames, pkg.files.loaded.positions, warnings, renderYaml);
    pkg.trees = trees;
  }
}

function layersOf(trees: Record<ConfigTreeKind, ConfigTree>, resourceType: ResourceType, fqn: readonly string[]): Array<Record<string, unknown>> {
  switch (resourceType) {
    case 'model':
      return trees.models.configsFor(fqn);
    case 'seed':
      return trees.seeds.configsFor(fqn);
    case 'test':
      return [...trees.tests.configsFor(fqn), ...trees.data_tests.configsFor(fqn)];
    case 'snapshot':
      return trees.snapshots.configsFor(fqn);
    case 'unit_test':
      return trees.unit_tests.configsFor(fqn);
    case 'source':
      return trees.sources.configsFor(fqn);
    default:
      return [];
  }
}

/** dbt_project.yml config layers for a node of `pkg` with this fqn, least specific first. */
export function treeLayers(session: ParseSession, pkg: PackageState, resourceType: ResourceType, fqn: readonly string[]): Array<Record<string, unknown>> {
  const own = layersOf(pkg.trees, resourceType, fqn);
  if (pkg === session.root) return own;
  return [...own, ...layersOf(session.root.trees, resourceType, fqn)];
}

/** Warnings for root-project config paths that matched nothing (a package's own tree is not the user's to fix). */
export function unusedConfigPathWarnings(session: ParseSession): void {
  for (const kind of TREE_KINDS) {
    for (const unused of session.root.trees[kind].unusedPaths()) {
      session.warnings.push(
        new FloeError('FLOE_UNUSED_CONFIG_PATH', `config path '${unused.path}' in ${PROJECT_FILE} matches no resource`, {
          severity: 'warning',
          position: unused.position,
          hint: 'check the folder names (configs of a mapping value need a + prefix, e.g. +meta:)',
        }),
      );
    }
  }
}
