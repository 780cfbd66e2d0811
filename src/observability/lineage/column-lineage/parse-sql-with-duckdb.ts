import type { DuckDBConnection } from '@duckdb/node-api';
import { FloeError } from '../../../errors/index.js';

/**
 * One in-memory DuckDB connection per process, made on first use and shared
 * by every parse, one parse at a time: it holds no tables, and opening an
 * instance per call cost ~15 ms per model of a run. It does not keep the
 * process alive. DuckDB itself is imported here too, so importing the
 * observability module does not load it.
 */
let parser: Promise<DuckDBConnection> | undefined;
let turn: Promise<unknown> = Promise.resolve();

function parserConnection(): Promise<DuckDBConnection> {
  if (!parser) {
    const starting = import('@duckdb/node-api').then(async ({ DuckDBInstance }) => (await DuckDBInstance.create(':memory:')).connect());
    parser = starting;
    // A failed start is not remembered: the next call tries again.
    starting.catch(() => {
      if (parser === starting) parser = undefined;
    });
  }
  return parser;
}

/** Runs `work` on the shared connection once the parses before it are done. */
function inTurn<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
  const next = turn.then(async () => work(await parserConnection()));
  turn = next.catch(() => undefined);
  return next;
}

/**
 * Parses SQL with DuckDB's own parser and returns the `json_serialize_sql`
 * tree that `deriveColumnLineage` walks. Parsing needs no tables, so an
 * in-memory database is enough (one, shared).
 * Throws FLOE_COLUMN_LINEAGE_PARSE_ERROR when DuckDB cannot parse the SQL
 * (json_serialize_sql reads SELECT statements only).
 */
export async function parseSqlWithDuckDb(sql: string): Promise<unknown> {
  const cell = await inTurn(async (connection) => (await connection.runAndReadAll('SELECT json_serialize_sql($1::VARCHAR)', [sql])).getRows()[0]?.[0]);
  const tree: unknown = JSON.parse(String(cell));
  if (typeof tree === 'object' && tree !== null && (tree as { error?: unknown }).error === true) {
    const failure = tree as { error_message?: string; position?: string };
    throw new FloeError('FLOE_COLUMN_LINEAGE_PARSE_ERROR', `DuckDB could not parse the SQL for column lineage: ${failure.error_message ?? 'unknown error'}`, {
      detail: failure.position !== undefined ? `at character ${failure.position}: ${sql.slice(Number(failure.position), Number(failure.position) + 40)}` : undefined,
      hint: 'Column lineage reads compiled SELECT statements; check the compiled SQL of this node.',
    });
  }
  return tree;
}
