/**
 * The engine-independent half of `getColumnsOfRelations`: group the asked
 * relations by catalog and schema (one catalog query each), then hand every
 * relation its columns back in the order it was asked for.
 */
import type { ColumnDescription, RelationRef } from './adapter.js';

/** The tables of one catalog and schema to describe, as the caller spelled them. */
export interface SchemaColumnsRequest {
  database: string;
  schema: string;
  identifiers: string[];
}

/** One column of one of the request's tables; rows of one table come in column order. */
export interface TableColumnRow {
  identifier: string;
  column: ColumnDescription;
}

export interface ColumnsBySchemaOptions {
  /** The catalog of a relation that names none. */
  defaultDatabase: string;
  /** DuckDB matches names case-insensitively; PostgreSQL (names already folded by quoting rules) exactly. */
  caseInsensitive: boolean;
}

export async function columnsBySchema(
  relations: readonly RelationRef[],
  options: ColumnsBySchemaOptions,
  describeSchema: (request: SchemaColumnsRequest) => Promise<TableColumnRow[]>,
): Promise<ColumnDescription[][]> {
  const fold = (name: string): string => (options.caseInsensitive ? name.toLowerCase() : name);
  const schemaKey = (database: string, schema: string): string => `${fold(database)}\u0000${fold(schema)}`;
  const requests = new Map<string, SchemaColumnsRequest & { seen: Set<string> }>();
  for (const relation of relations) {
    const database = relation.database ?? options.defaultDatabase;
    const key = schemaKey(database, relation.schema);
    let request = requests.get(key);
    if (!request) {
      request = { database, schema: relation.schema, identifiers: [], seen: new Set() };
      requests.set(key, request);
    }
    if (request.seen.has(fold(relation.identifier))) continue;
    request.seen.add(fold(relation.identifier));
    request.identifiers.push(relation.identifier);
  }

  const columns = new Map<string, ColumnDescription[]>();
  for (const [key, { database, schema, identifiers }] of requests) {
    // In turn, not at once: a session runs one statement at a time anyway.
    for (const row of await describeSchema({ database, schema, identifiers })) {
      const tableKey = `${key}\u0000${fold(row.identifier)}`;
      const found = columns.get(tableKey);
      if (found) found.push(row.column);
      else columns.set(tableKey, [row.column]);
    }
  }
  return relations.map((relation) => {
    const found = columns.get(`${schemaKey(relation.database ?? options.defaultDatabase, relation.schema)}\u0000${fold(relation.identifier)}`);
    return found ? found.map((column) => ({ ...column })) : [];
  });
}
