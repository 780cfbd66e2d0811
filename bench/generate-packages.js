// Synthetic dbt packages the size of the popular ones (dbt_utils: ~60 macro
// files, ~70 KB, ~190 macros with generic tests and per-engine variants;
// dbt_date: ~45 files), installed into a project's dbt_packages/ with a
// package-lock.yml, as `floe deps` leaves them. Not their code: generated
// macros of the same shapes (dispatchers, default__/postgres__/duckdb__
// variants, loops, sets, namespaces, generic tests).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { declarationsHash, readDeclaredPackages } from '../dist/transform/packages/index.js';

function macroFile(pkg, i) {
  const name = `helper_${i}`;
  return `{% macro ${name}(columns, relation=none, prefix='', suffix='', quote_identifiers=True) %}
  {{ return(adapter.dispatch('${name}', '${pkg}')(columns, relation, prefix, suffix, quote_identifiers)) }}
{% endmacro %}

{% macro default__${name}(columns, relation=none, prefix='', suffix='', quote_identifiers=True) -%}
  {%- set ns = namespace(parts=[]) -%}
  {%- for column in columns -%}
    {%- set name = adapter.quote(column) if quote_identifiers else column -%}
    {%- do ns.parts.append(prefix ~ name ~ suffix) -%}
  {%- endfor -%}
  {%- if relation is not none -%}
    {%- set quoted = relation.include(database=false) -%}
  {%- endif -%}
  {{ ns.parts | join(', ') }}
{%- endmacro %}

{% macro postgres__${name}(columns, relation=none, prefix='', suffix='', quote_identifiers=True) -%}
  {{ ${pkg}.default__${name}(columns, relation, prefix, suffix, quote_identifiers) }}
{%- endmacro %}

{% macro duckdb__${name}(columns, relation=none, prefix='', suffix='', quote_identifiers=True) -%}
  {%- set cleaned = [] -%}
  {%- for column in columns if column is string -%}{%- do cleaned.append(column | trim) -%}{%- endfor -%}
  {{ ${pkg}.default__${name}(cleaned, relation, prefix, suffix, quote_identifiers) }}
{%- endmacro %}
`;
}

function testFile(pkg, i) {
  return `{% test check_${i}(model, column_name=none, expression='1 = 1', group_by_columns=[]) %}
  {{ return(adapter.dispatch('test_check_${i}', '${pkg}')(model, column_name, expression, group_by_columns, **kwargs)) }}
{% endtest %}

{% macro default__test_check_${i}(model, column_name, expression, group_by_columns) %}
{%- set columns = group_by_columns | join(', ') -%}
select {{ columns ~ ',' if columns }} count(*) as failures
from {{ model }}
where not ({{ column_name ~ ' ' if column_name }}{{ expression }})
{% if columns %}group by {{ columns }}{% endif %}
{% endmacro %}
`;
}

function writePackage(projectDir, pkg, { macroFiles, testFiles }) {
  const dir = join(projectDir, 'dbt_packages', pkg);
  mkdirSync(join(dir, 'macros', 'sql'), { recursive: true });
  mkdirSync(join(dir, 'macros', 'generic_tests'), { recursive: true });
  writeFileSync(join(dir, 'dbt_project.yml'), `name: ${pkg}\nversion: '1.0.0'\nrequire-dbt-version: [">=1.3.0", "<2.0.0"]\nconfig-version: 2\nmacro-paths: ["macros"]\n`);
  for (let i = 0; i < macroFiles; i++) writeFileSync(join(dir, 'macros', 'sql', `helper_${i}.sql`), macroFile(pkg, i));
  for (let i = 0; i < testFiles; i++) writeFileSync(join(dir, 'macros', 'generic_tests', `check_${i}.sql`), testFile(pkg, i));
}

/** Two packages (utils-sized and dates-sized) in `projectDir`, declared in packages.yml and locked. */
export function installSyntheticPackages(projectDir) {
  const packages = [
    ['bench_utils', { macroFiles: 45, testFiles: 16 }],
    ['bench_dates', { macroFiles: 40, testFiles: 4 }],
  ];
  for (const [pkg, size] of packages) writePackage(projectDir, pkg, size);
  writeFileSync(join(projectDir, 'packages.yml'), `packages:\n${packages.map(([pkg]) => `  - package: bench/${pkg}\n    version: [">=1.0.0", "<2.0.0"]\n`).join('')}`);
  const specs = readDeclaredPackages(projectDir, {}, []).specs;
  const lock = `packages:\n${packages.map(([pkg]) => `  - name: ${pkg}\n    package: bench/${pkg}\n    version: 1.0.0\n`).join('')}sha1_hash: ${declarationsHash(specs)}\n`;
  writeFileSync(join(projectDir, 'package-lock.yml'), lock);
  return packages.map(([pkg]) => pkg);
}
