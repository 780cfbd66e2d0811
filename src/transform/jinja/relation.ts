/**
 * dbt's Relation object as templates see it: `{{ ref('x') }}` prints the
 * quoted name; `.database .schema .identifier .name .type`, `include()`,
 * `quote()`, `incorporate()`, `information_schema()`, `is_table` / `is_view`
 * work as in dbt's BaseRelation; and it is a mapping (`relation is mapping`,
 * `relation.get('metadata')`), which is how dbt_utils recognises relations.
 */
import type { RelationRef, SqlDialect } from '../../compute/index.js';
import { splitArguments, truthy } from './python-values.js';

interface Parts {
  database: boolean;
  schema: boolean;
  identifier: boolean;
}

const ALL: Parts = { database: true, schema: true, identifier: true };

/** Set on objects that answer `is mapping` (and `.get()`) though they are class instances. */
export const PY_MAPPING: unique symbol = Symbol('floe.mapping');

/** dbt's adapter-specific class names, which macros compare against (`…Relation`). */
const RELATION_CLASS: Record<string, string> = { postgres: 'PostgresRelation', duckdb: 'DuckDBRelation' };

export class Relation {
  readonly [PY_MAPPING] = true;
  readonly database: string | undefined;
  readonly schema: string;
  readonly identifier: string;
  readonly type: string | null;
  private readonly dialect: SqlDialect;
  private readonly includePolicy: Parts;
  private readonly quotePolicy: Parts;
  private readonly adapterType: string;

  static readonly Table = 'table';
  static readonly View = 'view';
  static readonly CTE = 'cte';
  static readonly MaterializedView = 'materialized_view';
  static readonly External = 'external';

  constructor(ref: RelationRef, dialect: SqlDialect, type: string | null = null, include: Parts = ALL, quote: Parts = ALL, adapterType = '') {
    this.database = ref.database;
    this.schema = ref.schema;
    this.identifier = ref.identifier;
    this.type = type;
    this.dialect = dialect;
    this.includePolicy = include;
    this.quotePolicy = quote;
    this.adapterType = adapterType;
  }

  private with(changes: { ref?: RelationRef; type?: string | null; include?: Parts; quote?: Parts }): Relation {
    return new Relation(changes.ref ?? this.toRef(), this.dialect, changes.type === undefined ? this.type : changes.type, changes.include ?? this.includePolicy, changes.quote ?? this.quotePolicy, this.adapterType);
  }

  get name(): string {
    return this.identifier;
  }
  get table(): string {
    return this.identifier;
  }
  get is_table(): boolean {
    return this.type === 'table';
  }
  get is_view(): boolean {
    return this.type === 'view';
  }
  get is_cte(): boolean {
    return this.type === 'cte';
  }
  get is_materialized_view(): boolean {
    return this.type === 'materialized_view';
  }
  get quote_policy(): Record<string, boolean> {
    return { ...this.quotePolicy };
  }
  get include_policy(): Record<string, boolean> {
    return { ...this.includePolicy };
  }
  get path(): Record<string, string | null> {
    return { database: this.database ?? null, schema: this.schema, identifier: this.identifier };
  }
  get can_be_renamed(): boolean {
    return this.type === 'table' || this.type === 'view';
  }
  get can_be_replaced(): boolean {
    return this.type === 'view';
  }

  /** The RelationRef for the compute layer. */
  toRef(): RelationRef {
    return { ...(this.database !== undefined ? { database: this.database } : {}), schema: this.schema, identifier: this.identifier };
  }

  render(): string {
    // Parts that are empty (a relation made without an identifier names a schema) are left out, as in dbt.
    const isDefault = (['database', 'schema', 'identifier'] as const).every((part) => this.includePolicy[part] && this.quotePolicy[part]) && this.schema !== '' && this.identifier !== '';
    if (isDefault) return this.dialect.renderRelation(this.toRef());
    // Leave out what the dialect leaves out (PostgreSQL's current database), then apply the policies.
    const full = this.dialect.renderRelation({ database: this.database, schema: '\u0000s', identifier: '\u0000i' });
    const pieces: string[] = [];
    const part = (name: keyof Parts, value: string | undefined): void => {
      if (!this.includePolicy[name] || value === undefined || value === '') return;
      pieces.push(this.quotePolicy[name] ? this.dialect.quoteIdentifier(value) : value);
    };
    if (!full.startsWith(this.dialect.quoteIdentifier('\u0000s'))) part('database', this.database);
    part('schema', this.schema);
    part('identifier', this.identifier);
    return pieces.join('.');
  }

  toString(): string {
    return this.render();
  }

