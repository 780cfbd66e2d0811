/**
 * Run-time compilation of one node: its Jinja rendered with `execute = true`
 * against the live warehouse, ephemeral refs inlined as CTEs. A generic test
 * is rendered as a call of its test macro with the YAML arguments, the way
 * dbt renders `{{ test_unique(**_dbt_generic_test_kwargs) }}`.
 */
import type { ColumnDescription, RelationRef } from '../../compute/index.js';
import { FloeError } from '../../errors/index.js';
import type { DbtJinja } from '../jinja/index.js';
import type { ManifestNode, RefCall, UnitTestDefinition } from '../types.js';
import { fixtureColumns, fixtureSelect, unitTestComparison, withInputs } from './unit-test-sql.js';
import { ephemeralCteName, injectCtes, mergeCteLists } from './ephemeral-ctes.js';
import type { EphemeralCte } from './ephemeral-ctes.js';
import { isEphemeral } from './ephemeral-materialization.js';
import { runtimeContext } from './runtime-context.js';
import { renderStatically } from './static-render.js';
import type { RuntimeEnvironment } from './runtime-context.js';
import type { StatementRunner } from './statement-runner.js';

/** dbt renders a string test argument that looks like one of these calls as an expression. */
const LOOKS_LIKE_FUNCTION = /^\s*(env_var|ref|var|source|doc)\s*\(.+\)\s*$/s;
const WHOLE_EXPRESSION = /^\s*\{\{(.*)\}\}\s*$/s;

/** Test configs a test's own macro may set with `{{ config(...) }}` (dbt_utils' equal_rowcount sets fail_calc). */
const TEST_MACRO_CONFIG_DEFAULTS: Record<string, unknown> = { fail_calc: 'count(*)', warn_if: '!= 0', error_if: '!= 0', severity: 'error', limit: undefined, where: undefined, store_failures: undefined };

export class NodeCompiler {
  /** Each ephemeral model is compiled once per run; the list ends with the model itself. */
  private readonly ephemerals = new Map<string, Promise<EphemeralCte[]>>();
  /** What `config()` set while each test rendered. */
  private readonly testConfigs = new Map<string, Record<string, unknown>>();

  /**
   * A test as it runs: the values its macro set with `config()` apply where
   * the project left the default (as dbt records them when it parses the test).
   */
  runTimeConfig(node: ManifestNode): ManifestNode {
    const set = this.testConfigs.get(node.uniqueId);
    if (!set || node.resourceType !== 'test') return node;
    const config = { ...node.config };
    for (const [key, value] of Object.entries(set)) {
      if (!(key in TEST_MACRO_CONFIG_DEFAULTS)) continue;
      if (config[key] === undefined || config[key] === TEST_MACRO_CONFIG_DEFAULTS[key]) config[key] = value;
    }
    return { ...node, config };
  }

  constructor(
    private readonly environment: RuntimeEnvironment,
    private readonly jinja: DbtJinja,
  ) {}

  async compile(node: ManifestNode, statements: StatementRunner, isIncremental: boolean): Promise<string> {
    const refs = new Set<string>();
    const sql = await this.render(node, statements, isIncremental, refs);
    return injectCtes(sql, await this.ctesFor(refs, statements));
  }

  /** `floe run-operation`: call a macro with the run-time context of `node` (an operation of the root project); returns what it returned. */
  callMacro(node: ManifestNode, statements: StatementRunner, name: string, args: unknown[]): Promise<unknown> {
    const context = runtimeContext(this.environment, { node, statements, isIncremental: false, ephemeralRefs: new Set() });
    return this.jinja.callMacro(name, args, context);
  }

  /** A pre-/post-hook of `node`: rendered at run time with the node's context (`{{ this }}` is its relation). */
  renderHook(node: ManifestNode, statements: StatementRunner, hook: string, isIncremental: boolean, extra?: Record<string, unknown>): Promise<string> {
    const context = runtimeContext(this.environment, { node, statements, isIncremental, ephemeralRefs: new Set(), extra });
    return this.jinja.render(hook, node.originalFilePath, context);
  }

