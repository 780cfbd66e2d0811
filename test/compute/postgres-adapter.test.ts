import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapter, type ComputeAdapter } from '../../src/compute/index.js';
import { formatError, type FloeError } from '../../src/errors/index.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';
import { describeAdapterContract } from './adapter-contract.js';

let contractDatabase: TestDatabase | undefined;

describeAdapterContract({
  engine: 'postgres',
  async create() {
    contractDatabase ??= await createTestDatabase('floe_compute');
    const { host, port, user, password, name } = contractDatabase;
    return createAdapter({ type: 'postgres', host, port, user, password, dbname: name, schema: 'public', threads: 4 });
  },
  longQuery: 'select pg_sleep(30)',
  cleanup: async () => contractDatabase?.drop(),
});

describe('postgres adapter', () => {
  let database: TestDatabase;
  let adapter: ComputeAdapter;
  const dir = mkdtempSync(join(tmpdir(), 'floe-pg-'));

  beforeAll(async () => {
    database = await createTestDatabase('floe_compute_pg');
    // Numbers as strings, as a profile rendered through env_var() gives them.
    adapter = await createAdapter({ type: 'postgres', host: database.host, port: String(database.port), user: database.user, password: database.password, dbname: database.name, threads: '2' });
  });
  afterAll(async () => {
    await adapter?.close();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('addresses relations of its own database without the database name', () => {
    expect(adapter.schema).toBe('public');
    expect(adapter.dialect.renderRelation({ database: database.name, schema: 'public', identifier: 'orders' })).toBe('"public"."orders"');
    expect(adapter.dialect.renderRelation({ schema: 'public', identifier: 'orders' })).toBe('"public"."orders"');
    expect(adapter.dialect.renderRelation({ database: 'other', schema: 'public', identifier: 'orders' })).toBe('"other"."public"."orders"');
    expect(adapter.lineageNamespace).toBe(`postgres://${database.host}:${database.port}`);
  });

  it('folds seed column names to lower case unless quote_columns is set', async () => {
    const path = join(dir, 'mixed.csv');
    writeFileSync(path, 'CustomerId,Total Amount\n1,2.5\n');
    await adapter.withSession(async (session) => {
      await adapter.loadCsv(session, { schema: 'public', identifier: 'folded' }, path, { delimiter: ',', columnTypes: {}, quoteColumns: false });
      await adapter.loadCsv(session, { schema: 'public', identifier: 'quoted' }, path, { delimiter: ',', columnTypes: {}, quoteColumns: true });
      expect((await adapter.getColumns(session, { schema: 'public', identifier: 'folded' })).map((c) => c.name)).toEqual(['customerid', 'total amount']);
      expect(await adapter.getColumns(session, { schema: 'public', identifier: 'quoted' })).toEqual([
        { name: 'CustomerId', dataType: 'integer' },
        { name: 'Total Amount', dataType: 'numeric' },
      ]);
    });
  });

  it('infers bigint, timestamptz and text, and loads nothing from a ragged file', async () => {
    const wide = join(dir, 'wide.csv');
    writeFileSync(wide, 'big,at,mixed\n9000000000,2024-01-02T03:04:05Z,1\n1,2024-01-02 03:04:05+02:00,x\n');
    const ragged = join(dir, 'ragged.csv');
    writeFileSync(ragged, 'a,b\n1,2\n3,4,5\n');
    await adapter.withSession(async (session) => {
      await adapter.loadCsv(session, { schema: 'public', identifier: 'wide' }, wide, { delimiter: ',', columnTypes: {}, quoteColumns: false });
      expect((await adapter.getColumns(session, { schema: 'public', identifier: 'wide' })).map((c) => c.dataType)).toEqual([
        'bigint', 'timestamp with time zone', 'text',
      ]);
      const error = await adapter.loadCsv(session, { schema: 'public', identifier: 'ragged' }, ragged, { delimiter: ',', columnTypes: {}, quoteColumns: false }).catch((e: FloeError) => e);
      expect(error).toMatchObject({ code: 'FLOE_CSV_PARSE', position: { file: ragged, line: 3 } });
      expect(await adapter.getRelation(session, { schema: 'public', identifier: 'ragged' })).toBeUndefined();
    });
  });

  it('rolls back the created table when COPY rejects a value', async () => {
    const path = join(dir, 'bad.csv');
    writeFileSync(path, 'n\n1\nnot a number\n');
    await adapter.withSession(async (session) => {
      const load = adapter.loadCsv(session, { schema: 'public', identifier: 'bad' }, path, { delimiter: ',', columnTypes: { n: 'integer' }, quoteColumns: false });
      await expect(load).rejects.toMatchObject({ code: 'FLOE_SQL', message: expect.stringContaining('not a number') });
      expect(await adapter.getRelation(session, { schema: 'public', identifier: 'bad' })).toBeUndefined();
      expect(session.inTransaction).toBe(false);
    });
  });

  it('names host and port but never the password when it cannot connect', async () => {
    const password = 'hunter2-very-secret';
    const error = await createAdapter({ type: 'postgres', host: '127.0.0.1', port: 1, user: 'floe', password, dbname: 'nowhere' }).catch((e: FloeError) => e);
    expect(error).toMatchObject({ code: 'FLOE_COMPUTE_CONNECT', message: expect.stringContaining('127.0.0.1:1') });
    expect(JSON.stringify(error)).not.toContain(password);
    expect(formatError(error as FloeError)).not.toContain(password);
    expect(String((error as Error).stack)).not.toContain(password);
  });

  it('says which database is missing', async () => {
    const error = await createAdapter({ type: 'postgres', host: database.host, port: database.port, user: database.user, password: database.password, dbname: 'no_such_db' }).catch((e: FloeError) => e);
    expect(error).toMatchObject({ code: 'FLOE_COMPUTE_CONNECT', hint: expect.stringContaining("create the database 'no_such_db'") });
    expect(formatError(error as FloeError)).not.toContain(database.password);
  });

  it('refuses a wrong password, saying to check it without showing it', async () => {
    const error = await createAdapter({ type: 'postgres', host: database.host, port: database.port, user: database.user, password: 'pw-never-shown', dbname: database.name }).catch((e: FloeError) => e);
    expect(error).toMatchObject({ code: 'FLOE_COMPUTE_CONNECT', message: expect.stringContaining('password authentication failed'), hint: expect.stringContaining('check the user and password') });
    expect(formatError(error as FloeError)).not.toContain('pw-never-shown');
  });

  it('says the server asks for a password when the target has none', async () => {
    const error = await createAdapter({ type: 'postgres', host: database.host, port: database.port, user: database.user, dbname: database.name }).catch((e: FloeError) => e);
    expect(error).toMatchObject({
      code: 'FLOE_COMPUTE_CONNECT',
      message: expect.stringContaining('the server asks for a password and none was given'),
      hint: expect.stringContaining('connection_secret_ref'),
    });
  });

  it('rejects a target without a host', async () => {
    await expect(createAdapter({ type: 'postgres', user: 'u', dbname: 'd' })).rejects.toMatchObject({ code: 'FLOE_COMPUTE_CONFIG', message: expect.stringContaining("'host'") });
  });

  it('accepts dbt aliases pass and database', async () => {
    const aliased = await createAdapter({ type: 'postgres', host: database.host, port: database.port, user: database.user, pass: database.password, database: database.name });
    try {
      expect(aliased.database).toBe(database.name);
    } finally {
      await aliased.close();
    }
  });

  it('reports the PostgreSQL error code and hint', async () => {
    await adapter.withSession(async (session) => {
      await session.execute('create table uniq (id int primary key)');
      await session.execute('insert into uniq values (1)');
      const error = await session.execute('insert into uniq values (1)').catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'FLOE_SQL', engineCode: '23505', hint: expect.stringContaining('(id)=(1)') });
    });
  });
});