  /** `relation.include(database=False)`: a copy that leaves parts out when printed. */
  include(...args: unknown[]): Relation {
    const { keywords } = splitArguments(args);
    const pick = (name: keyof Parts): boolean => (name in keywords && keywords[name] !== null ? truthy(keywords[name]) : this.includePolicy[name]);
    return this.with({ include: { database: pick('database'), schema: pick('schema'), identifier: pick('identifier') } });
  }

  /** `relation.quote(identifier=false)`: a copy that prints those parts unquoted. */
  quote(...args: unknown[]): Relation {
    const { keywords } = splitArguments(args);
    const pick = (name: keyof Parts): boolean => (name in keywords && keywords[name] !== null ? truthy(keywords[name]) : this.quotePolicy[name]);
    return this.with({ quote: { database: pick('database'), schema: pick('schema'), identifier: pick('identifier') } });
  }

  without_identifier(): Relation {
    return this.include({ identifier: false, __keywords: true });
  }

  /** `relation.incorporate(path={"identifier": "x"}, type="table")`. */
  incorporate(...args: unknown[]): Relation {
    const { keywords } = splitArguments(args);
    const path = (keywords.path ?? {}) as Partial<RelationRef>;
    const ref: RelationRef = {
      ...((path.database ?? this.database) !== undefined && (path.database ?? this.database) !== null ? { database: String(path.database ?? this.database) } : {}),
      schema: String(path.schema ?? this.schema),
      identifier: String(path.identifier ?? this.identifier),
    };
    return this.with({ ref, type: keywords.type === undefined ? this.type : (keywords.type as string | null) });
  }

  replace_path(...args: unknown[]): Relation {
    const { keywords } = splitArguments(args);
    return this.incorporate({ path: keywords, __keywords: true });
  }

  /** `relation.information_schema('columns')`: the information_schema of the relation's database. */
  information_schema(view?: unknown): Relation {
    const identifier = view === undefined || view === null ? '' : String(view);
    return new Relation({ ...(this.database !== undefined ? { database: this.database } : {}), schema: 'information_schema', identifier }, this.dialect, 'view', { ...ALL, identifier: identifier !== '' }, { ...ALL, schema: false, identifier: false }, this.adapterType);
  }

  information_schema_only(): Relation {
    return this.information_schema();
  }

  matches(...args: unknown[]): boolean {
    const { positional, keywords } = splitArguments(args);
    const want = { database: positional[0] ?? keywords.database, schema: positional[1] ?? keywords.schema, identifier: positional[2] ?? keywords.identifier };
    const same = (a: unknown, b: string | undefined): boolean => a === undefined || a === null || String(a).toLowerCase() === (b ?? '').toLowerCase();
    return same(want.database, this.database) && same(want.schema, this.schema) && same(want.identifier, this.identifier);
  }

  /** Mapping access, as dbt's relation dataclass offers it (`relation.get('metadata')`). */
  get(key: unknown, fallback: unknown = null): unknown {
    switch (String(key)) {
      case 'metadata':
        return { type: RELATION_CLASS[this.adapterType] ?? 'BaseRelation' };
      case 'path':
        return this.path;
      case 'type':
        return this.type;
      case 'quote_policy':
        return this.quote_policy;
      case 'include_policy':
        return this.include_policy;
      default:
        return fallback;
    }
  }

  keys(): string[] {
    return ['path', 'type', 'quote_policy', 'include_policy', 'metadata'];
  }

  __eq__(other: unknown): boolean {
    return other instanceof Relation && other.render() === this.render();
  }

  __hash__(): string {
    return this.render();
  }
}

/** `api.Relation.create(database=…, schema=…, identifier=…, type=…)` and friends. */
export function relationApi(dialect: () => SqlDialect, adapterType: () => string): Record<string, unknown> {
  return {
    create: (...args: unknown[]): Relation => {
      const { positional, keywords } = splitArguments(args);
      const database = (keywords.database ?? positional[0]) as string | undefined | null;
      const schema = (keywords.schema ?? positional[1] ?? '') as string;
      const identifier = (keywords.identifier ?? positional[2] ?? '') as string;
      const type = (keywords.type ?? positional[3] ?? null) as string | null;
      const policy = (value: unknown): Parts => ({ ...ALL, ...((value ?? {}) as Partial<Parts>) });
      return new Relation(
        { ...(database ? { database: String(database) } : {}), schema: String(schema ?? ''), identifier: String(identifier ?? '') },
        dialect(),
        type,
        policy(keywords.include_policy),
        policy(keywords.quote_policy),
        adapterType(),
      );
    },
    add_ephemeral_prefix: (name: unknown): string => `__dbt__cte__${String(name)}`,
    Table: Relation.Table,
    View: Relation.View,
    CTE: Relation.CTE,
    MaterializedView: Relation.MaterializedView,
    External: Relation.External,
  };
}
