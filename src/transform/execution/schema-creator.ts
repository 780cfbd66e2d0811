/**
 * Creates each schema a run writes to once, even with several threads
 * asking at the same moment (two concurrent `CREATE SCHEMA IF NOT EXISTS`
 * can still collide on PostgreSQL).
 */
import type { ComputeAdapter, RelationRef } from '../../compute/index.js';
import type { StatementRunner } from './statement-runner.js';

export class SchemaCreator {
  private readonly created = new Map<string, Promise<void>>();

  constructor(private readonly adapter: ComputeAdapter) {}

  ensure(statements: StatementRunner, relation: RelationRef): Promise<void> {
    const database = relation.database ?? this.adapter.database;
    const key = `${database ?? ''}\u0000${relation.schema}`;
    let pending = this.created.get(key);
    if (!pending) {
      pending = statements.execute(this.adapter.dialect.createSchemaIfNotExists(relation.database, relation.schema)).then(() => undefined);
      pending.catch(() => this.created.delete(key));
      this.created.set(key, pending);
    }
    return pending;
  }
}
