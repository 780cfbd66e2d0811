/**
 * dbt's Jinja context: the globals every template and macro sees (`ref`,
 * `source`, `config`, `var`, `env_var`, `this`, `target`, `adapter`, …).
 * They are created once per renderer and read the current render's hooks
 * through `host.scope()`, so compiled macros never need rebuilding.
 */
import { createHash, randomUUID } from 'node:crypto';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import type { RelationRef } from '../../compute/index.js';
import { FloeError, type SourcePosition } from '../../errors/index.js';
import type { RefCall } from '../types.js';
import { type StatementResult, AgateTable, statementResult } from './agate-table.js';
import { pythonJson } from './jinja-filters.js';
import { columnApi } from './column.js';
import { createAdapterObject } from './dbt-adapter.js';
import { createModules } from './python-modules.js';
import { PyDateTime, UTC } from './python-datetime.js';
import { asString, isPlainObject, PyTuple, pythonStr, splitArguments, truthy } from './python-values.js';
import { relationApi, Relation } from './relation.js';
import { PySet } from './python-operators.js';
import { DBT_COMPATIBLE_VERSION } from '../dbt-version.js';
import { LOOP_FILTER_GLOBAL, SET_ATTRIBUTE_GLOBAL } from './template-compiler.js';
import { ReturnSignal } from './template-errors.js';
import type { MacroFunction } from './template-runtime.js';
import type { DbtContextHooks } from './types.js';
import type { WarehouseReplay } from './warehouse-replay.js';

/** The state of one render pass. */
export interface RenderScope {
  hooks: DbtContextHooks;
  replay: WarehouseReplay;
  /** Values set by `config(...)` in this render (over `hooks.model.config`). */
  configSet: Record<string, unknown>;
  statements: Map<string, StatementResult>;
  /** `log()` messages, handed to hooks.log once the final pass is done. */
  logs: string[];
  thisRelation?: Relation | null;
}

export interface ContextHost {
  scope(): RenderScope;
  currentCallSite(): SourcePosition | undefined;
  readonly adapterType: string;
  dispatch(name: string, namespace?: string): MacroFunction;
  readonly runStartedAt: PyDateTime;
  readonly invocationId: string;
}

/** Jinja2's namespace(): the one object `{% set ns.attr = value %}` may assign to. */
export class Namespace {
  constructor(values: Record<string, unknown>) {
    Object.assign(this, values);
  }
}

function compilerError(message: string): FloeError {
  return new FloeError('FLOE_COMPILER_ERROR', message);
}

function iterate(value: unknown): unknown[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value;
  const text = asString(value);
  if (text !== undefined) return [...text];
  if (isPlainObject(value)) return Object.keys(value).filter((k) => k !== '__keywords');
  if (typeof value === 'object' && Symbol.iterator in value) return [...(value as Iterable<unknown>)];
  return [];
}

