/**
 * Installed packages as part of one project: the fixture package `helpers`
 * (test/fixtures/dbt/packages) loaded beside its root project `shop`, then
 * built on DuckDB and PostgreSQL.
 */
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FloeError } from '../../../src/errors/index.js';
import { loadProject, runProject } from '../../../src/transform/index.js';
import { engines, query, type OpenEngine } from '../execution/engines.js';

const FIXTURE = 'test/fixtures/dbt/packages';

function copy(): { root: string; helpers: string } {
  const dir = mkdtempSync(join(tmpdir(), 'floe-packages-'));
  cpSync(FIXTURE, dir, { recursive: true });
  return { root: join(dir, 'shop'), helpers: join(dir, 'helpers') };
}

async function errorsOf(promise: Promise<unknown>): Promise<FloeError[]> {
  try {
    await promise;
  } catch (error) {
    return (error as { errors?: FloeError[] }).errors ?? [error as FloeError];
  }
  throw new Error('expected the load to fail');
}

describe('a project with a package', () => {
  it("loads the package's models, seeds, tests and macros under its own name, configured by both projects", async () => {
    const project = await loadProject({ projectDir: `${FIXTURE}/shop`, env: {} });
    const calendar = project.nodes.get('model.helpers.calendar');
    expect(calendar?.fqn).toEqual(['helpers', 'calendar']);
    // The package's dbt_project.yml makes it a tagged view; the root project's `models: helpers: +schema:` overrides the schema.
    expect(calendar?.config).toMatchObject({ materialized: 'view', tags: ['from_helpers'], schema: 'helpers' });
    expect(calendar?.relation).toMatchObject({ schema: 'main_helpers', identifier: 'calendar' });
    expect(calendar?.dependsOn.nodes).toEqual(['seed.helpers.days']);
    expect(project.nodes.get('model.shop.orders')?.dependsOn.nodes).toEqual(['model.helpers.calendar']);
    expect(project.nodes.get('model.shop.orders')?.config.materialized).toBe('table');
    expect(project.macros.has('macro.helpers.cents_to_dollars')).toBe(true);
    expect(project.macros.get('macro.helpers.test_is_positive')?.originalFilePath).toBe('tests/generic/is_positive.sql');
    const packageTest = [...project.nodes.values()].find((n) => n.testMetadata?.namespace === 'helpers');
    expect(packageTest?.name).toBe('helpers_is_positive_orders_amount');
    expect(packageTest?.dependsOn.macros).toEqual(['macro.helpers.test_is_positive']);
    // var() in a package: its own vars, overridden by the root project's vars scoped to it.
    expect(project.packages.get('helpers')?.vars).toMatchObject({ currency: 'EUR', greeting_word: 'hello' });
    expect([...project.packages.keys()]).toEqual(['shop', 'helpers']);
  });

  it("names a package's broken file from the root project, and refuses a dbt version it does not support", async () => {
    const { root, helpers } = copy();
    writeFileSync(join(helpers, 'macros', 'broken.sql'), '{% macro broken() %}{{ oops( }}{% endmacro %}');
    writeFileSync(join(root, 'models', 'uses_broken.sql'), '{{ helpers.broken() }}');
    const errors = await errorsOf(loadProject({ projectDir: root, env: {} }));
    expect(errors.map((e) => e.position?.file)).toContain('../helpers/macros/broken.sql');

    const other = copy();
    writeFileSync(join(other.helpers, 'dbt_project.yml'), "name: helpers\nrequire-dbt-version: '>=2.0.0'\n");
    const versionErrors = await errorsOf(loadProject({ projectDir: other.root, env: {} }));
    expect(versionErrors.map((e) => e.code)).toContain('FLOE_DBT_VERSION_UNSUPPORTED');
    expect(versionErrors.find((e) => e.code === 'FLOE_DBT_VERSION_UNSUPPORTED')?.message).toContain("package 'helpers' requires dbt >=2.0.0");
  });
});

for (const engine of engines) {
  describe(`building a project with a package on ${engine.name}`, () => {
    let open: OpenEngine;
    beforeAll(async () => {
      open = await engine.open();
    });
    afterAll(() => open.close());

    it('runs package models, seeds and tests; dispatch finds the root override; **kwargs reach the inner macro', async () => {
      const { root } = copy();
      const adapter = open.adapter;
      const config = engine.name === 'duckdb' ? { type: 'duckdb', path: `${adapter.database}.duckdb`, schema: adapter.schema } : { type: 'postgres', dbname: adapter.database, schema: adapter.schema };
      const outcome = await runProject({ projectDir: root, env: {}, adapter, profileOverride: { profileName: 'shop', targetName: 'dev', threads: 2, config } });
      expect(outcome.results.filter((r) => !['success', 'pass'].includes(r.status)).map((r) => [r.uniqueId, r.message])).toEqual([]);
      expect(outcome.results).toHaveLength(6);
      const rows = await query(adapter, `select order_id, amount, greeting, tag, currency from ${adapter.dialect.renderRelation({ schema: adapter.schema, identifier: 'orders' })} order by order_id`);
      expect(rows.map((r) => [r.order_id, Number(r.amount), r.greeting, r.tag, r.currency])).toEqual([
        [1, 12.5, 'shop says hello', 'orders=2', 'EUR'],
        [2, 0.99, 'shop says hello', 'orders=2', 'EUR'],
      ]);
    });
  });
}
