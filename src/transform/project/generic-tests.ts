/**
 * A `data_tests:` / `tests:` entry in property YAML → a generic test node,
 * following dbt's TestBuilder: `- unique`, `- accepted_values: {values: […]}`,
 * the `arguments:` form, `test_name:` + `name:`, config keys inline or under
 * `config:`.
 */
import { FloeError } from '../../errors/index.js';
import type { ManifestNode, NodeConfig, RefCall, TestMetadata } from '../types.js';
import { genericTestHash, synthesizeGenericTestNames } from './generic-test-naming.js';
import type { TestEntry } from './property-yaml.js';
import { isMapping } from './yaml-with-positions.js';

/** Keys dbt accepts next to the test arguments and treats as config. */
const INLINE_CONFIG_KEYS = ['severity', 'tags', 'enabled', 'where', 'limit', 'warn_if', 'error_if', 'fail_calc', 'store_failures', 'store_failures_as', 'meta', 'database', 'schema', 'alias'];
const TEST_NAME = /^(?:([A-Za-z_][0-9A-Za-z_]*)\.)?([A-Za-z_][0-9A-Za-z_]*)$/;
/** A kwarg that looks like a call is rendered as Jinja at run time (dbt's add_rendered_test_kwargs). */
export const LOOKS_LIKE_FUNCTION = /^\s*(env_var|ref|var|source|doc)\s*\(.+\)\s*$/s;

export interface GenericTestSpec {
  testName: string;
  namespace?: string;
  args: Record<string, unknown>;
  config: Record<string, unknown>;
  description: string;
  customName?: string;
  entry: TestEntry;
}

export function parseTestEntry(entry: TestEntry, columnName: string | undefined, errors: FloeError[]): GenericTestSpec | undefined {
  let testName: unknown;
  let rawArgs: unknown;
  const { definition, position } = entry;
  if (typeof definition === 'string') {
    testName = definition;
    rawArgs = {};
  } else if (isMapping(definition)) {
    if ('test_name' in definition) {
      const { test_name: name, ...rest } = definition;
      testName = name;
      rawArgs = rest;
    } else {
      const keys = Object.keys(definition);
      if (keys.length !== 1) {
        errors.push(
          new FloeError('FLOE_TEST_INVALID', `a test entry must have exactly one key (the test name), found: ${keys.join(', ') || 'none'}`, {
            position,
            hint: 'write e.g. "- accepted_values: {values: [a, b]}", or use test_name: with name:',
          }),
        );
        return undefined;
      }
      testName = keys[0];
      rawArgs = definition[keys[0]] ?? {};
    }
  } else {
    errors.push(new FloeError('FLOE_TEST_INVALID', 'a test entry must be a test name or a mapping', { position }));
    return undefined;
  }
  if (typeof testName !== 'string' || !TEST_NAME.test(testName)) {
    errors.push(
      new FloeError('FLOE_TEST_INVALID', `'${String(testName)}' is not a valid test name`, {
        position,
        hint: 'a generic test name is an identifier, optionally prefixed by its package: unique, dbt_utils.expression_is_true',
      }),
    );
    return undefined;
  }
  if (!isMapping(rawArgs)) {
    errors.push(new FloeError('FLOE_TEST_INVALID', `the arguments of test '${testName}' must be a mapping`, { position }));
    return undefined;
  }
  const args: Record<string, unknown> = { ...rawArgs };
  const config: Record<string, unknown> = {};
  if (isMapping(args.arguments)) {
    const nested = args.arguments;
    delete args.arguments;
    Object.assign(args, nested);
  }
  for (const key of INLINE_CONFIG_KEYS) {
    if (key in args) {
      config[key] = args[key];
      delete args[key];
    }
  }
  if (args.config !== undefined) {
    if (!isMapping(args.config)) {
      errors.push(new FloeError('FLOE_TEST_INVALID', `'config' of test '${testName}' must be a mapping`, { position }));
    } else {
      for (const [key, value] of Object.entries(args.config)) {
        if (key in config) {
          errors.push(new FloeError('FLOE_TEST_INVALID', `test '${testName}' sets '${key}' both inline and under config:`, { position, hint: 'keep one of them' }));
        }
        config[key] = value;
      }
    }
    delete args.config;
  }
  const description = args.description === undefined ? '' : String(args.description);
  delete args.description;
  let customName: string | undefined;
  if (args.name !== undefined) {
    customName = String(args.name);
    delete args.name;
  }
  if (columnName !== undefined) args.column_name = columnName;
  const match = TEST_NAME.exec(testName) as RegExpExecArray;
  return { testName: match[2], namespace: match[1], args, config, description, customName, entry };
}

export interface GenericTestTarget {
  /** unique id of the model/seed/snapshot/source the test is attached to. */
  uniqueId: string;
  /** `orders` for a model, `jaffle_orders` (source_table) for a source. */
  nameForTest: string;
  /** Jinja expression for the `model` kwarg. */
  modelExpression: string;
  isSource: boolean;
  packageName: string;
  /** The YAML file, relative to the root, and its folders below the resource folder. */
  originalFilePath: string;
  absolutePath: string;
  folders: string[];
  refs: RefCall[];
  sources: Array<[string, string]>;
}

/** Build the test node (config not yet merged: `config` is the YAML-level config). */
export function buildGenericTestNode(spec: GenericTestSpec, target: GenericTestTarget): { node: ManifestNode; yamlConfig: Record<string, unknown> } {
  // dbt: "source_" marks tests on sources, then the package namespace goes in front.
  let testType = target.isSource ? `source_${spec.testName}` : spec.testName;
  if (spec.namespace) testType = `${spec.namespace}_${testType}`;
  const named = synthesizeGenericTestNames(testType, target.nameForTest, spec.args);
  const name = spec.customName ?? named.shortName;
  const fqnName = spec.customName ?? named.fullName;
  const kwargs: Record<string, unknown> = { ...spec.args, model: target.modelExpression };
  const metadata: TestMetadata = { name: spec.testName, kwargs, ...(spec.namespace ? { namespace: spec.namespace } : {}) };
  const hash = genericTestHash(name, metadata);
  const macroName = `${spec.namespace ? `${spec.namespace}.` : ''}test_${spec.testName}`;
  const rawCode = `{{ ${macroName}(**_dbt_generic_test_kwargs) }}`;
  const yamlConfig = { ...spec.config };
  // dbt keeps the short name as the alias when the full name had to be hashed.
  if (!spec.customName && named.shortName !== named.fullName && yamlConfig.alias === undefined) yamlConfig.alias = named.shortName;
  const node: ManifestNode = {
    uniqueId: `test.${target.packageName}.${name}.${hash}`,
    resourceType: 'test',
    name,
    packageName: target.packageName,
    path: `${name}.sql`,
    originalFilePath: target.originalFilePath,
    absolutePath: target.absolutePath,
    fqn: [target.packageName, ...target.folders, fqnName],
    rawCode,
    // dbt gives generic tests an empty checksum: they have no file of their own.
    checksum: '',
    config: { enabled: true, materialized: 'test', tags: [], meta: {} } as NodeConfig,
    description: spec.description,
    columns: {},
    refs: [...target.refs],
    sources: [...target.sources],
    dependsOn: { nodes: [target.uniqueId], macros: [] },
    testMetadata: metadata,
    attachedNode: target.uniqueId,
    columnName: spec.args.column_name === undefined ? undefined : String(spec.args.column_name),
    position: spec.entry.position,
  };
  return { node, yamlConfig };
}
