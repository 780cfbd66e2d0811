/**
 * `floe run-operation <macro> [--args '{…}']` (dbt run-operation): call a
 * macro of the project with the run-time context — `execute` is true, its
 * `run_query` / `statement` calls run on the warehouse in order, on one
 * session — and return what it returned.
 */
import { FloeError } from '../../errors/index.js';
import { keywordArguments } from '../jinja/index.js';
import { nodeCompilerFor, safeListener, StatementRunner } from '../execution/index.js';
import type { ManifestNode } from '../types.js';
import { openProject, type ProjectOperationOptions } from './open-project.js';

export async function runOperation(options: ProjectOperationOptions & { macro: string; args?: Record<string, unknown> }): Promise<{ result: unknown; statements: string[]; warnings: FloeError[] }> {
  const opened = await openProject(options);
  const { project, adapter } = opened;
  try {
    const known = [...project.macros.values()].some((m) => m.name === options.macro || `${m.packageName}.${m.name}` === options.macro);
    if (!known) {
      throw new FloeError('FLOE_MACRO_NOT_FOUND', `no macro named '${options.macro}' in the project, its packages or dbt's builtins`, { hint: 'run-operation takes a macro name, optionally package.macro' });
    }
    const name = project.settings.name;
    const node: ManifestNode = {
      uniqueId: `operation.${name}.${options.macro}`, resourceType: 'operation', name: options.macro, packageName: name, path: 'run-operation', originalFilePath: 'run-operation',
      absolutePath: project.root, fqn: [name, options.macro], rawCode: '', checksum: '', config: { enabled: true, materialized: 'view', tags: [], meta: {} }, description: '', columns: {},
      refs: [], sources: [], dependsOn: { nodes: [], macros: [] }, position: { file: 'run-operation' },
    };
    const compiler = nodeCompilerFor(project, adapter, options.env);
    return await adapter.withSession(async (session) => {
      const ran: string[] = [];
      // Introspective queries (run_query) are not kept in `executed`; count them all through the listener.
      const statements = new StatementRunner(session, node, safeListener({ onStatement: (_node, sql) => ran.push(sql) }));
      const result = await compiler.callMacro(node, statements, options.macro, options.args && Object.keys(options.args).length > 0 ? [keywordArguments(options.args)] : []);
      return { result, statements: ran, warnings: project.warnings };
    });
  } finally {
    await opened.close();
  }
}
