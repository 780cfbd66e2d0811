/** DuckDB's SQL: relations always fully qualified as "catalog"."schema"."name". */
import type { RelationRef } from '../adapter.js';
import { AnsiSqlDialect, logicalTypeKey } from '../ansi-dialect.js';

const TYPE_NAMES: Record<string, string> = {
  string: 'VARCHAR',
  integer: 'INTEGER',
  bigint: 'BIGINT',
  float: 'DOUBLE',
  numeric: 'DECIMAL(38,9)',
  boolean: 'BOOLEAN',
  timestamp: 'TIMESTAMP',
  timestamptz: 'TIMESTAMPTZ',
  date: 'DATE',
};

export class DuckDbDialect extends AnsiSqlDialect {
  /** The catalog a relation without `database` lives in (the file's base name). */
  readonly defaultDatabase: string;

  constructor(defaultDatabase: string) {
    super();
    this.defaultDatabase = defaultDatabase;
  }

  renderRelation(relation: RelationRef): string {
    return [relation.database ?? this.defaultDatabase, relation.schema, relation.identifier].map((part) => this.quoteIdentifier(part)).join('.');
  }

  createSchemaIfNotExists(database: string | undefined, schema: string): string {
    return `create schema if not exists ${this.quoteIdentifier(database ?? this.defaultDatabase)}.${this.quoteIdentifier(schema)}`;
  }

  alterColumnType(relation: RelationRef, column: string, dataType: string): string {
    const name = this.quoteIdentifier(column);
    return `alter table ${this.renderRelation(relation)} alter column ${name} set data type ${dataType} using cast(${name} as ${dataType})`;
  }

  typeName(logical: string): string {
    return TYPE_NAMES[logicalTypeKey(logical)] ?? logical;
  }
}
