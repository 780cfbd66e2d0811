/**
 * dbt's other commands as a user types them, on a DuckDB file: compile
 * --select, show, docs generate, source freshness, debug, --fail-fast,
 * store_failures, quote: true, warnings on a failed parse, a foreign
 * floe.yaml, and a declared package that is not installed.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { registerDbtCommands } from '../../src/cli/commands/dbt-commands.js';
import { registerProductCommands } from '../../src/cli/commands/product-commands.js';
import { registerTransformCommands } from '../../src/cli/commands/transform-commands.js';
import { createAdapter } from '../../src/compute/index.js';
import { temporaryProject } from '../transform/project/temporary-project.js';
import { runFloe } from './product/run-floe.js';

const PROFILES = "shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: warehouse.duckdb\n      schema: main\n";
const floe = (dir: string, ...args: string[]) => runFloe([registerTransformCommands, registerDbtCommands, registerProductCommands], [...args, '--project-dir', dir]);

async function sql(dir: string, statement: string): Promise<Record<string, unknown>[]> {
  const adapter = await createAdapter({ type: 'duckdb', path: join(dir, 'warehouse.duckdb'), schema: 'main' });
  try {
    return await adapter.withSession(async (session) => (await session.execute(statement)).rows);
  } finally {
    await adapter.close();
  }
}

function shop(files: Record<string, string> = {}): string {
  return temporaryProject({
    'profiles.yml': PROFILES,
    'seeds/customers.csv': 'id,name\n1,ann\n2,bo\n',
    'macros/shout.sql': '{% macro shout(column) %}upper({{ column }}){% endmacro %}',
    'models/loud.sql': "select id, {{ shout('name') }} as name from {{ ref('customers') }}",
    ...files,
  });
}

describe('floe compile --select and floe show', () => {
  it('prints the compiled SQL of the selected node, and previews its rows', async () => {
    const dir = shop();
    const compiled = await floe(dir, 'compile', '--select', 'loud');
    expect(compiled.code).toBe(0);
    expect(compiled.out.trim()).toBe('select id, upper(name) as name from "warehouse"."main"."customers"');
    expect(existsSync(join(dir, 'target', 'compiled', 'shop', 'models', 'loud.sql'))).toBe(true);

    expect((await floe(dir, 'seed')).code).toBe(0);
    const shown = await floe(dir, 'show', '--select', 'loud', '--limit', '1');
    expect(shown.code).toBe(0);
    expect(shown.out).toContain("Previewing node 'loud':");
    expect(shown.out).toContain('| id | name |');
    expect(shown.out).toContain('| 1  | ANN  |');
    expect(shown.out).not.toContain('BO');
    const inline = await floe(dir, 'show', '--inline', "select count(*) as n from {{ ref('customers') }}", '--output', 'json');
    expect(JSON.parse(inline.out.trim())).toEqual({ node: 'inline', show: [{ n: 2 }] });
  });
});

describe('floe docs generate', () => {
  it('writes catalog.json with the columns and types of built relations and sources', async () => {
    const dir = shop({ 'models/sources.yml': 'version: 2\nsources:\n  - name: raw\n    schema: main\n    tables:\n      - name: customers\n' });
    expect((await floe(dir, 'build')).code).toBe(0);
    const generated = await floe(dir, 'docs', 'generate');
    expect(generated.code).toBe(0);
    const catalog = JSON.parse(readFileSync(join(dir, 'target', 'catalog.json'), 'utf8'));
    expect(catalog.metadata.dbt_schema_version).toBe('https://schemas.getdbt.com/dbt/catalog/v1.json');
    expect(catalog.nodes['model.shop.loud'].metadata).toMatchObject({ type: 'VIEW', schema: 'main', name: 'loud' });
    expect(catalog.nodes['model.shop.loud'].columns.name).toEqual({ type: 'VARCHAR', index: 2, name: 'name', comment: null });
    expect(catalog.nodes['seed.shop.customers'].metadata.type).toBe('BASE TABLE');
    expect(Object.keys(catalog.sources)).toEqual(['source.shop.raw.customers']);
  });
});

describe('floe source freshness', () => {
  it('compares the newest loaded_at_field with warn_after and error_after, writes sources.json, exits 1 on an error', async () => {
    const dir = shop({
      'models/sources.yml': `version: 2
sources:
  - name: raw
    schema: main
    loaded_at_field: loaded_at
    freshness:
      warn_after: {count: 2, period: hour}
      error_after: {count: 1, period: day}
    tables:
      - name: fresh
      - name: stale
      - name: ancient
      - name: unchecked
        freshness: null
`,
    });
    const ago = (ms: number) => new Date(Date.now() - ms).toISOString().replace('T', ' ').replace('Z', '');
    await sql(dir, `create table fresh as select timestamp '${ago(3_600_000)}' as loaded_at`);
    await sql(dir, `create table stale as select timestamp '${ago(3 * 3_600_000)}' as loaded_at`);
    await sql(dir, `create table ancient as select timestamp '${ago(3 * 86_400_000)}' as loaded_at`);
    const result = await floe(dir, 'source', 'freshness');
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/PASS freshness of raw\.fresh/);
    expect(result.out).toMatch(/WARN freshness of raw\.stale/);
    expect(result.out).toMatch(/ERROR freshness of raw\.ancient/);
    expect(result.out).not.toContain('unchecked');
    const sources = JSON.parse(readFileSync(join(dir, 'target', 'sources.json'), 'utf8'));
    expect(sources.results.map((r: { unique_id: string; status: string }) => [r.unique_id, r.status])).toEqual([
      ['source.shop.raw.ancient', 'error'],
      ['source.shop.raw.fresh', 'pass'],
      ['source.shop.raw.stale', 'warn'],
    ]);
    const onlyFresh = await floe(dir, 'source', 'freshness', '--select', 'source:raw.fresh');
    expect(onlyFresh.code).toBe(0);
  });
});

describe('floe run-operation', () => {
  it('calls a macro with the run-time context; its run_query statements run on the warehouse', async () => {
    const dir = shop({
      'macros/setup.sql': "{% macro make_table(name, rows=1) %}{% do run_query('create table ' ~ name ~ ' as select * from range(' ~ rows ~ ')') %}{{ return(name ~ ' ready') }}{% endmacro %}",
    });
    const result = await floe(dir, 'run-operation', 'make_table', '--args', '{name: made, rows: 3}');
    if (result.code !== 0) console.log(result.err);
    expect(result.code).toBe(0);
    expect(result.out).toContain('made ready');
    expect(await sql(dir, 'select count(*) as n from made')).toEqual([{ n: 3 }]);
    const unknown = await floe(dir, 'run-operation', 'no_such_macro');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('FLOE_MACRO_NOT_FOUND');
  });
});

describe('floe debug', () => {
  it('reports each check and fails on the one that is broken', async () => {
    const good = await floe(shop(), 'debug');
    expect(good.code).toBe(0);
    expect(good.out).toMatch(/dbt_project\.yml: OK/);
    expect(good.out).toMatch(/connection: OK duckdb/);
    const broken = await floe(shop({ 'profiles.yml': 'other_profile:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n' }), 'debug');
    expect(broken.code).toBe(1);
    expect(broken.out).toMatch(/profiles\.yml: ERROR/);
  });
});

describe('run flags and test configs', () => {
  it('--fail-fast stops after the first failure and skips the rest', async () => {
    const dir = shop({ 'models/a_broken.sql': 'select no_such_column from {{ ref("customers") }}', 'models/z_fine.sql': 'select 1 as x from {{ ref("customers") }}' });
    const result = await floe(dir, 'build', '--threads', '1', '--fail-fast', '--exclude', 'loud');
    expect(result.code).toBe(1);
    expect(result.err).toContain('--fail-fast');
    const results = JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8')).results as Array<{ unique_id: string; status: string }>;
    expect(results.find((r) => r.unique_id === 'model.shop.z_fine')?.status).toBe('skipped');
  });

  it('store_failures keeps the failing rows in <schema>_dbt_test__audit', async () => {
    const dir = shop({
      'seeds/customers.csv': 'id,name\n1,ann\n2,\n3,\n',
      'models/schema.yml': 'version: 2\nmodels:\n  - name: loud\n    columns:\n      - name: name\n        data_tests:\n          - not_null:\n              config: {store_failures: true, severity: warn}\n',
    });
    const result = await floe(dir, 'build');
    expect(result.code).toBe(0);
    expect(await sql(dir, 'select count(*) as n from main_dbt_test__audit.not_null_loud_name')).toEqual([{ n: 2 }]);
  });

  it('quote: true reaches generic tests quoted', async () => {
    const dir = shop({
      'models/odd.sql': 'select 1 as "we""ird"',
      'models/schema.yml': 'version: 2\nmodels:\n  - name: odd\n    columns:\n      - name: we"ird\n        quote: true\n        data_tests: [not_null, unique]\n',
    });
    const result = await floe(dir, 'build', '--select', 'odd');
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    const compiled = readFileSync(join(dir, 'target', 'compiled', 'shop', 'models', 'schema.yml', 'not_null_odd__we_ird_.sql'), 'utf8');
    expect(compiled).toContain('where "we""ird" is null');
  });
});

describe('messages', () => {
  it('prints the warnings of a parse that failed, with its errors', async () => {
    const dir = shop({ 'models/bad.sql': "{{ config(colour='blue') }}select * from {{ ref('nope') }}" });
    const result = await floe(dir, 'ls');
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/warning FLOE_UNKNOWN_CONFIG/);
    expect(result.err).toMatch(/error FLOE_REF_NOT_FOUND/);
  });

  it("names another tool's floe.yaml, and compiles the dbt project next to it", async () => {
    const dir = shop({ 'floe.yaml': 'floe_version: 3\ntasks:\n  - lint\n' });
    const validate = await floe(dir, 'validate');
    expect(validate.code).toBe(1);
    expect(validate.out + validate.err).toContain('FLOE_PRODUCT_FOREIGN');
    const compiled = await floe(dir, 'compile');
    expect(compiled.code).toBe(0);
    expect(compiled.out).toContain('upper(name)');
  });

  it('says to run floe deps when a declared package is not installed', async () => {
    const dir = shop({ 'packages.yml': 'packages:\n  - package: dbt-labs/dbt_utils\n    version: [">=1.0.0", "<2.0.0"]\n' });
    const result = await floe(dir, 'ls');
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/FLOE_DEPS_NOT_INSTALLED/);
    expect(result.err).toMatch(/run floe deps/);
    writeFileSync(join(dir, 'packages.yml'), 'packages: []\n');
    expect((await floe(dir, 'ls')).code).toBe(0);
  });
});
