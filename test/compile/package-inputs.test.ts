/** Installed dbt packages are inputs of a compile: a different package version makes the artifacts stale. */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashInputs, projectInputFiles } from '../../src/compile/input-hashes.js';

describe('compile inputs of a project with packages', () => {
  it('include dbt_packages/ (local packages linked there too, without looping) and package-lock.yml', () => {
    const base = mkdtempSync(join(tmpdir(), 'floe-inputs-'));
    const project = join(base, 'shop');
    const local = join(base, 'helpers');
    for (const dir of [join(project, 'models'), join(project, 'dbt_packages', 'utils', 'macros'), join(local, 'macros'), join(project, 'target')]) mkdirSync(dir, { recursive: true });
    writeFileSync(join(project, 'dbt_project.yml'), 'name: shop\n');
    writeFileSync(join(project, 'package-lock.yml'), 'packages: []\n');
    writeFileSync(join(project, 'models', 'a.sql'), 'select 1');
    writeFileSync(join(project, 'target', 'manifest.json'), '{}');
    writeFileSync(join(project, 'dbt_packages', 'utils', 'macros', 'm.sql'), '{% macro m() %}1{% endmacro %}');
    writeFileSync(join(local, 'macros', 'h.sql'), '{% macro h() %}1{% endmacro %}');
    symlinkSync(local, join(project, 'dbt_packages', 'helpers'), 'dir');
    symlinkSync(project, join(local, 'loop'), 'dir');
    const files = projectInputFiles(project).map((f) => f.slice(base.length + 1));
    expect(files).toEqual([
      'shop/dbt_packages/helpers/macros/h.sql',
      'shop/dbt_packages/utils/macros/m.sql',
      'shop/dbt_project.yml',
      'shop/models/a.sql',
      'shop/package-lock.yml',
    ]);
    const before = hashInputs(project, projectInputFiles(project));
    writeFileSync(join(project, 'dbt_packages', 'utils', 'macros', 'm.sql'), '{% macro m() %}2{% endmacro %}');
    expect(hashInputs(project, projectInputFiles(project))).not.toEqual(before);
  });
});
