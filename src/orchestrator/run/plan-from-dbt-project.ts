import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { FloeError } from '../../errors/index.js';
import type { RunCliOptions, RunPlan } from './run-plan.js';

/**
 * `yaml` (~35 ms to load) is required when a plan is made, not with the
 * orchestrator: `floe status` loads this file and never parses YAML. Its
 * Node entry is CommonJS, so this is the same instance an `import` gets.
 */
function parseYaml(text: string): unknown {
  const { parse } = createRequire(import.meta.url)('yaml') as typeof import('yaml');
  return parse(text);
}

/** The `name:` of dbt_project.yml, read without loading the whole project (loading happens in the run, where its errors are recorded). */
function dbtProjectName(projectDir: string): string {
  const file = join(projectDir, 'dbt_project.yml');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new FloeError('FLOE_RUN_NOT_A_PROJECT', `${projectDir} has no dbt_project.yml`, {
      position: { file },
      hint: 'run from a dbt-format project folder, or pass --project-dir <folder with dbt_project.yml>',
    });
  }
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch (error) {
    throw new FloeError('FLOE_RUN_NOT_A_PROJECT', `dbt_project.yml is not valid YAML: ${(error as Error).message}`, { position: { file }, hint: 'fix the YAML syntax' });
  }
  const name = (parsed as { name?: unknown } | null)?.name;
  if (typeof name !== 'string' || name === '') {
    throw new FloeError('FLOE_RUN_NOT_A_PROJECT', 'dbt_project.yml has no `name`', { position: { file, line: 1 }, hint: 'add `name: <project_name>` to dbt_project.yml' });
  }
  return name;
}

/** A plain dbt-format project (no floe.yaml): the product is the dbt project, run as one step. */
export function planFromDbtProject(projectDir: string, options: RunCliOptions = {}): RunPlan {
  const dir = resolve(projectDir);
  const name = dbtProjectName(dir);
  return {
    product: name,
    environment: options.environment ?? 'dev',
    trigger: options.trigger ?? 'manual',
    fullRefresh: options.fullRefresh,
    threads: options.threads,
    ...(options.failFast ? { failFast: true } : {}),
    ...(options.storeFailures ? { storeFailures: true } : {}),
    origin: { kind: 'dbt-project', projectDir: dir },
    steps: [
      {
        name,
        projectDir: dir,
        projectName: name,
        profilesDir: options.profilesDir,
        target: options.target,
        vars: options.vars,
        select: options.select,
        exclude: options.exclude,
        resourceTypes: options.resourceTypes,
      },
    ],
  };
}
