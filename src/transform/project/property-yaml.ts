/**
 * Property YAML files (`models:`, `seeds:`, `sources:`, `macros:` …) → patches
 * that later attach descriptions, columns, config and tests to nodes.
 */
import { FloeError, type SourcePosition } from '../../errors/index.js';
import { isMapping, loadYaml, type YamlPositions } from './yaml-with-positions.js';

export interface TestEntry {
  /** As written: `unique`, or `{ accepted_values: {...} }`. */
  definition: unknown;
  position: SourcePosition;
  positions: YamlPositions;
}

export interface ColumnPatch {
  name: string;
  description: string;
  dataType?: string;
  meta: Record<string, unknown>;
  tags: string[];
  tests: TestEntry[];
  position: SourcePosition;
  /** `quote: true`: the column's name is quoted wherever dbt writes it (generic tests). */
  quote?: boolean;
}

export interface NodePatch {
  kind: 'models' | 'seeds' | 'snapshots' | 'analyses';
  name: string;
  file: string;
  description: string;
  config: Record<string, unknown>;
  columns: ColumnPatch[];
  tests: TestEntry[];
  position: SourcePosition;
  configPosition: SourcePosition;
  positions: YamlPositions;
  /** A YAML-defined snapshot's `relation:` (`ref('orders')`, `source('shop', 'orders')`). */
  relation?: string;
}

/** One `given:` input or the `expect:` of a unit test, as written. */
export interface UnitTestFixturePatch {
  input?: string;
  format: string;
  rows: unknown;
  fixture?: string;
  position: SourcePosition;
}

export interface UnitTestPatch {
  name: string;
  model: string;
  file: string;
  description: string;
  given: UnitTestFixturePatch[];
  expect: UnitTestFixturePatch;
  overrides: Record<string, unknown>;
  config: Record<string, unknown>;
  position: SourcePosition;
}

export interface SourceTablePatch {
  name: string;
  identifier?: string;
  description: string;
  columns: ColumnPatch[];
  tests: TestEntry[];
  config: Record<string, unknown>;
  loadedAtField?: string;
  freshness?: unknown;
  position: SourcePosition;
}

export interface SourcePatch {
  name: string;
  file: string;
  /** Folders of the YAML file below its resource folder (part of the sources' fqn). */
  folders: string[];
  database?: string;
  schema?: string;
  description: string;
  loader: string;
  config: Record<string, unknown>;
  loadedAtField?: string;
  freshness?: unknown;
  tables: SourceTablePatch[];
  position: SourcePosition;
  positions: YamlPositions;
}

export interface PropertyFile {
  nodes: NodePatch[];
  sources: SourcePatch[];
  /** Macro descriptions by name. */
  macroDescriptions: Map<string, string>;
  unitTests: UnitTestPatch[];
}

const TOP_LEVEL_KEYS = new Set([
  'version', 'models', 'seeds', 'snapshots', 'analyses', 'sources', 'macros', 'exposures', 'metrics',
  'semantic_models', 'saved_queries', 'groups', 'unit_tests', 'data_tests', 'functions',
]);

function text(value: unknown): string {
  return value === undefined || value === null ? '' : String(value);
}

function mapping(value: unknown): Record<string, unknown> {
  return isMapping(value) ? value : {};
}

