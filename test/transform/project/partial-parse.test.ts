/**
 * Partial parsing: what parse-time Jinja found in a file is kept in
 * target/partial_parse.json and reused by the next parse (a new process, in
 * real life) while nothing the render could see has changed. Each test
 * changes one such thing and expects the parse to see it.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FloeErrors } from '../../../src/errors/index.js';
import { loadProject } from '../../../src/transform/project/index.js';
import type { LoadProjectOptions } from '../../../src/transform/project/index.js';
import type { ParsedProject } from '../../../src/transform/types.js';
import { temporaryProject } from './temporary-project.js';

const PROFILES = `shop:
  target: dev
  outputs:
    dev:
      type: duckdb
      path: ':memory:'
    prod:
      type: duckdb
      path: ':memory:'
      schema: prod
`;

/** Every model uses Jinja the static parser does not take, so each is rendered (or taken from the cache). */
const FILES: Record<string, string> = {
  'profiles.yml': PROFILES,
  'models/a.sql': "{% if true %}select 1 as id{% endif %}",
  'models/b.sql': "{% if true %}select 2 as id{% endif %}",
  'models/by_var.sql': "{% if var('use_b', false) %}select * from {{ ref('b') }}{% else %}select * from {{ ref('a') }}{% endif %}",
  'models/by_env.sql': "{{ config(materialized=env_var('SHOP_MATERIALIZED', 'view')) }}{% if true %}select 1 as id{% endif %}",
  'models/by_macro.sql': "{% if true %}select * from {{ upstream() }}{% endif %}",
  'models/by_target.sql': "{% if target.name == 'prod' %}select * from {{ ref('b') }}{% else %}select * from {{ ref('a') }}{% endif %}",
  'models/by_config.sql': "{% if config.get('materialized') == 'table' %}select * from {{ ref('b') }}{% else %}select * from {{ ref('a') }}{% endif %}",
  'models/schema.yml': 'version: 2\nmodels:\n  - name: by_config\n    config:\n      materialized: view\n',
  'macros/upstream.sql': "{% macro upstream() %}{{ ref('a') }}{% endmacro %}",
};

const cachePath = (dir: string): string => join(dir, 'target/partial_parse.json');

async function parse(dir: string, options: Partial<LoadProjectOptions> = {}): Promise<ParsedProject> {
  return loadProject({ projectDir: dir, env: {}, ...options });
}

function parents(project: ParsedProject, model: string): string[] {
  return project.nodes.get(`model.shop.${model}`)?.dependsOn.nodes ?? [];
}

/** A project parsed once, so its cache is filled. */
async function cachedProject(): Promise<string> {
  const dir = temporaryProject(FILES);
  await parse(dir);
  expect(existsSync(cachePath(dir))).toBe(true);
  return dir;
}

