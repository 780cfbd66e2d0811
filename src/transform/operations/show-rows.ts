/**
 * `floe show --select x` (dbt show): the first rows a node's SQL returns (a
 * test's failing rows), or an `--inline` query's, without building anything.
 */
import { FloeError } from '../../errors/index.js';
import type { QueryResult } from '../../compute/index.js';
import { compileOpenedNodes } from './compile-nodes.js';
import { openProject, type ProjectOperationOptions } from './open-project.js';

export interface ShowOptions extends ProjectOperationOptions {
  /** Rows to return (dbt's default is 5). */
  limit?: number;
  /** A query to run instead of a node (Jinja allowed, rendered as a model would be). */
  inline?: string;
}

export interface ShownRows {
  /** The node shown, or `inline`. */
  name: string;
  sql: string;
  result: QueryResult;
}

export async function showRows(options: ShowOptions): Promise<{ shown: ShownRows[]; warnings: FloeError[] }> {
  const opened = await openProject(options);
  const limit = options.limit ?? 5;
  try {
    let targets: Array<{ name: string; sql: string }>;
    if (options.inline !== undefined) {
      const { project } = opened;
      // An inline query renders like a model of the root project named `inline_query`.
      const node = {
        uniqueId: `sql_operation.${project.settings.name}.inline_query`, resourceType: 'operation' as const, name: 'inline_query', packageName: project.settings.name,
        path: 'inline_query.sql', originalFilePath: 'inline_query.sql', absolutePath: 'inline_query.sql', fqn: [project.settings.name, 'inline_query'], rawCode: options.inline,
        checksum: '', config: { enabled: true, materialized: 'view' as const, tags: [], meta: {} }, description: '', columns: {}, refs: [], sources: [], dependsOn: { nodes: [], macros: [] }, position: { file: '<inline>' },
      };
      project.nodes.set(node.uniqueId, node);
      const [compiled] = await compileOpenedNodes(opened, [node.uniqueId], options.env);
      project.nodes.delete(node.uniqueId);
      targets = [{ name: 'inline', sql: compiled.sql }];
    } else {
      if (opened.selected.length === 0) {
        throw new FloeError('FLOE_SHOW_NOTHING', 'the selection matches no node to show', { hint: 'pass --select <model name>, or --inline "select …"' });
      }
      targets = (await compileOpenedNodes(opened, opened.selected, options.env)).map(({ node, sql }) => ({ name: node.name, sql }));
    }
    const shown: ShownRows[] = [];
    for (const target of targets) {
      const result = await opened.adapter.withSession((session) => session.execute(`select * from (\n${target.sql.replace(/[\s;]+$/, '')}\n) as floe_show limit ${Math.max(0, Math.floor(limit))}`));
      shown.push({ ...target, result });
    }
    return { shown, warnings: opened.project.warnings };
  } finally {
    await opened.close();
  }
}
