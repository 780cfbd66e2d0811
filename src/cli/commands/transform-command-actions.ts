/**
 * What `floe build|test|seed|ls` do on a plain dbt-format project. Imported by
 * their actions only (see transform-commands.ts), so the transform engine and
 * its drivers load when one of them runs, not for every `floe` invocation.
 */
import { runProject, loadProject, buildGraph, selectNodes } from '../../transform/index.js';
import type { ResourceType } from '../../transform/index.js';
import { selectionOf, type ProjectOptions } from '../project-options.js';
import { varsOf } from '../vars-option.js';
import { createRunPrinter } from '../output/run-printer.js';
import { printFloeError } from '../output/print-error.js';
import type { CliContext } from '../cli-context.js';

export interface LsOptions extends ProjectOptions {
  resourceType?: string[];
  output: string;
}

/** A run of the transform engine on a plain dbt-format project (no floe.yaml). */
export async function runTransformCommand(context: CliContext, options: ProjectOptions, which: 'build' | 'run' | 'test' | 'seed' | 'snapshot', resourceTypes?: ResourceType[]): Promise<number> {
  const printer = createRunPrinter(context.terminal);
  const outcome = await runProject({
    projectDir: options.projectDir,
    profilesDir: options.profilesDir,
    target: options.target,
    vars: varsOf(options.vars),
    select: selectionOf(options.select),
    exclude: selectionOf(options.exclude),
    resourceTypes,
    which,
    fullRefresh: options.fullRefresh,
    failFast: options.failFast,
    storeFailures: options.storeFailures,
    threads: options.threads,
    signal: context.signal,
    listener: printer,
  });
  for (const warning of outcome.project.warnings) printFloeError(context.terminal, warning);
  if (outcome.failedFast) context.terminal.errorLine(context.terminal.colors.yellow('Stopped after the first failure (--fail-fast): the rest was skipped.'));
  if (outcome.interrupted) context.terminal.errorLine(context.terminal.colors.yellow('Interrupted: stopped scheduling; results so far are in target/run_results.json.'));
  return outcome.success && !outcome.interrupted ? 0 : 1;
}

/** `floe ls`: parse and graph only; one line per selected node. */
export async function lsCommand(context: CliContext, options: LsOptions): Promise<number> {
  const project = await loadProject({ projectDir: options.projectDir, profilesDir: options.profilesDir, target: options.target, vars: varsOf(options.vars) });
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
  return 0;
}
