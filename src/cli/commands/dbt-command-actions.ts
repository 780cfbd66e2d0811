/** What `floe compile --select`, `floe show`, `floe docs generate`, `floe source freshness` and `floe debug` do. */
import { relative } from 'node:path';
import type { QueryResult } from '../../compute/index.js';
import { checkSourceFreshness, compileNodes, debugProject, generateDocs, runOperation, showRows } from '../../transform/index.js';
import { parseVars } from '../vars-option.js';
import { pythonStr } from '../../transform/jinja/index.js';
import type { CliContext } from '../cli-context.js';
import { printFloeError } from '../output/print-error.js';
import { selectionOf, type ProjectOptions } from '../project-options.js';
import { varsOf } from '../vars-option.js';

export type NodeCommandOptions = ProjectOptions;

export interface ShowCommandOptions extends ProjectOptions {
  limit: number;
  inline?: string;
  output: string;
}

export type DebugCommandOptions = ProjectOptions;

export interface RunOperationOptions extends ProjectOptions {
  args?: string;
}

export async function runOperationCommand(context: CliContext, macro: string, options: RunOperationOptions): Promise<number> {
  const args = options.args === undefined ? undefined : parseVars(options.args);
  const { result, statements, warnings } = await runOperation({ ...operationOptions(options), macro, ...(args ? { args } : {}) });
  for (const warning of warnings) printFloeError(context.terminal, warning, context.debug);
  context.terminal.line(context.terminal.colors.dim(`ran ${macro} (${statements.length} statement${statements.length === 1 ? '' : 's'})`));
  const text = pythonStr(result).trim();
  if (text !== '') context.terminal.line(text);
  return 0;
}

function operationOptions(options: ProjectOptions) {
  return {
    projectDir: options.projectDir,
    profilesDir: options.profilesDir,
    target: options.target,
    vars: varsOf(options.vars),
    select: selectionOf(options.select),
    exclude: selectionOf(options.exclude),
  };
}

/** `floe compile --select x`: the compiled SQL of each selected node, on stdout. */
export async function compileSelectedCommand(context: CliContext, options: ProjectOptions): Promise<number> {
  const { compiled, warnings } = await compileNodes(operationOptions(options));
  for (const warning of warnings) printFloeError(context.terminal, warning, context.debug);
  if (compiled.length === 0) {
    context.terminal.errorLine(context.terminal.colors.yellow('nothing to compile: the selection matches no model, test or snapshot'));
    return 0;
  }
  compiled.forEach(({ node, sql }, index) => {
    if (compiled.length > 1) context.terminal.line(`${index > 0 ? '\n' : ''}-- ${node.uniqueId}`);
    context.terminal.line(sql.trim());
  });
  return 0;
}

function formatTable(result: QueryResult): string[] {
  const names = result.columns.map((c) => c.name);
  const cells = result.rows.map((row) => names.map((name) => (row[name] === null || row[name] === undefined ? 'NULL' : pythonStr(row[name] instanceof Date ? (row[name] as Date).toISOString() : row[name]))));
  const widths = names.map((name, i) => Math.max(name.length, ...cells.map((row) => row[i].length)));
  const line = (values: string[]) => `| ${values.map((v, i) => v.padEnd(widths[i])).join(' | ')} |`;
  return [line(names), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...cells.map(line)];
}

export async function showCommand(context: CliContext, options: ShowCommandOptions): Promise<number> {
  const { shown, warnings } = await showRows({ ...operationOptions(options), limit: options.limit, inline: options.inline });
  for (const warning of warnings) printFloeError(context.terminal, warning, context.debug);
  for (const { name, result } of shown) {
    if (options.output === 'json') {
      context.terminal.line(JSON.stringify({ node: name, show: result.rows }));
      continue;
    }
    context.terminal.line(context.terminal.colors.bold(`Previewing ${name === 'inline' ? 'inline query' : `node '${name}'`}:`));
    for (const line of formatTable(result)) context.terminal.line(line);
  }
  return 0;
}

export async function docsGenerateCommand(context: CliContext, options: ProjectOptions): Promise<number> {
  const outcome = await generateDocs(operationOptions(options));
  for (const warning of outcome.warnings) printFloeError(context.terminal, warning, context.debug);
  const c = context.terminal.colors;
  context.terminal.line(c.green(`✓ catalog of ${outcome.documented} relation${outcome.documented === 1 ? '' : 's'} written to ${relative(process.cwd(), outcome.catalogPath) || outcome.catalogPath}`));
  if (outcome.missing.length > 0) context.terminal.line(c.yellow(`  ${outcome.missing.length} not in the warehouse yet (build them first): ${outcome.missing.slice(0, 5).join(', ')}${outcome.missing.length > 5 ? ', …' : ''}`));
  return 0;
}

export async function sourceFreshnessCommand(context: CliContext, options: ProjectOptions): Promise<number> {
  const { results, path, warnings } = await checkSourceFreshness(operationOptions(options));
  for (const warning of warnings) printFloeError(context.terminal, warning, context.debug);
  const c = context.terminal.colors;
  if (results.length === 0) {
    context.terminal.line(c.yellow('no source has freshness: (with a loaded_at_field) in the selection'));
    return 0;
  }
  results.forEach((result, index) => {
    const label = `${result.source.sourceName}.${result.source.name}`;
    const paint = result.status === 'pass' ? c.green : result.status === 'warn' ? c.yellow : c.red;
    const age = result.ageSeconds === undefined ? '' : ` (last loaded ${Math.round(result.ageSeconds)}s ago)`;
    context.terminal.line(`${index + 1} of ${results.length} ${paint(result.status.toUpperCase())} freshness of ${label}${age}`);
    if (result.error) printFloeError(context.terminal, result.error, context.debug);
  });
  context.terminal.line(c.dim(`results in ${relative(process.cwd(), path) || path}`));
  return results.some((r) => r.status === 'error' || r.status === 'runtime error') ? 1 : 0;
}

export async function debugCommand(context: CliContext, options: ProjectOptions): Promise<number> {
  const checks = await debugProject({ projectDir: options.projectDir, profilesDir: options.profilesDir, target: options.target, vars: varsOf(options.vars) });
  const c = context.terminal.colors;
  for (const check of checks) {
    context.terminal.line(`  ${check.name}: ${check.ok ? c.green('OK') : c.red('ERROR')} ${check.detail}`);
    if (!check.ok) for (const error of check.errors) printFloeError(context.terminal, error, context.debug);
  }
  const failed = checks.filter((check) => !check.ok).length;
  context.terminal.line(failed === 0 ? c.green('All checks passed!') : c.red(`${failed} check${failed === 1 ? '' : 's'} failed`));
  return failed === 0 ? 0 : 1;
}
