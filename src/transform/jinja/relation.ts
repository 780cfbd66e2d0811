/**
 * dbt's Relation object as templates see it: `{{ ref('x') }}` prints the
 * quoted name, and `.database .schema .identifier .name .type` and
 * `include()` / `incorporate()` work as in dbt's BaseRelation.
 */
import type { RelationRef, SqlDialect } from '../../compute/index.js';
import { splitArguments, truthy } from './python-values.js';

export class Relation {
  readonly database: string | undefined;
  readonly schema: string;
  readonly identifier: string;
  readonly type: string | null;
  private readonly dialect: SqlDialect;
  private readonly parts: { database: boolean; schema: boolean; identifier: boolean };

  constructor(ref: RelationRef, dialect: SqlDialect, type: string | null = null, parts = { database: true, schema: true, identifier: true }) {
    this.database = ref.database;
    this.schema = ref.schema;
    this.identifier = ref.identifier;
    this.type = type;
    this.dialect = dialect;
    this.parts = parts;
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

  /** The RelationRef for the compute layer (parts left out by `include()` are dropped). */
  toRef(): RelationRef {
    return { ...(this.database !== undefined ? { database: this.database } : {}), schema: this.schema, identifier: this.identifier };
  }

  render(): string {
    if (this.parts.database && this.parts.schema && this.parts.identifier) return this.dialect.renderRelation(this.toRef());
    const pieces: string[] = [];
    if (this.parts.database && this.database) pieces.push(this.dialect.quoteIdentifier(this.database));
    if (this.parts.schema && this.schema) pieces.push(this.dialect.quoteIdentifier(this.schema));
    if (this.parts.identifier && this.identifier) pieces.push(this.dialect.quoteIdentifier(this.identifier));
    return pieces.join('.');
  }

  toString(): string {
    return this.render();
  }

  /** `relation.include(database=False)`: a copy that leaves parts out when printed. */
  include(...args: unknown[]): Relation {
    const { keywords } = splitArguments(args);
    const pick = (name: 'database' | 'schema' | 'identifier'): boolean => (name in keywords ? truthy(keywords[name]) : this.parts[name]);
    return new Relation(this.toRef(), this.dialect, this.type, { database: pick('database'), schema: pick('schema'), identifier: pick('identifier') });
  }

  /** Quoting is the dialect's business; kept so `relation.quote(identifier=false)` does not fail. */
  quote(): Relation {
    return this;
  }

  /** `relation.incorporate(path={"identifier": "x"}, type="table")`. */
  incorporate(...args: unknown[]): Relation {
    const { keywords } = splitArguments(args);
    const path = (keywords.path ?? {}) as Partial<RelationRef>;
    const ref: RelationRef = {
      database: path.database ?? this.database,
      schema: path.schema ?? this.schema,
      identifier: path.identifier ?? this.identifier,
    };
    return new Relation(ref, this.dialect, (keywords.type as string | undefined) ?? this.type, this.parts);
  }
}

/** `api.Relation.create(database=…, schema=…, identifier=…, type=…)`. */
export function createRelation(dialect: SqlDialect, args: unknown[]): Relation {
  const { positional, keywords } = splitArguments(args);
  const database = (keywords.database ?? positional[0]) as string | undefined | null;
  const schema = (keywords.schema ?? positional[1] ?? '') as string;
  const identifier = (keywords.identifier ?? positional[2] ?? '') as string;
  const type = (keywords.type ?? positional[3] ?? null) as string | null;
  return new Relation({ ...(database ? { database } : {}), schema, identifier }, dialect, type);
}
