/**
 * `floe compile --select x` (dbt compile): each selected node's SQL rendered
 * as a run would render it — against the warehouse, so introspective macros
 * work — written to target/compiled/ and returned. Nothing is built.
 */
import { FloeError } from '../../errors/index.js';
import { writeManifestJson, writeSqlArtifact } from '../artifacts/index.js';
import { nodeCompilerFor, runsIncrementally, safeListener, StatementRunner } from '../execution/index.js';
import type { ManifestNode } from '../types.js';
import { openProject, type OpenedProject, type ProjectOperationOptions } from './open-project.js';

export interface CompiledNode {
  node: ManifestNode;
  sql: string;
}

/** Compile nodes of an opened project (seeds have no SQL and are left out). */
export async function compileOpenedNodes(opened: OpenedProject, ids: readonly string[], env?: Record<string, string | undefined>): Promise<CompiledNode[]> {
  const { project, adapter, targetDir } = opened;
  const compiler = nodeCompilerFor(project, adapter, env);
  const listener = safeListener(undefined);
  const compiled: CompiledNode[] = [];
  for (const id of ids) {
    const node = project.nodes.get(id);
    if (!node || node.resourceType === 'seed') continue;
    const sql = await adapter.withSession(async (session) => {
      const statements = new StatementRunner(session, node, listener);
      const existing = node.relation && node.resourceType === 'model' ? await adapter.getRelation(session, node.relation) : undefined;
      const incremental = node.config.materialized === 'incremental' && runsIncrementally({ existing, fullRefresh: false });
      return compiler.compile(node, statements, incremental);
    });
    writeSqlArtifact(targetDir, 'compiled', node, sql);
    compiled.push({ node, sql });
  }
  return compiled;
}

export async function compileNodes(options: ProjectOperationOptions): Promise<{ compiled: CompiledNode[]; warnings: FloeError[] }> {
  const opened = await openProject(options);
  try {
    writeManifestJson(opened.project, opened.targetDir);
    return { compiled: await compileOpenedNodes(opened, opened.selected, options.env), warnings: opened.project.warnings };
  } finally {
    await opened.close();
  }
}
