/**
 * `floe build|test|seed|ls`: their flags only. The work is in
 * transform-command-actions.ts, imported when one of them runs.
 */
import { Command } from 'commander';
import type { ResourceType } from '../../transform/index.js';
import { addProjectOptions, type ProjectOptions } from '../project-options.js';
import type { CliContext } from '../cli-context.js';
import type { LsOptions } from './transform-command-actions.js';

export function registerTransformCommands(program: Command, context: CliContext): void {
  const plain = (name: 'build' | 'test' | 'seed' | 'snapshot', description: string, resourceTypes?: ResourceType[]): Command =>
    addProjectOptions(program.command(name).description(description), { run: true }).action(async (options: ProjectOptions) => {
      const { runTransformCommand } = await import('./transform-command-actions.js');
      context.exitCode = await runTransformCommand(context, options, name, resourceTypes);
    });

  plain('seed', 'load the CSV seeds of a dbt-format project', ['seed']);
  plain('test', 'run the data tests and unit tests of a dbt-format project', ['test', 'unit_test']);
  plain('snapshot', 'run the snapshots of a dbt-format project (type-2 history tables)', ['snapshot']);
  plain('build', 'build seeds, models and tests of a dbt-format project in dependency order (same as `floe run` on a plain dbt project)');

  addProjectOptions(program.command('ls').alias('list').description('list the selected nodes without running anything (parse and graph only)'), { run: false })
    .option('--resource-type <type>', 'only this resource type (model, seed, snapshot, test, unit_test, source)', (v: string, p: string[] = []) => [...p, v])
    .option('--output <format>', 'name | path | json', 'name')
    .action(async (options: LsOptions) => {
      const { lsCommand } = await import('./transform-command-actions.js');
      context.exitCode = await lsCommand(context, options);
    });
}
