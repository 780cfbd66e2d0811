/**
 * Column lineage from DuckDB's own parse tree (`json_serialize_sql`): for each
 * output column, which input columns flow into it and how (IDENTITY when the
 * value is copied, TRANSFORMATION when computed, AGGREGATION when aggregated),
 * plus the input columns that shape the whole result (joins, filters, grouping,
 * sorting) as INDIRECT dependencies — OpenLineage's ColumnLineage facet model.
 *
 * The walk is by name, without a catalog: tables are matched against the
 * inputs the caller knows (with their columns, for `*`), CTEs and subqueries
 * are derived recursively. Anything it cannot place (table functions, tables
 * not among the inputs) simply contributes nothing.
 */
import { FloeError } from '../../../errors/index.js';
import type { ColumnLineage, ColumnLineageInputField } from '../facets.js';
import { AGGREGATE_FUNCTIONS, MASKING_FUNCTIONS } from './function-kinds.js';

/** A table the SQL may read, with its columns in order. */
export interface ColumnLineageInput {
  namespace: string;
  /** `database.schema.table`; matched against the SQL's (catalog.)(schema.)table, case-insensitively. */
  name: string;
  columns: string[];
}

export interface DeriveColumnLineageOptions {
  /**
   * The output relation's real column names in order (e.g. from the engine
   * after materialising). Unaliased expressions get engine-made names the
   * parse tree does not carry, so when the count matches these win.
   */
  outputColumns?: string[];
}

type TransformationType = 'DIRECT' | 'INDIRECT';

interface Origin {
  input: number;
  field: string;
  type: TransformationType;
  subtype: string;
  masking: boolean;
}

interface DerivedColumn {
  name: string;
  origins: Origin[];
}

interface Relation {
  alias: string;
  /** null: a relation whose columns are unknown (table function, table outside the inputs). */
  columns: DerivedColumn[] | null;
  /** Columns a `*` skips (the right side of `JOIN … USING`). */
  hiddenFromStar: Set<string>;
}

interface QueryLineage {
  columns: DerivedColumn[];
  /** Dataset-level (INDIRECT) dependencies. */
  indirect: Origin[];
}

interface CteEnvironment {
  ctes: Map<string, QueryLineage | 'pending'>;
  parent?: CteEnvironment;
}

interface Scope {
  relations: Relation[];
  /** Earlier select-list aliases (DuckDB lets later items use them). */
  selectAliases: Map<string, DerivedColumn>;
  parent?: Scope;
  /** CTEs visible here (subqueries in expressions may read them). */
  env?: CteEnvironment;
}

interface Mode {
  type: TransformationType;
  subtype: string;
  masking: boolean;
}

/** An AST node as DuckDB serialises it; the walk reads fields defensively. */
type AstNode = Record<string, unknown>;

const SUBTYPE_RANK: Record<string, number> = { IDENTITY: 0, TRANSFORMATION: 1, AGGREGATION: 2 };

