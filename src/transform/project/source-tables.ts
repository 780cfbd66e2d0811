/** `sources:` entries of property YAML → SourceTable nodes (one per table), with config from the `sources:` tree. */
import { FloeError, type SourcePosition } from '../../errors/index.js';
import type { ColumnInfo, SourceTable } from '../types.js';
import { checkConfigKeys, type ConfigResolver } from './node-config.js';
import type { ColumnPatch, SourcePatch, TestEntry } from './property-yaml.js';

export interface SourceBuildContext {
  packageName: string;
  targetDatabase: string;
  /** dbt_project.yml `sources:` config layers for a source table's fqn. */
  tree: { configsFor(fqn: readonly string[]): Array<Record<string, unknown>> };
  configs: ConfigResolver;
  describe(text: string, position: SourcePosition): string;
  columnsFrom(columns: ColumnPatch[]): Record<string, ColumnInfo>;
  errors: FloeError[];
  warnings: FloeError[];
}

export interface BuiltSources {
  sources: Map<string, SourceTable>;
  /** `source_name.table_name` of disabled tables (a reference to one is an error). */
  disabled: Set<string>;
  /** Each enabled table with the tests written on it and its columns. */
  tests: Array<{ table: SourceTable; tests: TestEntry[]; columns: ColumnPatch[] }>;
}

export function buildSourceTables(patches: readonly SourcePatch[], context: SourceBuildContext): BuiltSources {
  const { packageName, errors, warnings } = context;
  const built: BuiltSources = { sources: new Map(), disabled: new Set(), tests: [] };
  for (const sourcePatch of patches) {
    checkConfigKeys(sourcePatch.config, sourcePatch.position, warnings);
    for (const table of sourcePatch.tables) {
      const fqn = [packageName, ...sourcePatch.folders, sourcePatch.name, table.name];
      const uniqueId = `source.${packageName}.${sourcePatch.name}.${table.name}`;
      if (built.sources.has(uniqueId)) {
        errors.push(
          new FloeError('FLOE_DUPLICATE_NODE', `source table '${sourcePatch.name}.${table.name}' is declared twice (second in ${sourcePatch.file})`, { position: table.position }),
        );
        continue;
      }
      checkConfigKeys(table.config, table.position, warnings);
      const config = context.configs.resolve('source', context.tree.configsFor(fqn), [sourcePatch.config, table.config]);
      if (config.enabled === false || config.enabled === 'false') {
        built.disabled.add(`${sourcePatch.name}.${table.name}`);
        continue;
      }
      const source: SourceTable = {
        uniqueId,
        resourceType: 'source',
        sourceName: sourcePatch.name,
        name: table.name,
        packageName,
        originalFilePath: sourcePatch.file,
        fqn,
        description: context.describe(table.description, table.position),
        sourceDescription: context.describe(sourcePatch.description, sourcePatch.position),
        columns: context.columnsFrom(table.columns),
        meta: (config.meta as Record<string, unknown>) ?? {},
        tags: ((config.tags as unknown[]) ?? []).map(String),
        // dbt's defaults: the target database, and a schema named after the source.
        relation: { database: sourcePatch.database ?? context.targetDatabase, schema: sourcePatch.schema ?? sourcePatch.name, identifier: table.identifier ?? table.name },
        loadedAtField: table.loadedAtField ?? (typeof config.loaded_at_field === 'string' ? config.loaded_at_field : undefined) ?? sourcePatch.loadedAtField,
        // A table's `freshness: null` turns off what its source (or a config) sets.
        freshness: table.freshness !== undefined ? table.freshness : sourcePatch.freshness !== undefined ? sourcePatch.freshness : config.freshness,
        position: table.position,
      };
      built.sources.set(uniqueId, source);
      built.tests.push({ table: source, tests: table.tests, columns: table.columns });
    }
  }
  return built;
}
