import { describe, expect, it } from 'vitest';
import { loadProject } from '../../../src/transform/project/index.js';
import type { ManifestNode, ParsedProject } from '../../../src/transform/types.js';
import { temporaryProject } from './temporary-project.js';

const FIXTURE = 'test/fixtures/dbt/parse_basic';

function node(project: ParsedProject, id: string): ManifestNode {
  const found = project.nodes.get(id);
  if (!found) throw new Error(`no node ${id}; have ${[...project.nodes.keys()].join(', ')}`);
  return found;
}

function testNamed(project: ParsedProject, name: string): ManifestNode {
  const found = [...project.nodes.values()].find((n) => n.resourceType === 'test' && n.name === name);
  if (!found) throw new Error(`no test ${name}; have ${[...project.nodes.values()].filter((n) => n.resourceType === 'test').map((n) => n.name).join(', ')}`);
  return found;
}

describe('loadProject on a small real project', () => {
  it('finds models, seeds, singular and generic tests, sources, macros and docs', async () => {
    const project = await loadProject({ projectDir: FIXTURE, env: {} });
    expect([...project.nodes.keys()].filter((id) => !id.startsWith('test.')).sort()).toEqual([
      'model.jaffle.customers',
      'model.jaffle.orders',
      'model.jaffle.stg_customers',
      'model.jaffle.stg_orders',
      'seed.jaffle.raw_orders',
    ]);
    expect([...project.sources.keys()]).toEqual(['source.jaffle.shop.customers']);
    expect(project.macros.has('macro.jaffle.cents_to_dollars')).toBe(true);
    expect([...project.docs.keys()].sort()).toEqual(['doc.jaffle.customers_table', 'doc.jaffle.order_id']);
    expect(project.warnings).toEqual([]);
    const orders = node(project, 'model.jaffle.orders');
    expect(orders.fqn).toEqual(['jaffle', 'marts', 'orders']);
    expect(orders.path).toBe('marts/orders.sql');
    expect(orders.originalFilePath).toBe('models/marts/orders.sql');
    expect(orders.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(orders.dependsOn.nodes).toEqual(['model.jaffle.stg_orders', 'model.jaffle.stg_customers']);
    expect(orders.refs.map((r) => r.name)).toEqual(['stg_orders', 'stg_customers']);
    expect(node(project, 'model.jaffle.stg_customers').sources).toEqual([['shop', 'customers']]);
    expect(node(project, 'test.jaffle.assert_amount_positive').testMetadata).toBeUndefined();
  });

  it('merges config: project tree (deeper wins) < property YAML < {{ config() }}, with +key and bare keys', async () => {
    const project = await loadProject({ projectDir: FIXTURE, env: {} });
    // models.jaffle.materialized (bare) = table; staging/+materialized = view; YAML config says table.
    expect(node(project, 'model.jaffle.stg_orders').config.materialized).toBe('table');
    expect(node(project, 'model.jaffle.stg_customers').config.materialized).toBe('view');
    // marts/orders/+materialized = incremental in the tree, but the file's config() says table.
    expect(node(project, 'model.jaffle.orders').config.materialized).toBe('table');
    expect(node(project, 'model.jaffle.orders').config.unique_key).toBe('order_id');
    // A model rendered through Jinja ({% for %}) still gets the tree's bare `materialized: table`.
    expect(node(project, 'model.jaffle.customers').config.materialized).toBe('table');
    // tags append across levels; +meta under marts applies to its models.
    expect(node(project, 'model.jaffle.stg_orders').config.tags).toEqual(['everything', 'staging', 'from_yaml']);
    expect(node(project, 'model.jaffle.orders').config.tags).toEqual(['everything', 'in_file']);
    expect(node(project, 'model.jaffle.orders').config.meta).toEqual({ owner: 'analytics' });
    expect(node(project, 'seed.jaffle.raw_orders').config.column_types).toEqual({ amount: 'integer' });
  });

  it('resolves relations with the default generate_schema_name / alias rules', async () => {
    const project = await loadProject({ projectDir: FIXTURE, env: {} });
    expect(node(project, 'model.jaffle.stg_orders').relation).toEqual({ database: 'jaffle', schema: 'main_staging', identifier: 'stg_orders' });
    expect(node(project, 'model.jaffle.orders').relation).toEqual({ database: 'jaffle', schema: 'main', identifier: 'orders' });
    expect(node(project, 'seed.jaffle.raw_orders').relation).toEqual({ database: 'jaffle', schema: 'main_raw', identifier: 'raw_orders' });
    expect(project.sources.get('source.jaffle.shop.customers')?.relation).toEqual({ database: 'jaffle', schema: 'raw_shop', identifier: 'customer_table' });
    expect(node(project, 'test.jaffle.assert_amount_positive').relation).toBeUndefined();
  });

  it('uses a project override of generate_schema_name and generate_alias_name', async () => {
    const dir = temporaryProject({
      'macros/naming.sql':
        "{% macro generate_schema_name(custom_schema_name, node) %}{{ custom_schema_name or target.schema }}{% endmacro %}\n" +
        "{% macro generate_alias_name(custom_alias_name, node) %}{{ 'v_' ~ node.name }}{% endmacro %}",
      'models/a.sql': "{{ config(schema='marts') }} select 1",
      'models/b.sql': 'select 2',
    });
    const project = await loadProject({ projectDir: dir, env: {} });
    expect(node(project, 'model.shop.a').relation).toEqual({ database: 'memory', schema: 'marts', identifier: 'v_a' });
    expect(node(project, 'model.shop.b').relation).toEqual({ database: 'memory', schema: 'main', identifier: 'v_b' });
  });

  it('sets alias and database from config, and leaves ephemeral models without a relation', async () => {
    const dir = temporaryProject({
      'models/a.sql': "{{ config(alias='alpha', database='other') }} select 1",
      'models/e.sql': "{{ config(materialized='ephemeral') }} select 1",
    });
    const project = await loadProject({ projectDir: dir, env: {} });
    expect(node(project, 'model.shop.a').relation).toEqual({ database: 'other', schema: 'main', identifier: 'alpha' });
    expect(node(project, 'model.shop.e').relation).toBeUndefined();
  });

  it('applies vars: global < package-scoped < --vars, and env_var in dbt_project.yml', async () => {
    const dir = temporaryProject({
      'dbt_project.yml': [
        'name: shop',
        'profile: shop',
        "target-path: \"{{ env_var('FLOE_TARGET_DIR', 'target') }}\"",
        'vars:',
        '  a: global',
        '  b: global',
        '  shop:',
        '    b: scoped',
        '    c: scoped',
      ].join('\n'),
      'models/m.sql': "select '{{ var(\"a\") }}' as a",
    });
    const project = await loadProject({ projectDir: dir, env: { FLOE_TARGET_DIR: 'out' }, vars: { c: 'cli' } });
    expect(project.vars).toEqual({ a: 'global', b: 'scoped', c: 'cli' });
    expect(project.settings.targetPath).toBe('out');
  });

  it('renders Jinja in dbt_project.yml configs and property YAML (target, var, env_var)', async () => {
    const dir = temporaryProject({
      'dbt_project.yml': [
        'name: shop',
        'profile: shop',
        'vars:',
        '  raw_schema: landing',
        'models:',
        '  shop:',
        "    +materialized: \"{{ 'table' if target.name == 'dev' else 'view' }}\"",
        '    prod_only:',
        "      +enabled: \"{{ target.name == 'prod' }}\"",
        "    +post-hook: \"grant select on {{ this }} to reporter\"",
      ].join('\n'),
      'models/prod_only/p.sql': 'select 1',
      'models/m.sql': "select * from {{ source('raw', 'events') }}",
      'models/s.yml': [
        'sources:',
        '  - name: raw',
        "    schema: \"{{ var('raw_schema') }}\"",
        "    database: \"{{ env_var('RAW_DB', 'lake') }}\"",
        '    tables:',
        '      - name: events',
        "        identifier: \"{{ 'events_' ~ target.name }}\"",
        'models:',
        '  - name: m',
        '    config:',
        "      alias: \"{{ 'm_' ~ target.name }}\"",
      ].join('\n'),
    });
    const project = await loadProject({ projectDir: dir, env: {} });
    expect([...project.nodes.keys()]).toEqual(['model.shop.m']);
    const m = node(project, 'model.shop.m');
    expect(m.config.materialized).toBe('table');
    expect(m.relation?.identifier).toBe('m_dev');
    // Hooks are kept as written: they render at run time, when {{ this }} exists.
    expect(m.config.post_hook).toEqual(['grant select on {{ this }} to reporter']);
    expect(project.sources.get('source.shop.raw.events')?.relation).toEqual({ database: 'lake', schema: 'landing', identifier: 'events_dev' });
  });

  it('configures seeds from their YAML and attaches tests to them', async () => {
    const dir = temporaryProject({
      'seeds/lookup/countries.csv': 'code;name\nNL;Netherlands\n',
      'seeds/props.yml': [
        'seeds:',
        '  - name: countries',
        '    description: ISO countries',
        '    config:',
        '      delimiter: ";"',
        '      column_types: {code: varchar(2)}',
        '      schema: ref_data',
        '    columns:',
        '      - name: code',
        '        data_tests: [unique]',
      ].join('\n'),
    });
    const project = await loadProject({ projectDir: dir, env: {} });
    const seed = node(project, 'seed.shop.countries');
    expect(seed.fqn).toEqual(['shop', 'lookup', 'countries']);
    expect(seed.config).toMatchObject({ materialized: 'seed', delimiter: ';', column_types: { code: 'varchar(2)' } });
    expect(seed.relation).toEqual({ database: 'memory', schema: 'main_ref_data', identifier: 'countries' });
    expect(seed.checksum).toMatch(/^[0-9a-f]{64}$/);
    const test = testNamed(project, 'unique_countries_code');
    expect(test.attachedNode).toBe('seed.shop.countries');
    expect(test.dependsOn.nodes).toEqual(['seed.shop.countries']);
  });

  it('excludes disabled nodes, and tests attached to them', async () => {
    const dir = temporaryProject({
      'dbt_project.yml': 'name: shop\nprofile: shop\nmodels:\n  shop:\n    old:\n      +enabled: false\n',
      'models/old/legacy.sql': 'select 1 as id',
      'models/current.sql': 'select 1 as id',
      'models/schema.yml': 'models:\n  - name: legacy\n    columns:\n      - name: id\n        tests: [unique]\n',
    });
    const project = await loadProject({ projectDir: dir, env: {} });
    expect([...project.nodes.keys()]).toEqual(['model.shop.current']);
  });

  it('resolves {{ doc() }} in descriptions of models, columns and sources', async () => {
    const project = await loadProject({ projectDir: FIXTURE, env: {} });
    const stg = node(project, 'model.jaffle.stg_orders');
    expect(stg.description).toBe('Orders, cleaned');
    expect(stg.columns.order_id.description).toBe('The primary key of an order.');
    expect(stg.patchPath).toBe('jaffle://models/staging/schema.yml');
    const source = project.sources.get('source.jaffle.shop.customers');
    expect(source?.description).toBe('One row per customer.');
    expect(source?.sourceDescription).toBe("The shop's database");
  });
});

describe('generic tests from property YAML', () => {
  it("names them as dbt does and hashes long names", async () => {
    const project = await loadProject({ projectDir: FIXTURE, env: {} });
    const names = [...project.nodes.values()].filter((n) => n.testMetadata).map((n) => n.name).sort();
    expect(names).toEqual([
      'accepted_values_stg_orders_status__placed__shipped',
      'not_null_stg_orders_order_id',
      'relationships_stg_orders_96411fe0c89b49c3f4da955dfd358ba0',
      'source_not_null_shop_customers_id',
      'source_unique_shop_customers_id',
      'unique_stg_orders_order_id',
    ]);
    const unique = testNamed(project, 'unique_stg_orders_order_id');
    expect(unique.uniqueId).toMatch(/^test\.jaffle\.unique_stg_orders_order_id\.[0-9a-f]{10}$/);
    expect(unique.fqn).toEqual(['jaffle', 'staging', 'unique_stg_orders_order_id']);
    expect(unique.attachedNode).toBe('model.jaffle.stg_orders');
    expect(unique.columnName).toBe('order_id');
    expect(unique.testMetadata).toEqual({ name: 'unique', kwargs: { column_name: 'order_id', model: "{{ get_where_subquery(ref('stg_orders')) }}" } });
    expect(unique.rawCode).toBe('{{ test_unique(**_dbt_generic_test_kwargs) }}');
    const long = testNamed(project, 'relationships_stg_orders_96411fe0c89b49c3f4da955dfd358ba0');
    expect(long.fqn.at(-1)).toBe('relationships_stg_orders_customer_id__customer_id__ref_stg_customers_');
    expect(long.config.alias).toBe(long.name);
  });

  it('makes the relationships target a dependency and keeps kwargs as written', async () => {
    const project = await loadProject({ projectDir: FIXTURE, env: {} });
    const test = testNamed(project, 'relationships_stg_orders_96411fe0c89b49c3f4da955dfd358ba0');
    expect(test.dependsOn.nodes).toEqual(['model.jaffle.stg_orders', 'model.jaffle.stg_customers']);
    expect(test.testMetadata?.kwargs).toMatchObject({ to: "ref('stg_customers')", field: 'customer_id', column_name: 'customer_id' });
    const onSource = testNamed(project, 'source_unique_shop_customers_id');
    expect(onSource.dependsOn.nodes).toEqual(['source.jaffle.shop.customers']);
    expect(onSource.testMetadata?.kwargs.model).toBe("{{ get_where_subquery(source('shop', 'customers')) }}");
  });

  it('takes test config from the data_tests tree and the YAML (inline or config:), YAML winning', async () => {
    const project = await loadProject({ projectDir: FIXTURE, env: {} });
    expect(testNamed(project, 'unique_stg_orders_order_id').config.severity).toBe('warn');
    expect(testNamed(project, 'accepted_values_stg_orders_status__placed__shipped').config.severity).toBe('error');
    expect(testNamed(project, 'not_null_stg_orders_order_id').config.where).toBe('order_id > 0');
    expect(testNamed(project, 'not_null_stg_orders_order_id').config.warn_if).toBe('!= 0');
  });

  it('supports test_name:/name:, namespaced custom tests, and custom generic tests from macros', async () => {
    const dir = temporaryProject({
      'models/m.sql': 'select 1 as id',
      'macros/positive.sql': '{% test is_positive(model, column_name) %}select * from {{ model }} where {{ column_name }} <= 0{% endtest %}',
      'models/schema.yml': [
        'models:',
        '  - name: m',
        '    data_tests:',
        '      - name: m_has_rows',
        '        test_name: is_positive',
        '        column_name: id',
        '    columns:',
        '      - name: id',
        '        data_tests:',
        '          - is_positive:',
        '              config: {limit: 5, tags: [fast]}',
      ].join('\n'),
    });
    const project = await loadProject({ projectDir: dir, env: {} });
    const custom = testNamed(project, 'm_has_rows');
    expect(custom.testMetadata?.name).toBe('is_positive');
    expect(custom.dependsOn.macros).toEqual(['macro.shop.test_is_positive']);
    const onColumn = testNamed(project, 'is_positive_m_id');
    expect(onColumn.config.limit).toBe(5);
    expect(onColumn.config.tags).toEqual(['fast']);
  });
});