export function createDbtGlobals(host: ContextHost): Record<string, unknown> {
  const hooks = (): DbtContextHooks => host.scope().hooks;
  const relation = (ref: RelationRef, type: string | null = null): Relation => new Relation(ref, hooks().dialect, type, undefined, undefined, host.adapterType);
  const placeholder = (schema: string | undefined, identifier: string): Relation => {
    const target = hooks().target;
    const database = typeof target.database === 'string' ? target.database : undefined;
    return relation({ ...(database ? { database } : {}), schema: schema ?? String(target.schema ?? 'main'), identifier });
  };

  const configGet = (key: unknown, fallback: unknown = null): unknown => {
    const scope = host.scope();
    const name = String(key);
    if (Object.prototype.hasOwnProperty.call(scope.configSet, name)) return scope.configSet[name];
    const modelConfig = scope.hooks.model?.config as Record<string, unknown> | undefined;
    if (modelConfig && modelConfig[name] !== undefined) return modelConfig[name];
    return fallback;
  };
  const config = Object.assign(
    (...args: unknown[]): string => {
      const { positional, keywords } = splitArguments(args);
      const values: Record<string, unknown> = {};
      for (const value of positional) if (isPlainObject(value)) Object.assign(values, value);
      Object.assign(values, keywords);
      Object.assign(host.scope().configSet, values);
      hooks().config(values);
      return '';
    },
    {
      get: (...args: unknown[]): unknown => {
        const { positional, keywords } = splitArguments(args);
        return configGet(positional[0] ?? keywords.name, positional.length > 1 ? positional[1] : 'default' in keywords ? keywords.default : null);
      },
      require: (key: unknown): unknown => {
        const value = configGet(key, undefined);
        if (value === undefined || value === null) throw compilerError(`config '${String(key)}' is required but was not set`);
        return value;
      },
      set: (key: unknown, value: unknown): string => {
        host.scope().configSet[String(key)] = value;
        hooks().config({ [String(key)]: value });
        return '';
      },
      has: (key: unknown): boolean => configGet(key, undefined) !== undefined,
    },
  );

  const quoteIdentifier = (name: string): string => hooks().dialect.quoteIdentifier(name);

  const statement = (...args: unknown[]): string => {
    const { positional, keywords } = splitArguments(args);
    const name = (positional[0] ?? keywords.name ?? null) as string | null;
    const caller = keywords.caller;
    const sql = typeof caller === 'function' ? pythonStr(caller()).trim() : '';
    const scope = host.scope();
    const result = scope.hooks.execute ? scope.replay.query(sql) : undefined;
    if (name) scope.statements.set(String(name), statementResult(result));
    return '';
  };

  const adapter = createAdapterObject({
    hooks,
    replay: () => host.scope().replay,
    adapterType: host.adapterType,
    dispatch: (name, namespace) => host.dispatch(name, namespace),
    relation,
  });

  const globals: Record<string, unknown> = {
    ref: (...args: unknown[]): Relation => {
      const { positional, keywords } = splitArguments(args);
      const call: RefCall =
        positional.length >= 2 ? { package: String(positional[0]), name: String(positional[1]) } : { name: String(positional[0] ?? keywords.name) };
      const version = keywords.version ?? keywords.v;
      if (version !== undefined && version !== null) call.version = version as string | number;
      const site = host.currentCallSite();
      if (site) call.position = site;
      const resolved = hooks().ref(call);
      return resolved ? relation(resolved) : placeholder(undefined, call.name);
    },
    source: (sourceName: unknown, tableName: unknown): Relation => {
      const resolved = hooks().source(String(sourceName), String(tableName), host.currentCallSite());
      return resolved ? relation(resolved) : placeholder(String(sourceName), String(tableName));
    },
    config,
    var: (...args: unknown[]): unknown => {
      const { positional, keywords } = splitArguments(args);
      const name = String(positional[0] ?? keywords.name);
      const vars = hooks().vars;
      if (Object.prototype.hasOwnProperty.call(vars, name)) return vars[name];
      if (positional.length > 1) return positional[1];
      if ('default' in keywords) return keywords.default;
      throw new FloeError('FLOE_VAR_UNDEFINED', `Required var '${name}' is not defined`, {
        hint: `set it under vars: in dbt_project.yml, pass --vars '{${name}: …}', or give a default: var('${name}', default)`,
      });
    },
    env_var: (...args: unknown[]): unknown => {
      const { positional, keywords } = splitArguments(args);
      const name = String(positional[0] ?? keywords.var);
      const value = hooks().env[name];
      if (value !== undefined) return value;
      if (positional.length > 1) return positional[1];
      if ('default' in keywords) return keywords.default;
      throw new FloeError('FLOE_ENV_VAR_UNDEFINED', `Env var required but not provided: '${name}'`, {
        hint: `export ${name}=… before running, or give a default: env_var('${name}', 'default')`,
      });
    },
    is_incremental: (): boolean => hooks().isIncremental(),
    log: (message: unknown): string => {
      host.scope().logs.push(pythonStr(message));
      return '';
    },
    print: (message: unknown): string => {
      host.scope().logs.push(pythonStr(message));
      return '';
    },
    doc: (...args: unknown[]): string => {
      const docs = hooks().docs;
      if (!docs) return '';
      return args.length >= 2 ? docs(String(args[1]), String(args[0])) : docs(String(args[0]));
    },
    return: (value: unknown): never => {
      throw new ReturnSignal(value);
    },
    statement,
    load_result: (name: unknown): StatementResult | null => host.scope().statements.get(String(name)) ?? null,
    store_result: (...args: unknown[]): string => {
      const { positional, keywords } = splitArguments(args);
      const name = String(positional[0] ?? keywords.name);
      const table = (keywords.agate_table ?? positional[2]) as AgateTable | undefined;
      const result = statementResult(undefined);
      if (table instanceof AgateTable) Object.assign(result, { table, data: table.rows.map((r) => [...r]) });
      host.scope().statements.set(name, result);
      return '';
    },
    adapter,
    api: { Relation: relationApi(() => hooks().dialect, () => host.adapterType), Column: columnApi(() => quoteIdentifier) },
    load_relation: (rel: unknown): Relation | null => (adapter.load_relation as (r: unknown) => Relation | null)(rel),
    modules: createModules(),
    exceptions: {
      raise_compiler_error: (message: unknown): never => {
        throw compilerError(pythonStr(message));
      },
      raise_not_implemented: (message: unknown): never => {
        throw compilerError(pythonStr(message));
      },
      warn: (message: unknown): string => {
        host.scope().logs.push(`warning: ${pythonStr(message)}`);
        return '';
      },
      raise_database_error: (message: unknown): never => {
        throw new FloeError('FLOE_DATABASE_ERROR', pythonStr(message));
      },
      raise_dependency_error: (message: unknown): never => {
        throw new FloeError('FLOE_DEPENDENCY_ERROR', pythonStr(message));
      },
      raise_fail_fast_error: (message: unknown): never => {
        throw new FloeError('FLOE_FAIL_FAST', pythonStr(message));
      },
      column_type_missing: (columnNames: unknown): never => {
        throw compilerError(`contracted models require data_type to be defined for each column: ${pythonStr(columnNames)}`);
      },
      missing_config: (model: unknown, name: unknown): never => {
        throw compilerError(`Model '${pythonStr((model as { unique_id?: unknown } | null)?.unique_id ?? model)}' does not define a required config parameter '${pythonStr(name)}'.`);
      },
      relation_wrong_type: (relation: unknown, expected: unknown): never => {
        throw compilerError(`Trying to create ${pythonStr(expected)} ${pythonStr(relation)}, but it currently exists as a ${pythonStr((relation as { type?: unknown } | null)?.type)}. Either drop ${pythonStr(relation)} manually, or run dbt with \`--full-refresh\` and dbt will drop it for you.`);
      },
    },
    namespace: (...args: unknown[]): Namespace => {
      const { positional, keywords } = splitArguments(args);
      const initial = positional.find(isPlainObject) ?? {};
      return new Namespace({ ...initial, ...keywords });
    },
    [SET_ATTRIBUTE_GLOBAL]: (target: unknown, attribute: unknown, value: unknown): string => {
      if (!(target instanceof Namespace)) throw new FloeError('FLOE_JINJA', 'can only assign attributes of a namespace() object', { hint: 'create it with {% set ns = namespace(name=value) %}' });
      (target as unknown as Record<string, unknown>)[String(attribute)] = value;
      return '';
    },
    [LOOP_FILTER_GLOBAL]: (items: unknown, test: (...args: unknown[]) => unknown, arity: number): unknown[] =>
      iterate(items).filter((item) => (arity > 1 && Array.isArray(item) ? test(...item) : test(item)) === '1'),
    dict: (...args: unknown[]): Record<string, unknown> => {
      const { positional, keywords } = splitArguments(args);
      const result: Record<string, unknown> = {};
      const first = positional[0];
      if (isPlainObject(first)) Object.assign(result, first);
      else if (Array.isArray(first)) for (const pair of first) result[String((pair as unknown[])[0])] = (pair as unknown[])[1];
      return Object.assign(result, keywords);
    },
    list: (value: unknown): unknown[] => [...iterate(value)],
    set: (value: unknown = []): unknown[] => PySet.fromItems(iterate(value)),
    zip: (...lists: unknown[]): unknown[][] => {
      const arrays = lists.map(iterate);
      const length = arrays.length === 0 ? 0 : Math.min(...arrays.map((a) => a.length));
      return Array.from({ length }, (_, i) => PyTuple.from(arrays.map((a) => a[i])));
    },
    tojson: (value: unknown, ...args: unknown[]): string => {
      const { keywords } = splitArguments(args);
      return pythonJson(value, undefined, truthy(keywords.sort_keys));
    },
    fromjson: (text: unknown, fallback: unknown = null): unknown => {
      try {
        return JSON.parse(pythonStr(text)) as unknown;
      } catch {
        return fallback;
      }
    },
    toyaml: (value: unknown): string => stringifyYaml(value),
    fromyaml: (text: unknown, fallback: unknown = null): unknown => {
      try {
        return parseYaml(pythonStr(text)) as unknown;
      } catch {
        return fallback;
      }
    },
    local_md5: (text: unknown): string => createHash('md5').update(pythonStr(text)).digest('hex'),
    dbt_version: DBT_COMPATIBLE_VERSION,
  };

  const dynamic: Record<string, () => unknown> = {
    this: () => {
      const scope = host.scope();
      if (scope.thisRelation === undefined) scope.thisRelation = scope.hooks.this ? relation(scope.hooks.this) : null;
      return scope.thisRelation ?? undefined;
    },
    target: () => hooks().target,
    execute: () => hooks().execute,
    project_name: () => hooks().projectName,
    model: () => hooks().model,
    flags: () => ({ FULL_REFRESH: false, STORE_FAILURES: false, WHICH: 'run', ...((hooks().extra?.flags as Record<string, unknown> | undefined) ?? {}) }),
    run_started_at: () => host.runStartedAt,
    invocation_id: () => host.invocationId,
  };
  for (const [name, get] of Object.entries(dynamic)) Object.defineProperty(globals, name, { get, enumerable: true });
  return globals;
}

export function newRunIdentity(): { runStartedAt: PyDateTime; invocationId: string } {
  return { runStartedAt: PyDateTime.fromDate(new Date(), UTC), invocationId: randomUUID() };
}
