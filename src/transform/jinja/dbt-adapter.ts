/**
 * dbt's `adapter` object: `dispatch`, quoting, and the warehouse methods
 * macros call (`get_relation`, `get_columns_in_relation`, `drop_relation`,
 * `get_missing_columns`, `expand_target_column_types`, …). Warehouse calls go
 * through the render's replay (warehouse-replay.ts): at parse time they
 * answer empty and change nothing; at run time each runs once, in order.
 */
import type { ColumnDescription, RelationRef, SqlDialect } from '../../compute/index.js';
import { FloeError } from '../../errors/index.js';
import { Column } from './column.js';
import { Relation } from './relation.js';
import { pythonStr, splitArguments, truthy } from './python-values.js';
import type { MacroFunction } from './template-runtime.js';
import type { DbtContextHooks } from './types.js';
import type { WarehouseReplay } from './warehouse-replay.js';

export interface AdapterHost {
  hooks(): DbtContextHooks;
  replay(): WarehouseReplay;
  readonly adapterType: string;
  dispatch(name: string, namespace?: string): MacroFunction;
  relation(ref: RelationRef, type?: string | null): Relation;
}

/** A method's arguments by name, whether passed by position or as keywords (`from_relation=…`). */
function params(args: unknown[], names: string[]): unknown[] {
  const { positional, keywords } = splitArguments(args);
  return names.map((name, i) => (i < positional.length ? positional[i] : keywords[name]));
}

function relationArgument(value: unknown, method: string): Relation {
  if (value instanceof Relation) return value;
  throw new FloeError('FLOE_COMPILER_ERROR', `adapter.${method} expected a Relation, got ${pythonStr(value)}`, {
    hint: "pass ref('model'), source('a', 'b'), this, or api.Relation.create(...)",
  });
}