describe('partial parsing (target/partial_parse.json)', () => {
  it('a second parse of an unchanged project gives the same nodes, reading the renders from the cache', async () => {
    const dir = temporaryProject(FILES);
    const first = await parse(dir);
    const cache = JSON.parse(readFileSync(cachePath(dir), 'utf8')) as { files: Record<string, unknown> };
    expect(Object.keys(cache.files).sort()).toEqual(['models/a.sql', 'models/b.sql', 'models/by_config.sql', 'models/by_env.sql', 'models/by_macro.sql', 'models/by_target.sql', 'models/by_var.sql']);
    const second = await parse(dir);
    for (const [id, node] of first.nodes) {
      expect(second.nodes.get(id)?.dependsOn).toEqual(node.dependsOn);
      expect(second.nodes.get(id)?.config).toEqual(node.config);
    }
    // What the cache says is what the parse uses: proof that the file was not rendered again.
    const entry = (cache.files['models/by_var.sql'] as { findings: { refs: Array<{ name: string }> } });
    entry.findings.refs[0].name = 'b';
    writeFileSync(cachePath(dir), JSON.stringify(cache));
    expect(parents(await parse(dir), 'by_var')).toEqual(['model.shop.b']);
  });

  it('a changed file is rendered again', async () => {
    const dir = await cachedProject();
    writeFileSync(join(dir, 'models/by_var.sql'), "{% if true %}select * from {{ ref('b') }}{% endif %}");
    expect(parents(await parse(dir), 'by_var')).toEqual(['model.shop.b']);
  });

  it('a changed var (--vars or dbt_project.yml) invalidates the cache', async () => {
    const dir = await cachedProject();
    expect(parents(await parse(dir, { vars: { use_b: true } }), 'by_var')).toEqual(['model.shop.b']);
    writeFileSync(join(dir, 'dbt_project.yml'), 'name: shop\nprofile: shop\nvars:\n  use_b: true\n');
    expect(parents(await parse(dir), 'by_var')).toEqual(['model.shop.b']);
    writeFileSync(join(dir, 'dbt_project.yml'), 'name: shop\nprofile: shop\n');
    expect(parents(await parse(dir), 'by_var')).toEqual(['model.shop.a']);
  });

  it('a changed env_var value read by a file is seen; unrelated env changes keep the cache', async () => {
    const dir = await cachedProject();
    expect((await parse(dir, { env: { SHOP_MATERIALIZED: 'table' } })).nodes.get('model.shop.by_env')?.config.materialized).toBe('table');
    expect((await parse(dir, { env: { SHOP_MATERIALIZED: 'table', UNRELATED: 'x' } })).nodes.get('model.shop.by_env')?.config.materialized).toBe('table');
    expect((await parse(dir, { env: {} })).nodes.get('model.shop.by_env')?.config.materialized).toBe('view');
  });

  it('a changed macro invalidates the files that could call it', async () => {
    const dir = await cachedProject();
    writeFileSync(join(dir, 'macros/upstream.sql'), "{% macro upstream() %}{{ ref('b') }}{% endmacro %}");
    expect(parents(await parse(dir), 'by_macro')).toEqual(['model.shop.b']);
  });

  it('another profile target invalidates the cache', async () => {
    const dir = await cachedProject();
    expect(parents(await parse(dir, { target: 'prod' }), 'by_target')).toEqual(['model.shop.b']);
    expect(parents(await parse(dir), 'by_target')).toEqual(['model.shop.a']);
  });

  it('a changed config from property YAML is seen by config.get() in the file', async () => {
    const dir = await cachedProject();
    writeFileSync(join(dir, 'models/schema.yml'), 'version: 2\nmodels:\n  - name: by_config\n    config:\n      materialized: table\n');
    expect(parents(await parse(dir), 'by_config')).toEqual(['model.shop.b']);
  });

  it('a corrupt or foreign cache file is ignored and rebuilt, never an error', async () => {
    const dir = await cachedProject();
    for (const garbage of ['{"format": 1, "proj', '[]', 'null', '{"format":1,"projectKey":"x","files":{"models/a.sql":{"key":1}}}']) {
      writeFileSync(cachePath(dir), garbage);
      expect(parents(await parse(dir), 'by_var')).toEqual(['model.shop.a']);
      expect(() => JSON.parse(readFileSync(cachePath(dir), 'utf8'))).not.toThrow();
    }
    const valid = JSON.parse(readFileSync(cachePath(dir), 'utf8')) as { files: Record<string, { findings: unknown }> };
    valid.files['models/by_var.sql'].findings = { refs: 'not a list' };
    writeFileSync(cachePath(dir), JSON.stringify(valid));
    expect(parents(await parse(dir), 'by_var')).toEqual(['model.shop.a']);
  });

  it('a project that fails to parse writes no cache, and its errors are reported on every parse', async () => {
    const dir = temporaryProject({ ...FILES, 'models/broken.sql': "{% if true %}select * from {{ ref('no_such_model') }}{% endif %}" });
    for (let attempt = 0; attempt < 2; attempt++) {
      const failure = await parse(dir).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(FloeErrors);
      expect((failure as FloeErrors).errors.map((error) => error.code)).toEqual(['FLOE_REF_NOT_FOUND']);
      expect(existsSync(join(dir, 'target'))).toBe(false);
    }
  });

  it('partialParse: false neither reads nor writes the cache', async () => {
    const dir = temporaryProject(FILES);
    await parse(dir, { partialParse: false });
    expect(existsSync(cachePath(dir))).toBe(false);
  });
});
