/**
 * PostgreSQL's SQL. A connection sees one database, and `"db"."schema"."t"` is
 * accepted only when "db" is that database, so relations in the current
 * database render as `"schema"."t"` (and others keep the database so the
 * server reports the cross-database reference clearly).
 */
import type { RelationRef } from '../adapter.js';
import { AnsiSqlDialect, logicalTypeKey } from '../ansi-dialect.js';

const TYPE_NAMES: Record<string, string> = {
  string: 'text',
  integer: 'integer',
  bigint: 'bigint',
  float: 'double precision',
  numeric: 'numeric',
  boolean: 'boolean',
  timestamp: 'timestamp without time zone',
  timestamptz: 'timestamp with time zone',
  date: 'date',
};

export class PostgresDialect extends AnsiSqlDialect {
  /** The database this connection is in. */
  readonly currentDatabase: string;

  constructor(currentDatabase: string) {
    super();
    this.currentDatabase = currentDatabase;
  }

  renderRelation(relation: RelationRef): string {
    const parts = [relation.schema, relation.identifier];
    if (relation.database !== undefined && relation.database !== this.currentDatabase) parts.unshift(relation.database);
    return parts.map((part) => this.quoteIdentifier(part)).join('.');
  }

  createSchemaIfNotExists(_database: string | undefined, schema: string): string {
    return `create schema if not exists ${this.quoteIdentifier(schema)}`;
  }

  alterColumnType(relation: RelationRef, column: string, dataType: string): string {
    const name = this.quoteIdentifier(column);
    return `alter table ${this.renderRelation(relation)} alter column ${name} type ${dataType} using ${name}::${dataType}`;
  }

  typeName(logical: string): string {
    return TYPE_NAMES[logicalTypeKey(logical)] ?? logical;
  }
}