export function createAdapterObject(host: AdapterHost): Record<string, unknown> {
  const dialect = (): SqlDialect => host.hooks().dialect;
  const quote = (name: string): string => dialect().quoteIdentifier(name);
  const executing = (): boolean => host.hooks().execute;
  const columnsOf = (relation: Relation): Column[] => (executing() ? host.replay().columns(relation.toRef()).map((c) => Column.fromDescription(c, quote)) : []);
  const find = (ref: RelationRef): Relation | null => {
    if (!executing()) return null;
    const found = host.replay().relation(ref);
    return found ? host.relation(found, found.kind) : null;
  };
  /** A statement with side effects, run once at run time (never at parse time). */
  const execute = (sql: string): void => {
    if (executing()) host.replay().query(sql);
  };
  const kindOf = (relation: Relation): 'table' | 'view' | undefined => {
    if (relation.type === 'table' || relation.type === 'view') return relation.type;
    const found = find(relation.toRef());
    return found?.type === 'table' || found?.type === 'view' ? found.type : undefined;
  };

  const getRelation = (...args: unknown[]): Relation | null => {
    const { positional, keywords } = splitArguments(args);
    const database = (keywords.database ?? positional[0]) as string | null | undefined;
    const schema = String(keywords.schema ?? positional[1] ?? '');
    const identifier = String(keywords.identifier ?? positional[2] ?? '');
    return find({ ...(database ? { database: String(database) } : {}), schema, identifier });
  };

  return {
    dispatch: (...args: unknown[]): MacroFunction => {
      const { positional, keywords } = splitArguments(args);
      const name = String(positional[0] ?? keywords.macro_name);
      const namespace = (positional[1] ?? keywords.macro_namespace ?? undefined) as string | undefined | null;
      return host.dispatch(name, namespace ?? undefined);
    },
    quote: (identifier: unknown): string => quote(pythonStr(identifier)),
    quote_as_configured: (identifier: unknown): string => quote(pythonStr(identifier)),
    quote_seed_column: (column: unknown, quoteConfig: unknown): string => (quoteConfig === false ? pythonStr(column) : quote(pythonStr(column))),
    type: (): string => host.adapterType,
    get_relation: getRelation,
    load_relation: (...args: unknown[]): Relation | null => {
      const rel = relationArgument(params(args, ['relation'])[0], 'load_relation');
      return find(rel.toRef());
    },
    get_columns_in_relation: (...args: unknown[]): Column[] => {
      const [relation] = params(args, ['relation']);
      return relation instanceof Relation ? columnsOf(relation) : [];
    },
    /** Columns of `from` that `to` lacks (names compared case-insensitively). */
    get_missing_columns: (...args: unknown[]): Column[] => {
      const [from, to] = params(args, ['from_relation', 'to_relation']);
      const target = new Set(columnsOf(relationArgument(to, 'get_missing_columns')).map((c) => c.name.toLowerCase()));
      return columnsOf(relationArgument(from, 'get_missing_columns')).filter((c) => !target.has(c.name.toLowerCase()));
    },
    /** Widen string columns of `to` that are narrower than the same columns of `from`. */
    expand_target_column_types: (...args: unknown[]): string => {
      const [from, to] = params(args, ['from_relation', 'to_relation']);
      const source = new Map(columnsOf(relationArgument(from, 'expand_target_column_types')).map((c) => [c.name.toLowerCase(), c]));
      const targetRelation = relationArgument(to, 'expand_target_column_types');
      for (const column of columnsOf(targetRelation)) {
        const wider = source.get(column.name.toLowerCase());
        if (wider && column.can_expand_to(wider)) execute(dialect().alterColumnType(targetRelation.toRef(), column.name, Column.string_type(wider.string_size())));
      }
      return '';
    },
    drop_relation: (...args: unknown[]): string => {
      const rel = relationArgument(params(args, ['relation'])[0], 'drop_relation');
      const kind = kindOf(rel);
      if (kind) execute(dialect().dropRelation(rel.toRef(), kind));
      return '';
    },
    rename_relation: (...args: unknown[]): string => {
      const [from, to] = params(args, ['from_relation', 'to_relation']);
      const source = relationArgument(from, 'rename_relation');
      const kind = kindOf(source);
      if (kind) execute(dialect().renameRelation(source.toRef(), kind, relationArgument(to, 'rename_relation').identifier));
      return '';
    },
    truncate_relation: (...args: unknown[]): string => {
      execute(dialect().deleteAllRows(relationArgument(params(args, ['relation'])[0], 'truncate_relation').toRef()));
      return '';
    },
    create_schema: (...args: unknown[]): string => {
      const rel = relationArgument(params(args, ['relation'])[0], 'create_schema');
      execute(dialect().createSchemaIfNotExists(rel.database, rel.schema));
      return '';
    },
    drop_schema: (...args: unknown[]): string => {
      const rel = relationArgument(params(args, ['relation'])[0], 'drop_schema');
      execute(`drop schema if exists ${quote(rel.schema)} cascade`);
      return '';
    },
    check_schema_exists: (...args: unknown[]): boolean => {
      const [, schema] = params(args, ['database', 'schema']);
      if (!executing()) return false;
      const result = host.replay().query(`select count(*) as n from information_schema.schemata where schema_name = ${dialect().quoteString(pythonStr(schema))}`);
      return Number(result.rows[0]?.n ?? 0) > 0;
    },
    already_exists: (...args: unknown[]): boolean => {
      const [schema, identifier] = params(args, ['schema', 'name']);
      return getRelation(null, schema, identifier) !== null;
    },
    /** `adapter.execute(sql, fetch=True)`: (response, table); the table is empty unless fetch. */
    execute: (...args: unknown[]): unknown[] => {
      const { positional, keywords } = splitArguments(args);
      const sql = pythonStr(positional[0] ?? keywords.sql);
      const fetch = truthy(positional[2] ?? keywords.fetch ?? false);
      const result = executing() ? host.replay().query(sql) : { columns: [] as ColumnDescription[], rows: [] };
      return [{ _message: 'OK', code: 'OK', rows_affected: result.rows.length }, fetch ? result : { columns: [], rows: [] }];
    },
    commit: (): string => '',
    begin: (): string => '',
    cache_added: (): string => '',
    cache_dropped: (): string => '',
    cache_renamed: (): string => '',
    /** dbt's `adapter.Relation` / `adapter.Column` aliases of api.Relation / api.Column. */
    Column,
  };
}