function stringList(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

/**
 * Top-level `meta` / `tags` next to `config:` are the older spelling; they merge
 * into config (config's own values win for meta keys, tags are combined).
 */
function configWithTopLevel(entry: Record<string, unknown>): Record<string, unknown> {
  const config = { ...mapping(entry.config) };
  if (isMapping(entry.meta)) config.meta = { ...entry.meta, ...mapping(config.meta) };
  if (entry.tags !== undefined) config.tags = [...stringList(entry.tags), ...stringList(config.tags)];
  if (isMapping(entry.docs) && config.docs === undefined) config.docs = entry.docs;
  return config;
}

export function parsePropertyFile(source: string, file: string, folders: string[], errors: FloeError[], warnings: FloeError[]): PropertyFile {
  const result: PropertyFile = { nodes: [], sources: [], macroDescriptions: new Map(), unitTests: [] };
  const { value, positions } = loadYaml(source, file, errors);
  if (value === undefined || value === null) return result;
  if (!isMapping(value)) {
    errors.push(new FloeError('FLOE_PROPERTIES_INVALID', 'a property file must be a mapping (models:, sources:, seeds: …)', { position: positions.of(value) }));
    return result;
  }
  for (const key of Object.keys(value)) {
    if (!TOP_LEVEL_KEYS.has(key)) {
      warnings.push(
        new FloeError('FLOE_UNKNOWN_PROPERTY', `unknown top-level key '${key}' in a property file is ignored`, {
          severity: 'warning',
          position: positions.key(value, key),
        }),
      );
    }
  }

  const entries = (key: string): Array<{ entry: Record<string, unknown>; position: SourcePosition }> => {
    const list = value[key];
    if (list === undefined || list === null) return [];
    if (!Array.isArray(list)) {
      errors.push(new FloeError('FLOE_PROPERTIES_INVALID', `'${key}' must be a list of entries with a 'name'`, { position: positions.key(value, key) }));
      return [];
    }
    const result: Array<{ entry: Record<string, unknown>; position: SourcePosition }> = [];
    list.forEach((entry, index) => {
      const position = positions.item(list, index);
      if (!isMapping(entry) || typeof entry.name !== 'string' || entry.name === '') {
        errors.push(new FloeError('FLOE_PROPERTIES_INVALID', `each entry under '${key}' needs a 'name'`, { position }));
        return;
      }
      result.push({ entry, position });
    });
    return result;
  };

  const tests = (owner: Record<string, unknown>): TestEntry[] => {
    const list = owner.data_tests ?? owner.tests;
    const key = owner.data_tests !== undefined ? 'data_tests' : 'tests';
    if (list === undefined || list === null) return [];
    if (!Array.isArray(list)) {
      errors.push(new FloeError('FLOE_PROPERTIES_INVALID', `'${key}' must be a list of tests`, { position: positions.key(owner, key) }));
      return [];
    }
    return list.map((definition, index) => ({ definition, position: positions.item(list, index), positions }));
  };

  const columns = (owner: Record<string, unknown>): ColumnPatch[] => {
    const list = owner.columns;
    if (list === undefined || list === null) return [];
    if (!Array.isArray(list)) {
      errors.push(new FloeError('FLOE_PROPERTIES_INVALID', "'columns' must be a list", { position: positions.key(owner, 'columns') }));
      return [];
    }
    const result: ColumnPatch[] = [];
    list.forEach((column, index) => {
      const position = positions.item(list, index);
      if (!isMapping(column) || column.name === undefined || column.name === null) {
        errors.push(new FloeError('FLOE_PROPERTIES_INVALID', "each column needs a 'name'", { position }));
        return;
      }
      const config = mapping(column.config);
      result.push({
        name: String(column.name),
        description: text(column.description),
        dataType: column.data_type === undefined ? undefined : text(column.data_type),
        meta: { ...mapping(column.meta), ...mapping(config.meta) },
        tags: [...stringList(column.tags), ...stringList(config.tags)],
        tests: tests(column),
        position,
        ...(column.quote !== undefined && column.quote !== null ? { quote: column.quote === true || String(column.quote).toLowerCase() === 'true' } : {}),
      });
    });
    return result;
  };

  for (const kind of ['models', 'seeds', 'snapshots', 'analyses'] as const) {
    for (const { entry, position } of entries(kind)) {
      if (entry.config !== undefined && entry.config !== null && !isMapping(entry.config)) {
        errors.push(new FloeError('FLOE_PROPERTIES_INVALID', `'config' of '${String(entry.name)}' must be a mapping`, { position: positions.key(entry, 'config') }));
      }
      result.nodes.push({
        kind,
        name: String(entry.name),
        file,
        description: text(entry.description),
        config: configWithTopLevel(entry),
        columns: columns(entry),
        tests: tests(entry),
        position,
        configPosition: positions.key(entry, 'config'),
        positions,
        ...(kind === 'snapshots' && typeof entry.relation === 'string' ? { relation: entry.relation } : {}),
      });
    }
  }

  const fixture = (value: unknown, position: SourcePosition, what: string): UnitTestFixturePatch | undefined => {
    if (!isMapping(value)) {
      errors.push(new FloeError('FLOE_UNIT_TEST_INVALID', `${what} must be a mapping with rows: (and format: dict, csv or sql)`, { position }));
      return undefined;
    }
    const format = value.format === undefined || value.format === null ? 'dict' : String(value.format);
    if (!['dict', 'csv', 'sql'].includes(format)) {
      errors.push(new FloeError('FLOE_UNIT_TEST_INVALID', `${what} has format '${format}'; use dict, csv or sql`, { position: positions.key(value, 'format') }));
      return undefined;
    }
    if (value.rows === undefined && value.fixture === undefined && format !== 'dict') {
      errors.push(new FloeError('FLOE_UNIT_TEST_INVALID', `${what} has no rows:`, { position }));
      return undefined;
    }
    return {
      ...(value.input !== undefined ? { input: String(value.input) } : {}),
      format,
      rows: value.rows ?? (format === 'dict' ? [] : ''),
      ...(value.fixture !== undefined ? { fixture: String(value.fixture) } : {}),
      position,
    };
  };
  for (const { entry, position } of entries('unit_tests')) {
    if (typeof entry.model !== 'string' || entry.model === '') {
      errors.push(new FloeError('FLOE_UNIT_TEST_INVALID', `unit test '${String(entry.name)}' needs a model:`, { position, hint: 'name the model it tests, e.g. model: stg_orders' }));
      continue;
    }
    const givenList = entry.given ?? [];
    if (!Array.isArray(givenList)) {
      errors.push(new FloeError('FLOE_UNIT_TEST_INVALID', `'given' of unit test '${String(entry.name)}' must be a list of inputs`, { position: positions.key(entry, 'given') }));
      continue;
    }
    const given: UnitTestFixturePatch[] = [];
    givenList.forEach((item, index) => {
      const parsed = fixture(item, positions.item(givenList, index), `input ${index + 1} of unit test '${String(entry.name)}'`);
      if (!parsed) return;
      if (parsed.input === undefined) {
        errors.push(new FloeError('FLOE_UNIT_TEST_INVALID', `input ${index + 1} of unit test '${String(entry.name)}' needs input: (e.g. ref('stg_orders'))`, { position: parsed.position }));
        return;
      }
      given.push(parsed);
    });
    const expected = fixture(entry.expect, positions.key(entry, 'expect'), `'expect' of unit test '${String(entry.name)}'`);
    if (!expected) continue;
    result.unitTests.push({
      name: String(entry.name),
      model: entry.model,
      file,
      description: text(entry.description),
      given,
      expect: expected,
      overrides: mapping(entry.overrides),
      config: mapping(entry.config),
      position,
    });
  }

  for (const { entry, position } of entries('sources')) {
    const tables: SourceTablePatch[] = [];
    const list = entry.tables;
    if (Array.isArray(list)) {
      list.forEach((table, index) => {
        const tablePosition = positions.item(list, index);
        if (!isMapping(table) || typeof table.name !== 'string') {
          errors.push(new FloeError('FLOE_PROPERTIES_INVALID', `each table of source '${String(entry.name)}' needs a 'name'`, { position: tablePosition }));
          return;
        }
        tables.push({
          name: table.name,
          identifier: table.identifier === undefined ? undefined : text(table.identifier),
          description: text(table.description),
          columns: columns(table),
          tests: tests(table),
          config: configWithTopLevel(table),
          loadedAtField: table.loaded_at_field === undefined ? undefined : text(table.loaded_at_field),
          freshness: table.freshness,
          position: tablePosition,
        });
      });
    } else if (list !== undefined && list !== null) {
      errors.push(new FloeError('FLOE_PROPERTIES_INVALID', `'tables' of source '${String(entry.name)}' must be a list`, { position: positions.key(entry, 'tables') }));
    }
    result.sources.push({
      name: String(entry.name),
      file,
      folders,
      database: entry.database === undefined || entry.database === null ? undefined : text(entry.database),
      schema: entry.schema === undefined || entry.schema === null ? undefined : text(entry.schema),
      description: text(entry.description),
      loader: text(entry.loader),
      config: configWithTopLevel(entry),
      loadedAtField: entry.loaded_at_field === undefined ? undefined : text(entry.loaded_at_field),
      freshness: entry.freshness,
      tables,
      position,
      positions,
    });
  }

  for (const { entry } of entries('macros')) {
    result.macroDescriptions.set(String(entry.name), text(entry.description));
  }
  return result;
}
