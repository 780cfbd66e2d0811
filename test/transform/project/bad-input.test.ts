import { describe, expect, it } from 'vitest';
import { FloeErrors, type FloeError } from '../../../src/errors/index.js';
import { loadProject } from '../../../src/transform/project/index.js';
import { temporaryProject } from './temporary-project.js';

async function errorsOf(files: Record<string, string | null>): Promise<FloeError[]> {
  try {
    await loadProject({ projectDir: temporaryProject(files), env: {} });
  } catch (error) {
    if (error instanceof FloeErrors) return error.errors;
    throw error;
  }
  throw new Error('expected loadProject to fail');
}

function only(errors: FloeError[], code: string): FloeError {
  const matching = errors.filter((e) => e.code === code);
  expect(matching, errors.map((e) => `${e.code} ${e.message}`).join('\n')).toHaveLength(1);
  return matching[0];
}

describe('bad input is reported with file, line and column', () => {
  it('YAML syntax errors in property files', async () => {
    const error = only(await errorsOf({ 'models/m.sql': 'select 1', 'models/schema.yml': 'models:\n  - name: m\n    description: ok\n   bad: indentation\n' }), 'FLOE_YAML');
    expect(error.position).toMatchObject({ file: 'models/schema.yml', line: 4 });
    expect(error.position?.column).toBeGreaterThan(0);
  });

  it('YAML syntax errors in dbt_project.yml', async () => {
    const error = only(await errorsOf({ 'dbt_project.yml': 'name: shop\nmodels:\n  shop: [\n' }), 'FLOE_YAML');
    expect(error.position?.file).toBe('dbt_project.yml');
    expect(error.position?.line).toBeGreaterThan(0);
  });

  it('unknown ref, with the nearest model as a suggestion and the position of the call', async () => {
    const error = only(await errorsOf({ 'models/orders.sql': 'select 1', 'models/report.sql': "select *\nfrom {{ ref('order') }}" }), 'FLOE_REF_NOT_FOUND');
    expect(error.position).toEqual({ file: 'models/report.sql', line: 2, column: 9 });
    expect(error.message).toContain("model.shop.report refers to 'order'");
    expect(error.hint).toBe("did you mean ref('orders')?");
  });

  it('unknown ref inside Jinja blocks is located too', async () => {
    const error = only(
      await errorsOf({ 'models/orders.sql': 'select 1', 'models/report.sql': "{% if true %}\nselect * from {{ ref('ordres') }}\n{% endif %}" }),
      'FLOE_REF_NOT_FOUND',
    );
    expect(error.position).toMatchObject({ file: 'models/report.sql', line: 2 });
    expect(error.hint).toBe("did you mean ref('orders')?");
  });

  it('unknown source and unknown source table, with suggestions', async () => {
    const sources = 'sources:\n  - name: shop\n    tables:\n      - name: customers\n';
    const unknownTable = only(await errorsOf({ 'models/s.yml': sources, 'models/m.sql': "select * from {{ source('shop', 'customer') }}" }), 'FLOE_SOURCE_NOT_FOUND');
    expect(unknownTable.position).toEqual({ file: 'models/m.sql', line: 1, column: 18 });
    expect(unknownTable.hint).toBe("did you mean source('shop', 'customers')?");
    const unknownSource = only(await errorsOf({ 'models/s.yml': sources, 'models/m.sql': "select * from {{ source('shp', 'customers') }}" }), 'FLOE_SOURCE_NOT_FOUND');
    expect(unknownSource.hint).toBe("did you mean source('shop', 'customers')?");
  });

  it('a ref to a disabled model is an error', async () => {
    const error = only(await errorsOf({ 'models/old.sql': "{{ config(enabled=false) }} select 1", 'models/m.sql': "select * from {{ ref('old') }}" }), 'FLOE_REF_DISABLED');
    expect(error.position?.file).toBe('models/m.sql');
  });

  it('two models with the same name', async () => {
    const error = only(await errorsOf({ 'models/a/orders.sql': 'select 1', 'models/b/orders.sql': 'select 2' }), 'FLOE_DUPLICATE_NODE');
    expect(error.message).toContain('models/a/orders.sql');
    expect(error.message).toContain('models/b/orders.sql');
  });

  it('a model and a seed with the same name', async () => {
    const error = only(await errorsOf({ 'models/orders.sql': 'select 1', 'seeds/orders.csv': 'id\n1\n' }), 'FLOE_DUPLICATE_NODE');
    expect(error.message).toContain('seeds/orders.csv');
  });

  it('Jinja errors name the template file and line', async () => {
    const error = only(await errorsOf({ 'models/m.sql': 'select 1\n{% if %}\n' }), 'FLOE_JINJA');
    expect(error.position).toMatchObject({ file: 'models/m.sql', line: 2 });
  });

  it('unknown generic test, with a suggestion', async () => {
    const error = only(
      await errorsOf({ 'models/m.sql': 'select 1 as id', 'models/s.yml': 'models:\n  - name: m\n    columns:\n      - name: id\n        data_tests: [uniqe]\n' }),
      'FLOE_TEST_NOT_FOUND',
    );
    expect(error.position).toEqual({ file: 'models/s.yml', line: 5, column: 22 });
    expect(error.hint).toBe("did you mean 'unique'?");
  });

  it('malformed test entries', async () => {
    const error = only(
      await errorsOf({ 'models/m.sql': 'select 1 as id', 'models/s.yml': 'models:\n  - name: m\n    data_tests:\n      - unique: {}\n        not_null: {}\n' }),
      'FLOE_TEST_INVALID',
    );
    expect(error.position).toMatchObject({ file: 'models/s.yml', line: 4 });
  });

  it('unknown doc() in a description', async () => {
    const error = only(
      await errorsOf({ 'models/m.sql': 'select 1', 'models/d.md': '{% docs orders %}x{% enddocs %}', 'models/s.yml': "models:\n  - name: m\n    description: '{{ doc(\"order\") }}'\n" }),
      'FLOE_DOC_NOT_FOUND',
    );
    expect(error.position).toMatchObject({ file: 'models/s.yml', line: 2 });
    expect(error.hint).toBe("did you mean 'orders'?");
  });

  it('invalid config values', async () => {
    const error = only(
      await errorsOf({ 'models/m.sql': 'select 1 as id', 'models/s.yml': 'models:\n  - name: m\n    data_tests:\n      - not_null:\n          column_name: id\n          severity: fatal\n' }),
      'FLOE_CONFIG_INVALID',
    );
    expect(error.message).toContain("'severity'");
  });

  it('collects every error of a parse at once', async () => {
    const errors = await errorsOf({
      'models/a.sql': "select * from {{ ref('nope') }}",
      'models/b.sql': "select * from {{ source('x', 'y') }}",
      'models/c.sql': '{% for %}',
    });
    expect(errors.map((e) => e.code).sort()).toEqual(['FLOE_JINJA', 'FLOE_REF_NOT_FOUND', 'FLOE_SOURCE_NOT_FOUND']);
  });

  it('a missing dbt_project.yml', async () => {
    const errors = await errorsOf({ 'dbt_project.yml': null });
    expect(errors[0].code).toBe('FLOE_PROJECT_NOT_FOUND');
  });
});