  private async render(node: ManifestNode, statements: StatementRunner, isIncremental: boolean, refs: Set<string>): Promise<string> {
    if (node.resourceType === 'unit_test' && node.unitTest) return this.compileUnitTest(node, node.unitTest, statements);
    if (node.resourceType === 'test' && node.testMetadata) return this.renderGenericTest(node, statements, refs);
    const direct = this.renderDirectly(node, refs);
    if (direct !== undefined) return direct;
    const context = runtimeContext(this.environment, { node, statements, isIncremental, ephemeralRefs: refs });
    return this.jinja.render(node.rawCode, node.originalFilePath, context);
  }

  /** Plain SQL with only ref/source/this needs no template engine (static-render.ts). */
  private renderDirectly(node: ManifestNode, refs: Set<string>): string | undefined {
    const { lookup, dialect } = this.environment;
    return renderStatically(node.rawCode, {
      ref: (call) => {
        const referenced = lookup.ref(call, node);
        if (isEphemeral(referenced)) {
          refs.add(referenced.uniqueId);
          return ephemeralCteName(referenced.name);
        }
        return referenced.relation ? dialect.renderRelation(referenced.relation) : `{{ ref('${referenced.name}') }}`;
      },
      source: (sourceName, tableName) => dialect.renderRelation(lookup.source(sourceName, tableName, node).relation),
      this: () => {
        if (isEphemeral(node)) return ephemeralCteName(node.name);
        // No relation (a test): hand the template back unrendered so the Jinja part decides.
        return node.relation ? dialect.renderRelation(node.relation) : '{{ this }}';
      },
    });
  }

  private async ctesFor(refs: Set<string>, statements: StatementRunner): Promise<EphemeralCte[]> {
    const lists: EphemeralCte[][] = [];
    for (const id of refs) lists.push(await this.ephemeral(id, statements));
    return mergeCteLists(lists);
  }

  private ephemeral(id: string, statements: StatementRunner): Promise<EphemeralCte[]> {
    let pending = this.ephemerals.get(id);
    if (!pending) {
      pending = (async () => {
        const node = this.environment.project.nodes.get(id) as ManifestNode;
        const refs = new Set<string>();
        const sql = await this.render(node, statements, false, refs);
        const inner = await this.ctesFor(refs, statements);
        return [...inner, { id, name: ephemeralCteName(node.name), sql: sql.replace(/[\s;]+$/, '') }];
      })();
      this.ephemerals.set(id, pending);
    }
    return pending;
  }

