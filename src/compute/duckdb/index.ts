export { DuckDbAdapter } from './duckdb-adapter.js';
export { DuckDbDialect } from './duckdb-dialect.js';
