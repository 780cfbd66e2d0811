import { readFileSync, rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { compileProduct, profileTargetFor, writeArtifacts } from '../../src/compile/index.js';
import { createAdapter } from '../../src/compute/index.js';
import { resolveSecretRef } from '../../src/config/index.js';
import { formatError } from '../../src/errors/index.js';
import { createTestDatabase } from '../support/postgres.js';
import { copyTinyProduct, edit } from './tiny-product.js';

const CANARY = 'canary-9f2c61e4-never-in-artifacts';
const created: string[] = [];
afterEach(() => {
  delete process.env.FLOE_TINY_PG_PASSWORD;
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('secrets in compile', () => {
  it("keeps the password a reference: the secret's value never reaches the artifacts or messages", async () => {
    const dir = copyTinyProduct();
    created.push(dir);
    edit(dir, 'floe.yaml', 'compute: duckdb', 'compute: warehouse-pg');
    process.env.FLOE_TINY_PG_PASSWORD = CANARY;
    const result = await compileProduct({ productDir: dir, env: 'prod', processEnv: { ...process.env } });
    expect(result.errors.map(formatError)).toEqual([]);
    const path = writeArtifacts(dir, result.artifacts!);
    const text = readFileSync(path, 'utf8');
    expect(text).not.toContain(CANARY);
    expect([...result.warnings, ...result.errors].map(formatError).join('\n')).not.toContain(CANARY);
    expect(result.artifacts!.transforms[0].compute).toEqual({
      name: 'warehouse-pg',
      type: 'postgres',
      threads: 1,
      resources: { preset: 'medium', requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '2', memory: '4Gi' } },
      config: { host: '127.0.0.1', port: 5432, dbname: 'analytics', schema: 'public', user: 'floe', password: { secret_ref: { source: 'env', name: 'FLOE_TINY_PG_PASSWORD' } } },
    });
    expect(result.artifacts!.metadata.environment).toBe('prod');
  });
});

describe('compiled compute is usable at run time', () => {
  it('connects to a real PostgreSQL with the secret resolved only at run time', async () => {
    const database = await createTestDatabase('floe_compile');
    try {
      const dir = copyTinyProduct();
      created.push(dir);
      edit(dir, 'platform/manifest.yaml', 'host: 127.0.0.1, port: 5432, database: analytics, user: floe', `host: ${database.host}, port: ${database.port}, database: ${database.name}, user: ${database.user}`);
      edit(dir, 'floe.yaml', 'compute: duckdb', 'compute: warehouse-pg');
      // The cluster checks passwords: only the secret's value, resolved here at run time, lets the adapter in.
      process.env.FLOE_TINY_PG_PASSWORD = database.password;
      const { artifacts, errors } = await compileProduct({ productDir: dir });
      expect(errors).toEqual([]);
      const target = profileTargetFor(artifacts!.transforms[0].compute, {
        productDir: dir,
        profileName: 'tiny-shop',
        targetName: 'dev',
        resolveSecret: (ref) => resolveSecretRef(ref),
      });
      expect(target.config.password).toBe(database.password);
      const adapter = await createAdapter(target.config);
      try {
        const result = await adapter.withSession((session) => session.execute('select current_database() as name'));
        expect(result.rows).toEqual([{ name: database.name }]);
      } finally {
        await adapter.close();
      }
    } finally {
      await database.drop();
    }
  });

  it('gives DuckDB a path inside the product directory', async () => {
    const dir = copyTinyProduct();
    created.push(dir);
    const { artifacts } = await compileProduct({ productDir: dir });
    const target = profileTargetFor(artifacts!.transforms[0].compute, { productDir: dir, profileName: 'tiny-shop', targetName: 'dev' });
    expect(target.config).toEqual({ type: 'duckdb', path: `${dir}/warehouse/tiny.duckdb`, schema: 'main' });
    const adapter = await createAdapter(target.config);
    try {
      const result = await adapter.withSession((session) => session.execute('select 42 as answer'));
      expect(result.rows).toEqual([{ answer: 42 }]);
    } finally {
      await adapter.close();
    }
  });
});