  private async renderGenericTest(node: ManifestNode, statements: StatementRunner, refs: Set<string>): Promise<string> {
    const metadata = node.testMetadata as NonNullable<ManifestNode['testMetadata']>;
    const extra: Record<string, unknown> = {};
    const args: string[] = [];
    const modelExpression = this.testedModelExpression(node);
    if (modelExpression) args.push(`model=${modelExpression}`);
    let index = 0;
    for (const [name, value] of Object.entries(metadata.kwargs)) {
      if (name === 'model') continue;
      const global = `__floe_test_argument_${index++}`;
      if (typeof value === 'string' && name !== 'column_name') {
        const whole = WHOLE_EXPRESSION.exec(value);
        if (LOOKS_LIKE_FUNCTION.test(value)) {
          args.push(`${name}=${value.trim()}`);
          continue;
        }
        if (whole) {
          args.push(`${name}=${whole[1].trim()}`);
          continue;
        }
        if (/\{[{%]/.test(value)) {
          // Text with Jinja inside (`"{{ var('floor') }} + 1"`): rendered first, passed as text, as dbt does.
          const context = runtimeContext(this.environment, { node, statements, isIncremental: false, ephemeralRefs: refs });
          extra[global] = await this.jinja.render(value, node.originalFilePath, context);
          args.push(`${name}=${global}`);
          continue;
        }
      }
      extra[global] = value;
      args.push(`${name}=${global}`);
    }
    // A package's test (`dbt_utils.expression_is_true`) is called through its package namespace.
    const macro = metadata.namespace ? `${metadata.namespace}.test_${metadata.name}` : `test_${metadata.name}`;
    const template = `{{ ${macro}(${args.join(', ')}) }}`;
    const configSet: Record<string, unknown> = {};
    this.testConfigs.set(node.uniqueId, configSet);
    const context = runtimeContext(this.environment, { node, statements, isIncremental: false, ephemeralRefs: refs, extra, configSet });
    return this.jinja.render(template, node.originalFilePath, context);
  }

  /**
   * A unit test's comparison query: the model rendered with each ref/source
   * it is given rows for pointing at a CTE of those rows (typed like the real
   * input, which must exist), and the expected rows typed like the model's output.
   */
  private async compileUnitTest(node: ManifestNode, unitTest: UnitTestDefinition, statements: StatementRunner): Promise<string> {
    const { project, adapter, lookup, dialect } = this.environment;
    const model = project.nodes.get(unitTest.model) as ManifestNode;
    const session = statements.session;
    const inputs: Array<[string, string]> = [];
    const byRef = new Map<string, string>();
    const bySource = new Map<string, string>();
    let thisCte: string | undefined;
    const fail = (message: string, hint: string): FloeError => new FloeError('FLOE_UNIT_TEST_INVALID', `unit test ${node.name}: ${message}`, { position: node.position, hint });
    for (const given of unitTest.given) {
      const parsed = parseInput(given.input);
      if (!parsed) throw fail(`input '${given.input}' is not ref(...), source(...) or this`, "write input: ref('model_name') or input: source('source_name', 'table_name')");
      let relation: RelationRef | undefined;
      let cte: string;
      if (parsed.kind === 'ref') {
        const referenced = lookup.ref({ name: parsed.name, ...(parsed.package ? { package: parsed.package } : {}) }, model);
        relation = referenced.relation;
        cte = `__dbt__cte__${referenced.name}`;
        byRef.set(referenced.uniqueId, cte);
      } else if (parsed.kind === 'source') {
        const source = lookup.source(parsed.source, parsed.table, model);
        relation = source.relation;
        cte = `__dbt__cte__${source.sourceName}__${source.name}`;
        bySource.set(source.uniqueId, cte);
      } else {
        relation = model.relation;
        cte = '__dbt__cte__this';
        thisCte = cte;
      }
      let columns: ColumnDescription[] = [];
      if (given.format !== 'sql') {
        columns = relation ? await adapter.getColumns(session, relation) : [];
        if (columns.length === 0) {
          throw fail(`the input ${given.input} does not exist in the warehouse, and its columns give the rows their types`, 'build the inputs first: floe build runs a model\'s parents before its unit tests (or floe run --select +model, excluding the model)');
        }
      }
      inputs.push([cte, fixtureSelect(given, columns, adapter.dialect, `input ${given.input} of unit test ${node.name}`)]);
    }
    const base = runtimeContext(this.environment, {
      node: model,
      statements,
      isIncremental: Boolean(unitTest.overrides.macros.is_incremental),
      ephemeralRefs: new Set(),
      extra: Object.fromEntries(Object.entries(unitTest.overrides.macros).map(([name, value]) => [name, () => value])),
    });
    const missing: string[] = [];
    const cteRef = (identifier: string): RelationRef => ({ schema: '', identifier });
    const hooks = {
      ...base,
      vars: { ...base.vars, ...unitTest.overrides.vars },
      env: { ...base.env, ...unitTest.overrides.env_vars },
      this: thisCte ? cteRef(thisCte) : base.this,
      ref: (call: RefCall) => {
        const referenced = lookup.ref(call, model);
        const cte = byRef.get(referenced.uniqueId);
        if (cte) return cteRef(cte);
        missing.push(`ref('${referenced.name}')`);
        return referenced.relation;
      },
      source: (sourceName: string, tableName: string) => {
        const source = lookup.source(sourceName, tableName, model);
        const cte = bySource.get(source.uniqueId);
        if (cte) return cteRef(cte);
        missing.push(`source('${sourceName}', '${tableName}')`);
        return source.relation;
      },
    };
    const modelSql = await this.jinja.render(model.rawCode, model.originalFilePath, hooks);
    if (missing.length > 0) throw fail(`the model reads ${[...new Set(missing)].join(', ')}, which the unit test gives no rows for`, 'add a given: entry for each ref() and source() of the model (rows: [] for an empty input)');
    const probe = await statements.query(withInputs(inputs, `select * from (\n${modelSql.replace(/[\s;]+$/, '')}\n) as dbt_internal_unit_test_model limit 0`));
    const output = new Map(probe.columns.map((c) => [c.name.toLowerCase(), c]));
    const what = `the expect rows of unit test ${node.name}`;
    const expectedColumns = fixtureColumns(unitTest.expect, what).map((name) => {
      const column = output.get(name.toLowerCase());
      if (!column) throw fail(`expect names a column '${name}' that ${model.name} does not return (it returns ${probe.columns.map((c) => c.name).join(', ')})`, 'name the model\'s output columns in expect:');
      return column;
    });
    if (expectedColumns.length === 0 && unitTest.expect.format !== 'sql') expectedColumns.push(...probe.columns);
    const expectedSelect = fixtureSelect(unitTest.expect, expectedColumns, adapter.dialect, what);
    return unitTestComparison({ inputs, modelSql, expectedColumns, expectedSelect }, dialect);
  }

  /** `get_where_subquery(ref('x'))` for the model/seed (or source) the test is attached to, as dbt's test builder writes it. */
  private testedModelExpression(node: ManifestNode): string | undefined {
    const { project } = this.environment;
    const attached = node.attachedNode;
    const attachedNode = attached ? project.nodes.get(attached) : undefined;
    if (attachedNode) return `get_where_subquery(ref(${quote(attachedNode.name)}))`;
    const attachedSource = attached ? project.sources.get(attached) : undefined;
    if (attachedSource) return `get_where_subquery(source(${quote(attachedSource.sourceName)}, ${quote(attachedSource.name)}))`;
    const written = node.testMetadata?.kwargs.model;
    if (typeof written === 'string') {
      const whole = WHOLE_EXPRESSION.exec(written);
      return whole ? whole[1].trim() : written;
    }
    return undefined;
  }
}

type ParsedInput = { kind: 'ref'; name: string; package?: string } | { kind: 'source'; source: string; table: string } | { kind: 'this' };

/** `ref('x')`, `ref('pkg', 'x')`, `source('a', 'b')` or `this`, as written in `given: - input:`. */
function parseInput(text: string): ParsedInput | undefined {
  const trimmed = text.trim().replace(/^\{\{\s*(.*?)\s*\}\}$/, '$1');
  if (trimmed === 'this') return { kind: 'this' };
  const string = `\\s*(?:'([^']*)'|"([^"]*)")\\s*`;
  const ref = new RegExp(`^ref\\(${string}(?:,${string})?\\)$`).exec(trimmed);
  if (ref) {
    const first = ref[1] ?? ref[2];
    const second = ref[3] ?? ref[4];
    return second === undefined ? { kind: 'ref', name: first } : { kind: 'ref', package: first, name: second };
  }
  const source = new RegExp(`^source\\(${string},${string}\\)$`).exec(trimmed);
  if (source) return { kind: 'source', source: source[1] ?? source[2], table: source[3] ?? source[4] };
  return undefined;
}

function quote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
