import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../project/index.js';
import { writeManifestJson } from './index.js';

describe('writeManifestJson', () => {
  it("writes target/manifest.json in dbt's v12 shape, readable back", async () => {
    const project = await loadProject({ projectDir: 'test/fixtures/dbt/parse_basic', env: {} });
    const targetDir = mkdtempSync(join(tmpdir(), 'floe-manifest-'));
    const path = writeManifestJson(project, targetDir, { invocationId: 'inv-1', generatedAt: new Date('2026-01-02T03:04:05Z') });
    expect(path).toBe(join(targetDir, 'manifest.json'));
    expect(readdirSync(targetDir)).toEqual(['manifest.json']); // no temp file left behind
    const manifest = JSON.parse(readFileSync(path, 'utf8'));

    expect(manifest.metadata).toMatchObject({
      dbt_schema_version: 'https://schemas.getdbt.com/dbt/manifest/v12.json',
      generated_at: '2026-01-02T03:04:05.000Z',
      invocation_id: 'inv-1',
      adapter_type: 'duckdb',
      project_name: 'jaffle',
    });
    for (const key of ['exposures', 'metrics', 'groups', 'selectors', 'disabled', 'semantic_models', 'saved_queries', 'unit_tests']) {
      expect(manifest[key], key).toEqual({});
    }

    const orders = manifest.nodes['model.jaffle.orders'];
    expect(orders).toMatchObject({
      resource_type: 'model',
      name: 'orders',
      package_name: 'jaffle',
      path: 'marts/orders.sql',
      original_file_path: 'models/marts/orders.sql',
      fqn: ['jaffle', 'marts', 'orders'],
      database: 'jaffle',
      schema: 'main',
      alias: 'orders',
      relation_name: '"jaffle"."main"."orders"',
      language: 'sql',
      depends_on: { nodes: ['model.jaffle.stg_orders', 'model.jaffle.stg_customers'] },
      refs: [{ name: 'stg_orders', package: null, version: null }, { name: 'stg_customers', package: null, version: null }],
      tags: ['everything', 'in_file'],
    });
    expect(orders.checksum.name).toBe('sha256');
    expect(orders.config).toMatchObject({ materialized: 'table', unique_key: 'order_id', 'pre-hook': [], 'post-hook': [] });
    expect(orders.raw_code).toContain("{{ ref('stg_orders') }}");

    const unique = Object.values(manifest.nodes as Record<string, Record<string, unknown>>).find((n) => n.name === 'unique_stg_orders_order_id') as Record<string, unknown>;
    expect(unique).toMatchObject({
      resource_type: 'test',
      column_name: 'order_id',
      attached_node: 'model.jaffle.stg_orders',
      file_key_name: 'models.stg_orders',
      test_metadata: { name: 'unique', namespace: null, kwargs: { column_name: 'order_id' } },
      relation_name: null,
    });
    expect((unique.config as Record<string, unknown>).severity).toBe('WARN');

    expect(manifest.sources['source.jaffle.shop.customers']).toMatchObject({
      source_name: 'shop',
      name: 'customers',
      identifier: 'customer_table',
      schema: 'raw_shop',
      relation_name: '"jaffle"."raw_shop"."customer_table"',
      resource_type: 'source',
    });
    expect(manifest.macros['macro.jaffle.cents_to_dollars']).toMatchObject({ resource_type: 'macro', package_name: 'jaffle', original_file_path: 'macros/cents.sql' });
    expect(manifest.docs['doc.jaffle.order_id'].block_contents).toBe('The primary key of an order.');
  });

  it('writes parent_map and child_map for every node and source', async () => {
    const project = await loadProject({ projectDir: 'test/fixtures/dbt/parse_basic', env: {} });
    const targetDir = mkdtempSync(join(tmpdir(), 'floe-manifest-'));
    const manifest = JSON.parse(readFileSync(writeManifestJson(project, targetDir), 'utf8'));
    const ids = [...Object.keys(manifest.nodes), ...Object.keys(manifest.sources)].sort();
    expect(Object.keys(manifest.parent_map).sort()).toEqual(ids);
    expect(Object.keys(manifest.child_map).sort()).toEqual(ids);
    expect(manifest.parent_map['model.jaffle.orders']).toEqual(['model.jaffle.stg_orders', 'model.jaffle.stg_customers']);
    expect(manifest.child_map['model.jaffle.orders']).toEqual(['model.jaffle.customers', 'test.jaffle.assert_amount_positive']);
    expect(manifest.parent_map['source.jaffle.shop.customers']).toEqual([]);
    expect(manifest.child_map['source.jaffle.shop.customers'][0]).toBe('model.jaffle.stg_customers');
    expect(manifest.metadata.invocation_id).toMatch(/^[0-9a-f-]{36}$/);
  });
});
