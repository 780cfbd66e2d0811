import { DuckDBInstance } from '@duckdb/node-api';
import { FloeError } from '../../../errors/index.js';

/**
 * Parses SQL with DuckDB's own parser and returns the `json_serialize_sql`
 * tree that `deriveColumnLineage` walks. Parsing needs no tables, so an
 * in-memory database is enough; it is opened per call and closed again.
 * Throws FLOE_COLUMN_LINEAGE_PARSE_ERROR when DuckDB cannot parse the SQL
 * (json_serialize_sql reads SELECT statements only).
 */
export async function parseSqlWithDuckDb(sql: string): Promise<unknown> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll('SELECT json_serialize_sql($1::VARCHAR)', [sql]);
    const cell = reader.getRows()[0]?.[0];
    const tree: unknown = JSON.parse(String(cell));
    if (typeof tree === 'object' && tree !== null && (tree as { error?: unknown }).error === true) {
      const failure = tree as { error_message?: string; position?: string };
      throw new FloeError('FLOE_COLUMN_LINEAGE_PARSE_ERROR', `DuckDB could not parse the SQL for column lineage: ${failure.error_message ?? 'unknown error'}`, {
        detail: failure.position !== undefined ? `at character ${failure.position}: ${sql.slice(Number(failure.position), Number(failure.position) + 40)}` : undefined,
        hint: 'Column lineage reads compiled SELECT statements; check the compiled SQL of this node.',
      });
    }
    return tree;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