function isNode(value: unknown): value is AstNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nodes(value: unknown): AstNode[] {
  return Array.isArray(value) ? value.filter(isNode) : [];
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function same(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function stronger(a: string, b: string): string {
  return (SUBTYPE_RANK[a] ?? 1) >= (SUBTYPE_RANK[b] ?? 1) ? a : b;
}

/** What an inner origin becomes when used in an outer expression context. */
function compose(origin: Origin, mode: Mode): Origin {
  if (mode.type === 'INDIRECT') return { ...origin, type: 'INDIRECT', subtype: mode.subtype, masking: false };
  if (origin.type === 'INDIRECT') return origin;
  return { ...origin, subtype: stronger(origin.subtype, mode.subtype), masking: origin.masking || mode.masking };
}

function direct(mode: Mode, subtype: string, masking = false): Mode {
  if (mode.type === 'INDIRECT') return mode;
  return { type: 'DIRECT', subtype: stronger(mode.subtype, subtype), masking: mode.masking || masking };
}

function indirect(mode: Mode, subtype: string): Mode {
  return mode.type === 'INDIRECT' ? mode : { type: 'INDIRECT', subtype, masking: false };
}

class LineageWalker {
  constructor(private readonly inputs: ColumnLineageInput[]) {}

  query(node: AstNode, outer: Scope | undefined, environment: CteEnvironment | undefined): QueryLineage {
    const env = this.withCtes(node, environment);
    if (node.type === 'SET_OPERATION_NODE') return this.setOperation(node, outer, env);
    if (node.type === 'RECURSIVE_CTE_NODE') return this.recursiveCte(node, outer, env);
    if (node.type !== 'SELECT_NODE') return { columns: [], indirect: [] };

    const indirectOut: Origin[] = [];
    const relations = isNode(node.from_table) ? this.fromTable(node.from_table, outer, env, indirectOut) : [];
    const scope: Scope = { relations, selectAliases: new Map(), parent: outer, env };
    const top: Mode = { type: 'DIRECT', subtype: 'IDENTITY', masking: false };

    const columns: DerivedColumn[] = [];
    for (const item of nodes(node.select_list)) {
      if (item.class === 'STAR') {
        columns.push(...this.expandStar(item, scope));
        continue;
      }
      const origins: Origin[] = [];
      this.expression(item, scope, top, origins);
      const column = { name: outputName(item, columns.length), origins };
      columns.push(column);
      if (text(item.alias)) scope.selectAliases.set(text(item.alias).toLowerCase(), column);
    }

    const dataset = (expr: unknown, subtype: string): void => {
      if (isNode(expr)) this.expression(expr, scope, { type: 'INDIRECT', subtype, masking: false }, indirectOut);
    };
    dataset(node.where_clause, 'FILTER');
    for (const group of nodes(node.group_expressions)) dataset(group, 'GROUP_BY');
    dataset(node.having, 'FILTER');
    dataset(node.qualify, 'FILTER');
    for (const modifier of nodes(node.modifiers)) {
      for (const order of nodes(modifier.orders)) dataset(order.expression, 'SORT');
    }
    if (node.aggregate_handling === 'FORCE_AGGREGATES') {
      // GROUP BY ALL: every select item that aggregates nothing is a grouping key.
      for (const column of columns) {
        if (!column.origins.some((o) => o.subtype === 'AGGREGATION')) {
          for (const origin of column.origins) if (origin.type === 'DIRECT') indirectOut.push({ ...origin, type: 'INDIRECT', subtype: 'GROUP_BY', masking: false });
        }
      }
    }
    return { columns, indirect: indirectOut };
  }

  private withCtes(node: AstNode, parent: CteEnvironment | undefined): CteEnvironment | undefined {
    const entries = isNode(node.cte_map) ? nodes(node.cte_map.map) : [];
    if (entries.length === 0) return parent;
    const env: CteEnvironment = { ctes: new Map(), parent };
    for (const entry of entries) {
      const name = text(entry.key).toLowerCase();
      const cteQuery = isNode(entry.value) && isNode(entry.value.query) ? entry.value.query.node : undefined;
      if (!isNode(cteQuery)) continue;
      env.ctes.set(name, 'pending'); // a recursive CTE sees itself as unknown
      const lineage = this.query(cteQuery, undefined, env);
      const aliases = isNode(entry.value) ? entry.value.aliases : undefined;
      env.ctes.set(name, renameColumns(lineage, Array.isArray(aliases) ? aliases.map(text) : []));
    }
    return env;
  }

  private setOperation(node: AstNode, outer: Scope | undefined, env: CteEnvironment | undefined): QueryLineage {
    const left = isNode(node.left) ? this.query(node.left, outer, env) : { columns: [], indirect: [] };
    const right = isNode(node.right) ? this.query(node.right, outer, env) : { columns: [], indirect: [] };
    const indirectOut = [...left.indirect, ...right.indirect];
    if (node.setop_type !== 'UNION' && node.setop_type !== 'UNION_BY_NAME') {
      // EXCEPT / INTERSECT: the right side only decides which left rows survive.
      for (const column of right.columns) for (const o of column.origins) indirectOut.push({ ...o, type: 'INDIRECT', subtype: 'FILTER', masking: false });
      return { columns: left.columns, indirect: indirectOut };
    }
    const columns = left.columns.map((column, index) => {
      const match = node.setop_type === 'UNION_BY_NAME' ? right.columns.find((c) => same(c.name, column.name)) : right.columns[index];
      return { name: column.name, origins: [...column.origins, ...(match?.origins ?? [])] };
    });
    return { columns, indirect: indirectOut };
  }

  /** `WITH RECURSIVE`: the anchor's lineage stands for the CTE while its recursive part is read. */
  private recursiveCte(node: AstNode, outer: Scope | undefined, env: CteEnvironment | undefined): QueryLineage {
    const anchor = isNode(node.left) ? this.query(node.left, outer, env) : { columns: [], indirect: [] };
    const aliases = Array.isArray(node.aliases) ? node.aliases.map(text) : [];
    const named = renameColumns(anchor, aliases);
    const name = text(node.cte_name).toLowerCase();
    for (let current = env; current; current = current.parent) {
      if (current.ctes.get(name) === 'pending') {
        current.ctes.set(name, named);
        break;
      }
    }
    const recursive = isNode(node.right) ? this.query(node.right, outer, env) : { columns: [], indirect: [] };
    const columns = named.columns.map((column, i) => ({ name: column.name, origins: [...column.origins, ...(recursive.columns[i]?.origins ?? [])] }));
    return { columns, indirect: [...anchor.indirect, ...recursive.indirect] };
  }

  private fromTable(table: AstNode, outer: Scope | undefined, env: CteEnvironment | undefined, indirectOut: Origin[]): Relation[] {
    switch (table.type) {
      case 'BASE_TABLE':
        return [this.baseTable(table, env, indirectOut)];
      case 'SUBQUERY': {
        const subquery = isNode(table.subquery) ? table.subquery.node : undefined;
        if (!isNode(subquery)) return [];
        const lineage = this.query(subquery, outer, env);
        indirectOut.push(...lineage.indirect);
        const renamed = renameColumns(lineage, aliasList(table));
        return [{ alias: text(table.alias), columns: renamed.columns, hiddenFromStar: new Set() }];
      }
      case 'JOIN': {
        const left = isNode(table.left) ? this.fromTable(table.left, outer, env, indirectOut) : [];
        const right = isNode(table.right) ? this.fromTable(table.right, outer, env, indirectOut) : [];
        const both: Scope = { relations: [...left, ...right], selectAliases: new Map(), parent: outer, env };
        const joinMode: Mode = { type: 'INDIRECT', subtype: 'JOIN', masking: false };
        if (isNode(table.condition)) this.expression(table.condition, both, joinMode, indirectOut);
        const using = Array.isArray(table.using_columns) ? table.using_columns.map(text) : [];
        for (const column of using) {
          for (const side of [left, right]) {
            const found = this.resolve([column], { relations: side, selectAliases: new Map() });
            for (const origin of found?.origins ?? []) indirectOut.push(compose(origin, joinMode));
          }
          for (const relation of right) relation.hiddenFromStar.add(column.toLowerCase());
        }
        return [...left, ...right];
      }
      case 'EMPTY':
        return [];
      default:
        // Table functions, PIVOT, …: a relation we cannot see into.
        return [{ alias: text(table.alias), columns: null, hiddenFromStar: new Set() }];
    }
  }

  private baseTable(table: AstNode, env: CteEnvironment | undefined, indirectOut: Origin[]): Relation {
    const tableName = text(table.table_name);
    const schema = text(table.schema_name);
    const catalog = text(table.catalog_name);
    const alias = text(table.alias) || tableName;
    const unknown: Relation = { alias, columns: null, hiddenFromStar: new Set() };
    if (!schema && !catalog) {
      const cte = lookupCte(env, tableName);
      if (cte === 'pending') return unknown;
      if (cte) {
        indirectOut.push(...cte.indirect);
        return { alias, columns: renameColumns(cte, aliasList(table)).columns, hiddenFromStar: new Set() };
      }
    }
    const index = this.matchInput(catalog, schema, tableName);
    if (index < 0) return unknown;
    const columns = this.inputs[index].columns.map((field) => ({
      name: field,
      origins: [{ input: index, field, type: 'DIRECT' as const, subtype: 'IDENTITY', masking: false }],
    }));
    return { alias, columns: renameColumns({ columns, indirect: [] }, aliasList(table)).columns, hiddenFromStar: new Set() };
  }

  /** The input whose `database.schema.table` ends with the parts the SQL wrote. */
  private matchInput(catalog: string, schema: string, tableName: string): number {
    const written = [catalog, schema, tableName].filter(Boolean).map((part) => part.toLowerCase());
    return this.inputs.findIndex((input) => {
      const parts = input.name.toLowerCase().split('.');
      if (written.length > parts.length) return false;
      return written.every((part, i) => parts[parts.length - written.length + i] === part);
    });
  }

  private expandStar(star: AstNode, scope: Scope): DerivedColumn[] {
    const qualifier = text(star.relation_name);
    const excluded = new Set(
      (Array.isArray(star.exclude_list) ? star.exclude_list : []).map((entry) => {
        if (typeof entry === 'string') return entry.toLowerCase();
        const names = isNode(entry) && Array.isArray(entry.column_names) ? entry.column_names.map(text) : [];
        return (names[names.length - 1] ?? '').toLowerCase();
      }),
    );
    const replacements = new Map<string, AstNode>();
    for (const entry of nodes(star.replace_list)) if (isNode(entry.value)) replacements.set(text(entry.key).toLowerCase(), entry.value);
    const pattern = star.columns === true && isNode(star.expr) && isNode(star.expr.value) ? star.expr.value.value : undefined;
    const regex = typeof pattern === 'string' ? safeRegex(pattern) : undefined;

    const out: DerivedColumn[] = [];
    for (const relation of scope.relations) {
      if (qualifier && !same(relation.alias, qualifier)) continue;
      for (const column of relation.columns ?? []) {
        const key = column.name.toLowerCase();
        if (excluded.has(key) || (!qualifier && relation.hiddenFromStar.has(key))) continue;
        if (regex && !regex.test(column.name)) continue;
        const replacement = replacements.get(key);
        if (replacement) {
          const origins: Origin[] = [];
          this.expression(replacement, scope, { type: 'DIRECT', subtype: 'IDENTITY', masking: false }, origins);
          out.push({ name: column.name, origins });
        } else {
          out.push({ name: column.name, origins: column.origins });
        }
      }
    }
    return out;
  }

  /** Collects the origins an expression draws from into `out`. */
  private expression(expr: AstNode, scope: Scope, mode: Mode, out: Origin[]): void {
    switch (expr.class) {
      case 'CONSTANT':
        return;
      case 'COLUMN_REF': {
        const names = Array.isArray(expr.column_names) ? expr.column_names.map(text) : [];
        const column = this.resolve(names, scope);
        for (const origin of column?.origins ?? []) out.push(compose(origin, mode));
        return;
      }
      case 'FUNCTION': {
        const name = text(expr.function_name).toLowerCase();
        const inner = AGGREGATE_FUNCTIONS.has(name) ? direct(mode, 'AGGREGATION') : direct(mode, 'TRANSFORMATION', MASKING_FUNCTIONS.has(name));
        for (const child of nodes(expr.children)) this.expression(child, scope, inner, out);
        if (isNode(expr.filter)) this.expression(expr.filter, scope, indirect(mode, 'FILTER'), out);
        const orders = isNode(expr.order_bys) ? nodes(expr.order_bys.orders) : [];
        for (const order of orders) if (isNode(order.expression)) this.expression(order.expression, scope, indirect(mode, 'SORT'), out);
        return;
      }
      case 'WINDOW': {
        const inner = direct(mode, 'AGGREGATION');
        for (const child of nodes(expr.children)) this.expression(child, scope, inner, out);
        for (const partition of nodes(expr.partitions)) this.expression(partition, scope, indirect(mode, 'WINDOW'), out);
        for (const order of nodes(expr.orders)) if (isNode(order.expression)) this.expression(order.expression, scope, indirect(mode, 'WINDOW'), out);
        if (isNode(expr.filter_expr)) this.expression(expr.filter_expr, scope, indirect(mode, 'FILTER'), out);
        return;
      }
      case 'CASE': {
        const value = direct(mode, 'TRANSFORMATION');
        for (const check of nodes(expr.case_checks)) {
          if (isNode(check.when_expr)) this.expression(check.when_expr, scope, indirect(mode, 'CONDITIONAL'), out);
          if (isNode(check.then_expr)) this.expression(check.then_expr, scope, value, out);
        }
        if (isNode(expr.else_expr)) this.expression(expr.else_expr, scope, value, out);
        return;
      }
      case 'SUBQUERY': {
        const subquery = isNode(expr.subquery) ? expr.subquery.node : undefined;
        if (isNode(expr.child)) this.expression(expr.child, scope, direct(mode, 'TRANSFORMATION'), out);
        if (!isNode(subquery)) return;
        const lineage = this.query(subquery, scope, scope.env);
        const scalar = expr.subquery_type === 'SCALAR';
        const valueMode = scalar ? direct(mode, 'TRANSFORMATION') : indirect(mode, 'CONDITIONAL');
        for (const origin of lineage.columns[0]?.origins ?? []) out.push(compose(origin, valueMode));
        for (const origin of lineage.indirect) out.push(compose(origin, indirect(mode, 'FILTER')));
        return;
      }
      default: {
        // Casts, operators, comparisons, struct/list builders, …: computed from whatever they contain.
        const inner = direct(mode, 'TRANSFORMATION');
        for (const value of Object.values(expr)) {
          for (const child of Array.isArray(value) ? value : [value]) {
            if (isNode(child) && typeof child.class === 'string') this.expression(child, scope, inner, out);
          }
        }
      }
    }
  }

  private resolve(names: string[], scope: Scope | undefined): DerivedColumn | undefined {
    for (let current = scope; current; current = current.parent) {
      if (names.length >= 2) {
        const qualifier = names[names.length - 2];
        const relation = current.relations.find((r) => same(r.alias, qualifier));
        if (relation) return relation.columns?.find((c) => same(c.name, names[names.length - 1]));
        // `struct_column.field`: the value comes from the struct column.
        const struct = this.findColumn(names[0], current);
        if (struct) return struct;
        continue;
      }
      const found = this.findColumn(names[0] ?? '', current);
      if (found) return found;
    }
    return undefined;
  }

  private findColumn(name: string, scope: Scope): DerivedColumn | undefined {
    for (const relation of scope.relations) {
      const column = relation.columns?.find((c) => same(c.name, name));
      if (column) return column;
    }
    return scope.selectAliases.get(name.toLowerCase());
  }
}

function lookupCte(env: CteEnvironment | undefined, name: string): QueryLineage | 'pending' | undefined {
  for (let current = env; current; current = current.parent) {
    const found = current.ctes.get(name.toLowerCase());
    if (found) return found;
  }
  return undefined;
}

function aliasList(table: AstNode): string[] {
  return Array.isArray(table.column_name_alias) ? table.column_name_alias.map(text) : [];
}

function renameColumns(lineage: QueryLineage, names: string[]): QueryLineage {
  if (names.length === 0) return lineage;
  return { ...lineage, columns: lineage.columns.map((column, i) => ({ ...column, name: names[i] || column.name })) };
}

function outputName(item: AstNode, position: number): string {
  if (text(item.alias)) return text(item.alias);
  if (item.class === 'COLUMN_REF' && Array.isArray(item.column_names)) return text(item.column_names[item.column_names.length - 1]);
  if (text(item.function_name)) return text(item.function_name);
  return `column${position}`;
}

function safeRegex(pattern: string): RegExp | undefined {
  try {
    return new RegExp(pattern);
  } catch {
    return undefined;
  }
}

/** Groups origins by input column, keeping each distinct transformation once. */
function toInputFields(origins: Origin[], inputs: ColumnLineageInput[]): ColumnLineageInputField[] {
  const byField = new Map<string, ColumnLineageInputField>();
  for (const origin of origins) {
    const input = inputs[origin.input];
    const key = `${origin.input}\u0000${origin.field.toLowerCase()}`;
    let entry = byField.get(key);
    if (!entry) {
      entry = { namespace: input.namespace, name: input.name, field: origin.field, transformations: [] };
      byField.set(key, entry);
    }
    const transformation = { type: origin.type, subtype: origin.subtype, ...(origin.masking ? { masking: true } : {}) };
    if (!entry.transformations.some((t) => t.type === transformation.type && t.subtype === transformation.subtype && !!t.masking === !!transformation.masking)) {
      entry.transformations.push(transformation);
    }
  }
  return [...byField.values()];
}

function fieldTransformationType(fields: ColumnLineageInputField[]): string {
  const all = fields.flatMap((f) => f.transformations);
  if (all.some((t) => t.masking)) return 'MASKED';
  const directs = all.filter((t) => t.type === 'DIRECT');
  return directs.length > 0 && directs.every((t) => t.subtype === 'IDENTITY') ? 'IDENTITY' : 'TRANSFORMATION';
}

/**
 * Column lineage of a SELECT given its `json_serialize_sql` tree and the
 * tables it may read. Throws FLOE_COLUMN_LINEAGE_PARSE_ERROR when the tree is
 * DuckDB's parse-error object.
 */
export function deriveColumnLineage(ast: unknown, inputs: ColumnLineageInput[], options: DeriveColumnLineageOptions = {}): ColumnLineage {
  if (!isNode(ast)) {
    throw new FloeError('FLOE_COLUMN_LINEAGE_PARSE_ERROR', 'Column lineage needs the JSON tree from DuckDB json_serialize_sql(), got something else.', {
      hint: 'Pass the parsed JSON of `SELECT json_serialize_sql(<sql>)` (parseSqlWithDuckDb does this).',
    });
  }
  if (ast.error === true) {
    throw new FloeError('FLOE_COLUMN_LINEAGE_PARSE_ERROR', `DuckDB could not parse the SQL: ${text(ast.error_message)}`, {
      detail: ast.position !== undefined ? `at character ${String(ast.position)}` : undefined,
      hint: 'Column lineage reads compiled SELECT statements; check the compiled SQL of this node.',
    });
  }
  const statements = nodes(ast.statements);
  const statement = statements[statements.length - 1];
  const root = statement && isNode(statement.node) ? statement.node : undefined;
  if (!root) return { fields: {}, dataset: [] };

  const lineage = new LineageWalker(inputs).query(root, undefined, undefined);
  const names = options.outputColumns && options.outputColumns.length === lineage.columns.length ? options.outputColumns : undefined;

  const fields: ColumnLineage['fields'] = {};
  lineage.columns.forEach((column, index) => {
    const name = names ? names[index] : column.name;
    const inputFields = toInputFields(column.origins, inputs);
    if (inputFields.length === 0 || fields[name]) return;
    fields[name] = { inputFields, transformationType: fieldTransformationType(inputFields) };
  });
  return { fields, dataset: toInputFields(lineage.indirect, inputs) };
}
