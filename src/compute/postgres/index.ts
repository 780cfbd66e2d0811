export { PostgresAdapter } from './postgres-adapter.js';
export { PostgresDialect } from './postgres-dialect.js';
