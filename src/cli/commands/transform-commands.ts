import { Command } from 'commander';
import { runProject, loadProject, buildGraph, selectNodes } from '../../transform/index.js';
import type { ResourceType } from '../../transform/index.js';
import { addProjectOptions, selectionOf, type ProjectOptions } from '../project-options.js';
import { createRunPrinter } from '../output/run-printer.js';
import { printFloeError } from '../output/print-error.js';
import type { CliContext } from '../cli-context.js';

/** A run of the transform engine on a plain dbt-format project (no floe.yaml). */
export async function runTransformCommand(context: CliContext, options: ProjectOptions, which: 'build' | 'run' | 'test' | 'seed', resourceTypes?: ResourceType[]): Promise<number> {
  const printer = createRunPrinter(context.terminal);
  const outcome = await runProject({
    projectDir: options.projectDir,
    profilesDir: options.profilesDir,
    target: options.target,
    vars: options.vars,
    select: selectionOf(options.select),
    exclude: selectionOf(options.exclude),
    resourceTypes,
    which,
    fullRefresh: options.fullRefresh,
    threads: options.threads,
    signal: context.signal,
    listener: printer,
  });
  for (const warning of outcome.project.warnings) printFloeError(context.terminal, warning);
  if (outcome.interrupted) context.terminal.errorLine(context.terminal.colors.yellow('Interrupted: stopped scheduling; results so far are in target/run_results.json.'));
  return outcome.success && !outcome.interrupted ? 0 : 1;
}

export function registerTransformCommands(program: Command, context: CliContext): void {
  const plain = (name: 'build' | 'test' | 'seed', description: string, resourceTypes?: ResourceType[]): Command =>
    addProjectOptions(program.command(name).description(description), { run: true }).action(async (options: ProjectOptions) => {
      context.exitCode = await runTransformCommand(context, options, name, resourceTypes);
    });

  plain('seed', 'load the CSV seeds of a dbt-format project', ['seed']);
  plain('test', 'run the data tests of a dbt-format project', ['test']);
  plain('build', 'build seeds, models and tests of a dbt-format project in dependency order (same as `floe run` on a plain dbt project)');

  addProjectOptions(program.command('ls').alias('list').description('list the selected nodes without running anything (parse and graph only)'), { run: false })
    .option('--resource-type <type>', 'only this resource type (model, seed, test, source)', (v: string, p: string[] = []) => [...p, v])
    .option('--output <format>', 'name | path | json', 'name')
    .action(async (options: ProjectOptions & { resourceType?: string[]; output: string }) => {
      const project = await loadProject({ projectDir: options.projectDir, profilesDir: options.profilesDir, target: options.target, vars: options.vars });
      const graph = buildGraph(project);
      const selected = selectNodes(project, graph, {
        select: selectionOf(options.select),
        exclude: selectionOf(options.exclude),
        resourceTypes: options.resourceType as ResourceType[] | undefined,
      });
      for (const warning of project.warnings) printFloeError(context.terminal, warning);
      for (const id of selected) {
        const node = project.nodes.get(id) ?? project.sources.get(id);
        if (!node) continue;
        if (options.output === 'json') {
          context.terminal.line(JSON.stringify({ unique_id: id, resource_type: node.resourceType, name: node.name, original_file_path: node.originalFilePath, ...('config' in node ? { materialized: node.config.materialized, tags: node.config.tags } : {}) }));
        } else if (options.output === 'path') {
          context.terminal.line(node.originalFilePath);
        } else {
          context.terminal.line(node.fqn.join('.'));
        }
      }
      context.exitCode = 0;
    });
}