describe('warnings do not stop the parse', () => {
  async function warningsOf(files: Record<string, string | null>): Promise<FloeError[]> {
    const project = await loadProject({ projectDir: temporaryProject(files), env: {} });
    return project.warnings;
  }

  it('unknown config keys in the project tree, in YAML and in config(), with the nearest name', async () => {
    const warnings = await warningsOf({
      'dbt_project.yml': 'name: shop\nprofile: shop\nmodels:\n  shop:\n    +materialised: table\n',
      'models/m.sql': "{{ config(uniqe_key='id') }} select 1",
      'models/s.yml': 'models:\n  - name: m\n    config:\n      tgas: [a]\n',
    });
    const unknown = warnings.filter((w) => w.code === 'FLOE_UNKNOWN_CONFIG');
    expect(unknown.map((w) => [w.message, w.hint, w.position?.file, w.severity])).toEqual([
      ["unknown config 'materialised' (kept, but floe does not use it)", "did you mean 'materialized'?", 'dbt_project.yml', 'warning'],
      ["unknown config 'tgas' (kept, but floe does not use it)", "did you mean 'tags'?", 'models/s.yml', 'warning'],
      ["unknown config 'uniqe_key' (kept, but floe does not use it)", "did you mean 'unique_key'?", 'models/m.sql', 'warning'],
    ]);
    expect(unknown[0].position).toEqual({ file: 'dbt_project.yml', line: 5, column: 5 });
  });

  it('a config path that matches no folder', async () => {
    const warnings = await warningsOf({
      'dbt_project.yml': 'name: shop\nprofile: shop\nmodels:\n  shop:\n    stagign:\n      +materialized: table\n',
      'models/staging/m.sql': 'select 1',
    });
    const unused = warnings.find((w) => w.code === 'FLOE_UNUSED_CONFIG_PATH');
    expect(unused?.message).toContain("'models.shop.stagign'");
    expect(unused?.position).toEqual({ file: 'dbt_project.yml', line: 5, column: 5 });
  });

  it('a property entry for a model that does not exist', async () => {
    const warnings = await warningsOf({ 'models/orders.sql': 'select 1', 'models/s.yml': 'models:\n  - name: order\n' });
    const missing = warnings.find((w) => w.code === 'FLOE_PATCH_NOT_FOUND');
    expect(missing?.hint).toBe("did you mean 'orders'?");
    expect(missing?.position).toMatchObject({ file: 'models/s.yml', line: 2 });
  });
});

describe('errors in macros', () => {
  it('a macro file that does not compile is reported once, at the macro file', async () => {
    const errors = await errorsOf({
      'macros/broken.sql': '{% macro broken() %}\n{% if %}\n{% endmacro %}',
      'models/m.sql': "{% if true %}select 1{% endif %}",
    });
    expect(errors).toHaveLength(1);
    expect(errors[0].code).toBe('FLOE_JINJA');
    expect(errors[0].position?.file).toBe('macros/broken.sql');
    expect(errors[0].position?.line).toBe(2);
  });
});
