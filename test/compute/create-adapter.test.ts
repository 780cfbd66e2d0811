import { describe, expect, it } from 'vitest';
import { computeEngineTypes, createAdapter } from '../../src/compute/index.js';

describe('createAdapter', () => {
  it('knows duckdb and postgres', () => {
    expect(computeEngineTypes()).toEqual(['duckdb', 'postgres']);
  });

  it('rejects an unknown type, suggesting the nearest known one', async () => {
    await expect(createAdapter({ type: 'postgress' })).rejects.toMatchObject({
      code: 'FLOE_COMPUTE_UNKNOWN_TYPE',
      message: "unknown compute engine type 'postgress'",
      hint: "did you mean 'postgres'? floe supports: duckdb, postgres",
    });
  });

  it('lists the known types when nothing is close', async () => {
    await expect(createAdapter({ type: 'snowflake' })).rejects.toMatchObject({ hint: 'floe supports: duckdb, postgres' });
  });

  it('rejects a malformed setting', async () => {
    await expect(createAdapter({ type: 'postgres', host: 'h', user: 'u', dbname: 'd', port: 'eighty' })).rejects.toMatchObject({
      code: 'FLOE_COMPUTE_CONFIG',
      message: "'port' of the postgres target must be a whole number of at least 1",
    });
  });
});
