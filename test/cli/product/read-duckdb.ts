/** Read rows from a DuckDB file the way a user would after a run (read-only, closed afterwards). */
import { DuckDBInstance } from '@duckdb/node-api';

export async function queryDuckDb(path: string, sql: string): Promise<Array<Record<string, unknown>>> {
  const instance = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(sql);
    return reader.getRowObjectsJS().map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, typeof value === 'bigint' ? Number(value) : value])));
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
