/** What deps needs from a package's own dbt_project.yml: its name and the dbt versions it supports. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FloeError } from '../../errors/index.js';
import { isMapping, loadYaml } from '../project/yaml-with-positions.js';

export interface PackageProject {
  name: string;
  requireDbtVersion?: string[];
}

export function readPackageProject(dir: string, label: string): PackageProject {
  const file = join(dir, 'dbt_project.yml');
  if (!existsSync(file)) {
    throw new FloeError('FLOE_DEPS_NOT_A_PROJECT', `package ${label} has no dbt_project.yml`, {
      detail: `looked in ${dir}`,
      hint: 'a package is a dbt project: point at the folder holding its dbt_project.yml (for git packages, set subdirectory:)',
    });
  }
  const errors: FloeError[] = [];
  const { value } = loadYaml(readFileSync(file, 'utf8'), file, errors);
  if (errors.length > 0) throw errors[0];
  if (!isMapping(value) || typeof value.name !== 'string') {
    throw new FloeError('FLOE_DEPS_NOT_A_PROJECT', `the dbt_project.yml of package ${label} has no name`, { position: { file } });
  }
  const required = value['require-dbt-version'];
  return {
    name: value.name,
    ...(required !== undefined && required !== null ? { requireDbtVersion: (Array.isArray(required) ? required : [required]).map(String) } : {}),
  };
}
