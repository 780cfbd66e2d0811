/**
 * Parse time has no engine yet, but relation objects need to print
 * themselves. Both engines floe supports quote with double quotes and address
 * `database.schema.identifier`, so that is what parse-time SQL looks like; the
 * real dialect takes over at run time. DDL is not available here.
 */
import { FloeError } from '../../errors/index.js';
import type { RelationRef, SqlDialect } from '../../compute/index.js';

function unavailable(what: string): never {
  throw new FloeError('FLOE_PARSE_TIME', `${what} is not available while parsing (execute is false)`, {
    hint: "guard warehouse-dependent code with {% if execute %}",
  });
}

export const parseTimeDialect: SqlDialect = {
  quoteIdentifier: (name) => `"${name.replace(/"/g, '""')}"`,
  quoteString: (value) => `'${value.replace(/'/g, "''")}'`,
  renderRelation(relation: RelationRef): string {
    const parts = relation.database ? [relation.database, relation.schema, relation.identifier] : [relation.schema, relation.identifier];
    return parts.map((part) => `"${part.replace(/"/g, '""')}"`).join('.');
  },
  createSchemaIfNotExists: () => unavailable('create schema'),
  createTableAs: () => unavailable('create table'),
  createViewAs: () => unavailable('create view'),
  dropRelation: () => unavailable('drop'),
  deleteAllRows: () => unavailable('delete'),
  renameRelation: () => unavailable('rename'),
  addColumn: () => unavailable('alter table'),
  dropColumn: () => unavailable('alter table'),
  alterColumnType: () => unavailable('alter table'),
  incrementalMerge: () => unavailable('merge'),
  typeName: (logical) => logical,
  currentTimestamp: () => 'current_timestamp',
};
