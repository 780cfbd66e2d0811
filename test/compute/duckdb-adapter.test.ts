import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createAdapter } from '../../src/compute/index.js';
import { describeAdapterContract } from './adapter-contract.js';

const root = mkdtempSync(join(tmpdir(), 'floe-duckdb-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let created = 0;

describeAdapterContract({
  engine: 'duckdb',
  // A file of its own per adapter: two instances must never share one file.
  create: () => createAdapter({ type: 'duckdb', path: join(root, `contract-${++created}.duckdb`) }),
  longQuery: 'select count(*) from range(10000000000)',
});

describe('duckdb adapter', () => {
  it('creates the folder of its file, names the database after it, and defaults to schema main', async () => {
    const adapter = await createAdapter({ type: 'duckdb', path: 'warehouse/deep/jaffle-shop.duckdb' }, { projectRoot: root });
    try {
      expect(existsSync(join(root, 'warehouse/deep/jaffle-shop.duckdb'))).toBe(true);
      expect(adapter.database).toBe('jaffle-shop');
      expect(adapter.schema).toBe('main');
      expect(adapter.lineageNamespace).toBe(`duckdb://${join(root, 'warehouse/deep/jaffle-shop.duckdb')}`);
      expect(adapter.dialect.renderRelation({ schema: 'main', identifier: 'orders' })).toBe('"jaffle-shop"."main"."orders"');
    } finally {
      await adapter.close();
    }
  });

  it('keeps data in the file across adapters', async () => {
    const path = join(root, 'kept.duckdb');
    const first = await createAdapter({ type: 'duckdb', path, schema: 'analytics' });
    expect(first.schema).toBe('analytics');
    await first.withSession(async (session) => {
      await session.execute(first.dialect.createSchemaIfNotExists(undefined, 'analytics'));
      await session.execute(first.dialect.createTableAs({ schema: 'analytics', identifier: 't' }, 'select 41 + 1 as answer'));
    });
    await first.close();
    await first.close(); // idempotent
    const second = await createAdapter({ type: 'duckdb', path });
    try {
      const rows = await second.withSession((session) => session.execute('select answer from analytics.t'));
      expect(rows.rows).toEqual([{ answer: 42 }]);
    } finally {
      await second.close();
    }
  });

  it('defaults to warehouse/<project>.duckdb under the project root when the target has no path', async () => {
    const adapter = await createAdapter({ type: 'duckdb' }, { projectRoot: root, projectName: 'shop' });
    try {
      expect(adapter.lineageNamespace).toBe(`duckdb://${join(root, 'warehouse', 'shop.duckdb')}`);
      expect(adapter.database).toBe('shop');
    } finally {
      await adapter.close();
    }
  });

  it('finds relations regardless of case, as DuckDB resolves names', async () => {
    const adapter = await createAdapter({ type: 'duckdb', path: ':memory:' });
    try {
      await adapter.withSession(async (session) => {
        await session.execute('create table Orders as select 1 as Id');
        expect(await adapter.getRelation(session, { schema: 'MAIN', identifier: 'orders' })).toEqual({ database: 'memory', schema: 'main', identifier: 'Orders', kind: 'table' });
        expect(await adapter.getColumns(session, { schema: 'main', identifier: 'ORDERS' })).toEqual([{ name: 'Id', dataType: 'INTEGER' }]);
        expect(await adapter.getColumnsOfRelations(session, [{ database: 'MEMORY', schema: 'Main', identifier: 'ORDERS' }, { schema: 'main', identifier: 'orders' }])).toEqual([
          [{ name: 'Id', dataType: 'INTEGER' }],
          [{ name: 'Id', dataType: 'INTEGER' }],
        ]);
      });
    } finally {
      await adapter.close();
    }
  });

  it('runs in memory', async () => {
    const adapter = await createAdapter({ type: 'duckdb', path: ':memory:' });
    try {
      expect(adapter.database).toBe('memory');
      expect((await adapter.withSession((s) => s.execute('select 1 as one'))).rows).toEqual([{ one: 1 }]);
    } finally {
      await adapter.close();
    }
  });

  it('refuses sessions after close', async () => {
    const adapter = await createAdapter({ type: 'duckdb', path: ':memory:' });
    await adapter.close();
    await expect(adapter.withSession(async () => 1)).rejects.toMatchObject({ code: 'FLOE_COMPUTE_CLOSED' });
  });

  it('fails to open a path under a file with FLOE_COMPUTE_CONNECT', async () => {
    const adapter = await createAdapter({ type: 'duckdb', path: join(root, 'plain.duckdb') });
    await adapter.close();
    await expect(createAdapter({ type: 'duckdb', path: join(root, 'plain.duckdb', 'inside.duckdb') })).rejects.toMatchObject({
      code: 'FLOE_COMPUTE_CONNECT',
      message: expect.stringContaining('plain.duckdb'),
    });
  });

  it('says another process holds the file when it is locked', async () => {
    const path = join(root, 'locked.duckdb');
    // A second process (as another floe run would be) holds the file open until we end it.
    const holder = spawn(
      process.execPath,
      ['--input-type=module', '-e', `import { DuckDBInstance } from '@duckdb/node-api'; await (await DuckDBInstance.create(${JSON.stringify(path)})).connect(); console.log('ready'); setInterval(() => {}, 1000);`],
      { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      await new Promise<void>((resolve, reject) => {
        holder.stdout.on('data', (data: Buffer) => data.toString().includes('ready') && resolve());
        holder.on('exit', (code) => reject(new Error(`holder exited with ${code}`)));
      });
      await expect(createAdapter({ type: 'duckdb', path })).rejects.toMatchObject({
        code: 'FLOE_COMPUTE_CONNECT',
        hint: expect.stringContaining('another process has this database file open'),
      });
    } finally {
      holder.kill();
    }
  });

  it('reports the line of a parser error', async () => {
    const adapter = await createAdapter({ type: 'duckdb', path: ':memory:' });
    try {
      const error = await adapter.withSession((s) => s.execute('select 1\nfrom range(2)\nwher x')).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'FLOE_SQL', sqlLine: 3, engineCode: 'Parser' });
    } finally {
      await adapter.close();
    }
  });
});
