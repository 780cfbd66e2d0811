/**
 * Run-time compilation of one node: its Jinja rendered with `execute = true`
 * against the live warehouse, ephemeral refs inlined as CTEs. A generic test
 * is rendered as a call of its test macro with the YAML arguments, the way
 * dbt renders `{{ test_unique(**_dbt_generic_test_kwargs) }}`.
 */
import type { DbtJinja } from '../jinja/index.js';
import type { ManifestNode } from '../types.js';
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

  /** A pre-/post-hook of `node`: rendered at run time with the node's context (`{{ this }}` is its relation). */
  renderHook(node: ManifestNode, statements: StatementRunner, hook: string, isIncremental: boolean, extra?: Record<string, unknown>): Promise<string> {
    const context = runtimeContext(this.environment, { node, statements, isIncremental, ephemeralRefs: new Set(), extra });
    return this.jinja.render(hook, node.originalFilePath, context);
  }

  private async render(node: ManifestNode, statements: StatementRunner, isIncremental: boolean, refs: Set<string>): Promise<string> {
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

function quote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
