/**
 * The SQL both engines spell the same way. Each engine's dialect extends this
 * and overrides what differs (relation rendering, type names, column type
 * changes). Pure: no I/O.
 */
import type { ColumnDescription, IncrementalMergeSpec, RelationKind, RelationRef, SqlDialect } from './adapter.js';

/** Model SQL often ends in `;` (or a comment after it); inside `as ( … )` that is a syntax error. */
export function stripTrailingSemicolons(sql: string): string {
  return sql.replace(/[\s;]+$/, '');
}

export abstract class AnsiSqlDialect implements SqlDialect {
  abstract renderRelation(relation: RelationRef): string;
  abstract createSchemaIfNotExists(database: string | undefined, schema: string): string;
  abstract alterColumnType(relation: RelationRef, column: string, dataType: string): string;
  abstract typeName(logical: string): string;

  quoteIdentifier(name: string): string {
    return `"${name.replace(/"/g, '""')}"`;
  }

  quoteString(value: string): string {
    return `'${value.replace(/'/g, "''")}'`;
  }

  createTableAs(relation: RelationRef, selectSql: string): string {
    // The newline before `)` keeps a trailing `-- comment` in the model from swallowing it.
    return `create table ${this.renderRelation(relation)} as (\n${stripTrailingSemicolons(selectSql)}\n)`;
  }

  createViewAs(relation: RelationRef, selectSql: string): string {
    return `create view ${this.renderRelation(relation)} as (\n${stripTrailingSemicolons(selectSql)}\n)`;
  }

  dropRelation(relation: RelationRef, kind: RelationKind): string {
    return `drop ${kind} if exists ${this.renderRelation(relation)} cascade`;
  }

  deleteAllRows(relation: RelationRef): string {
    // Not TRUNCATE: DELETE is transactional on every engine and takes no exclusive lock on PostgreSQL.
    return `delete from ${this.renderRelation(relation)}`;
  }

  renameRelation(relation: RelationRef, kind: RelationKind, newIdentifier: string): string {
    return `alter ${kind} ${this.renderRelation(relation)} rename to ${this.quoteIdentifier(newIdentifier)}`;
  }

  addColumn(relation: RelationRef, column: ColumnDescription): string {
    return `alter table ${this.renderRelation(relation)} add column ${this.quoteIdentifier(column.name)} ${column.dataType}`;
  }

  dropColumn(relation: RelationRef, column: string): string {
    return `alter table ${this.renderRelation(relation)} drop column ${this.quoteIdentifier(column)}`;
  }

  /**
   * append: one INSERT. delete+insert: delete target rows whose key appears in
   * the source, then insert. merge: UPDATE … FROM for matching keys, then
   * INSERT … WHERE NOT EXISTS — the same result as MERGE on every PostgreSQL
   * version and on DuckDB. Without a unique key, merge and delete+insert append
   * (as dbt does). NULL keys never match, so such rows are inserted each time.
   */
  incrementalMerge(spec: IncrementalMergeSpec): string[] {
    const target = this.renderRelation(spec.target);
    const source = this.renderRelation(spec.source);
    const columnList = spec.columns.map((c) => this.quoteIdentifier(c)).join(', ');
    const insertAll = `insert into ${target} (${columnList})\nselect ${columnList} from ${source}`;
    if (spec.strategy === 'append' || spec.uniqueKey.length === 0) return [insertAll];
    const keyMatch = spec.uniqueKey
      .map((key) => `floe_target.${this.quoteIdentifier(key)} = floe_source.${this.quoteIdentifier(key)}`)
      .join(' and ');
    if (spec.strategy === 'delete+insert') {
      return [
        `delete from ${target} as floe_target\nwhere exists (select 1 from ${source} as floe_source where ${keyMatch})`,
        insertAll,
      ];
    }
    const keys = new Set(spec.uniqueKey.map((k) => k.toLowerCase()));
    const updated = spec.columns.filter((c) => !keys.has(c.toLowerCase()));
    const statements: string[] = [];
    if (updated.length > 0) {
      const assignments = updated.map((c) => `${this.quoteIdentifier(c)} = floe_source.${this.quoteIdentifier(c)}`).join(', ');
      statements.push(`update ${target} as floe_target\nset ${assignments}\nfrom ${source} as floe_source\nwhere ${keyMatch}`);
    }
    const sourceColumns = spec.columns.map((c) => `floe_source.${this.quoteIdentifier(c)}`).join(', ');
    statements.push(
      `insert into ${target} (${columnList})\nselect ${sourceColumns} from ${source} as floe_source\n` +
        `where not exists (select 1 from ${target} as floe_target where ${keyMatch})`,
    );
    return statements;
  }

  currentTimestamp(): string {
    return 'now()';
  }
}

/** Logical type names callers use, normalised (`string`/`text`/`varchar` → `string`, …). */
export function logicalTypeKey(logical: string): string {
  const key = logical.trim().toLowerCase();
  const synonyms: Record<string, string> = {
    text: 'string', varchar: 'string', str: 'string',
    int: 'integer', int4: 'integer',
    int8: 'bigint', long: 'bigint',
    double: 'float', float8: 'float', real: 'float',
    decimal: 'numeric', number: 'numeric',
    bool: 'boolean',
    datetime: 'timestamp',
  };
  return synonyms[key] ?? key;
}
