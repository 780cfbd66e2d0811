/** The two real engines the executor's integration tests run on. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAdapter } from '../../../src/compute/index.js';
import type { ComputeAdapter, ExistingRelation } from '../../../src/compute/index.js';
import { createTestDatabase } from '../../support/postgres.js';

export interface OpenEngine {
  adapter: ComputeAdapter;
  close(): Promise<void>;
}

export interface TestEngine {
  name: 'duckdb' | 'postgres';
  open(): Promise<OpenEngine>;
}

export const engines: TestEngine[] = [
  {
    name: 'duckdb',
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'floe-exec-duckdb-'));
      const adapter = await createAdapter({ type: 'duckdb', path: join(dir, 'warehouse.duckdb'), schema: 'main' });
      return { adapter, close: () => adapter.close() };
    },
  },
  {
    name: 'postgres',
    async open() {
      const database = await createTestDatabase('floe_exec');
      const adapter = await createAdapter({ type: 'postgres', host: database.host, port: database.port, user: database.user, password: database.password, dbname: database.name, schema: 'public' });
      return {
        adapter,
        async close() {
          await adapter.close();
          await database.drop();
        },
      };
    },
  },
];

export async function query(adapter: ComputeAdapter, sql: string): Promise<Record<string, unknown>[]> {
  return adapter.withSession(async (session) => (await session.execute(sql)).rows);
}

export async function relations(adapter: ComputeAdapter, schema = adapter.schema): Promise<ExistingRelation[]> {
  return adapter.withSession((session) => adapter.listRelations(session, undefined, schema));
}
