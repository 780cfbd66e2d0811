// Synthetic dbt-format projects for benchmarks: N models, each referencing up
// to 3 earlier ones, 2 tests each (unique + not_null on id), optional seeds.
// Deterministic (fixed-seed PRNG), DuckDB SQL.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { installSyntheticPackages } from './generate-packages.js';

function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (i) => String(i).padStart(4, '0');

/**
 * @param {string} dir target folder (replaced)
 * @param {{ models: number, seeds?: number, testsPerModel?: number, rows?: number, materialized?: string, name?: string, packages?: boolean }} options
 *   `packages`: two dbt_utils-sized packages installed (see generate-packages.js); every tenth model calls one of their macros and has one of their tests.
 */
export function generateProject(dir, options) {
  const { models, seeds = 0, testsPerModel = 2, rows = 100, materialized = 'table', name = 'bench', packages = false } = options;
  const random = prng(42);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'models'), { recursive: true });
  mkdirSync(join(dir, 'seeds'), { recursive: true });
  writeFileSync(
    join(dir, 'dbt_project.yml'),
    `name: ${name}\nversion: '1.0.0'\nprofile: ${name}\nmodels:\n  ${name}:\n    +materialized: ${materialized}\n`,
  );
  writeFileSync(join(dir, 'profiles.yml'), `${name}:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: warehouse/${name}.duckdb\n      threads: 1\n`);
  for (let s = 0; s < seeds; s++) {
    const lines = ['id,value,label'];
    for (let r = 0; r < rows; r++) lines.push(`${r},${(r * 1.5).toFixed(1)},label_${r % 7}`);
    writeFileSync(join(dir, 'seeds', `seed_${s}.csv`), `${lines.join('\n')}\n`);
  }
  const yaml = ['version: 2', 'models:'];
  for (let i = 0; i < models; i++) {
    const folder = `group_${Math.floor(i / 100)}`;
    mkdirSync(join(dir, 'models', folder), { recursive: true });
    const parents = new Set();
    if (i > 0) {
      const count = 1 + Math.floor(random() * Math.min(3, i));
      while (parents.size < count) parents.add(Math.floor(random() * i));
    }
    // The base is a seed (for the first `seeds` models), else the first parent, else a generated range.
    const parentList = [...parents];
    const base = seeds > 0 && i < seeds ? `{{ ref('seed_${i}') }}` : parentList.length > 0 ? `{{ ref('model_${pad(parentList.shift())}') }}` : `(select range as id, range * 1.5 as value from range(${rows}))`;
    const joins = parentList.map((p, k) => `left join {{ ref('model_${pad(p)}') }} j${k} on j${k}.id = base.id`).join('\n');
    const sum = parentList.map((_, k) => ` + coalesce(j${k}.value, 0)`).join('');
    const usesPackage = packages && i % 10 === 0;
    const extra = usesPackage ? `, '{{ bench_utils.helper_${i % 45}(['a', 'b']) }}' as helper_columns` : '';
    const sql = `{{ config(tags=['bench']) }}\n-- model ${i}\nselect base.id, base.value${sum} as value${extra}\nfrom ${base} base\n${joins}\n{% if var('limit_rows', none) is not none %}limit {{ var('limit_rows') }}{% endif %}\n`;
    writeFileSync(join(dir, 'models', folder, `model_${pad(i)}.sql`), sql);
    // Tests in a fixed order; testsPerModel takes the first n.
    const tests = [
      ['id', 'unique'],
      ['id', 'not_null'],
      ['value', 'not_null'],
      ['id', `relationships: {to: "ref('model_${pad(0)}')", field: id}`],
    ].slice(0, testsPerModel);
    if (usesPackage) tests.push(['value', `bench_utils.check_${i % 16}: {expression: '>= 0'}`]);
    yaml.push(`  - name: model_${pad(i)}`, `    description: synthetic model ${i}`, '    columns:');
    for (const column of ['id', 'value']) {
      const own = tests.filter(([c]) => c === column);
      if (own.length === 0) continue;
      yaml.push(`      - name: ${column}`, '        data_tests:');
      for (const [, t] of own) yaml.push(`          - ${t}`);
    }
  }
  writeFileSync(join(dir, 'models', 'schema.yml'), `${yaml.join('\n')}\n`);
  if (packages) installSyntheticPackages(dir);
  return dir;
}
