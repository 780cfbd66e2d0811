/**
 * `on-run-start` / `on-run-end` from dbt_project.yml: SQL (Jinja) run once
 * before the first node and once after the last. Each hook is recorded as an
 * `operation.<project>.<project>-on-run-start-<n>` result, as dbt records
 * them. A failing on-run-start hook skips every node (dbt does the same).
 * `on-run-end` sees `results` and `schemas` as dbt's context gives them.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { FloeError, isFloeError } from '../../errors/index.js';
import type { ManifestNode, NodeConfig, NodeResult, ParsedProject } from '../types.js';
import type { NodeRunEnvironment } from './node-runner.js';
import { errorMessage } from './sql-error.js';
import { StatementRunner } from './statement-runner.js';

export type ProjectHookKind = 'on-run-start' | 'on-run-end';

export interface ProjectHooksOutcome {
  results: NodeResult[];
  /** The first hook that failed, if any. */
  failed?: string;
}

export async function runProjectHooks(
  environment: NodeRunEnvironment,
  project: ParsedProject,
  kind: ProjectHookKind,
  extra: Record<string, unknown> = {},
): Promise<ProjectHooksOutcome> {
  const hooks = kind === 'on-run-start' ? project.settings.onRunStart : project.settings.onRunEnd;
  const outcome: ProjectHooksOutcome = { results: [] };
  for (const [index, hook] of (hooks ?? []).entries()) {
    const node = operationNode(project, kind, index, String(hook));
    const startedAt = new Date();
    const started = performance.now();
    const base = { uniqueId: node.uniqueId, startedAt: startedAt.toISOString(), adapterResponse: {} };
    try {
      const sql = await environment.adapter.withSession(async (session) => {
        const statements = new StatementRunner(session, node, environment.listener, environment.signal);
        const rendered = (await environment.compiler.renderHook(node, statements, node.rawCode, false, extra)).trim();
        if (rendered !== '') await statements.execute(rendered);
        return rendered;
      });
      outcome.results.push({ ...base, status: 'success', message: 'OK', compiledSql: sql, executionTime: elapsed(started), completedAt: new Date().toISOString() });
    } catch (caught) {
      const error = isFloeError(caught)
        ? caught
        : new FloeError('FLOE_HOOK_FAILED', `${kind} hook ${index} failed: ${errorMessage(caught)}`, { position: { file: 'dbt_project.yml' }, cause: caught });
      outcome.results.push({ ...base, status: 'error', message: error.message, error, executionTime: elapsed(started), completedAt: new Date().toISOString() });
      outcome.failed ??= node.uniqueId;
    }
  }
  return outcome;
}

/** A hook as a node, so it renders and reports like one. */
function operationNode(project: ParsedProject, kind: ProjectHookKind, index: number, sql: string): ManifestNode {
  const projectName = project.settings.name;
  const name = `${projectName}-${kind}-${index}`;
  return {
    uniqueId: `operation.${projectName}.${name}`,
    resourceType: 'operation',
    name,
    packageName: projectName,
    path: `hooks/${name}.sql`,
    originalFilePath: 'dbt_project.yml',
    absolutePath: join(project.root, 'dbt_project.yml'),
    fqn: [projectName, 'hooks', name],
    rawCode: sql,
    checksum: '',
    config: { enabled: true, materialized: 'view', tags: [], meta: {} } as NodeConfig,
    description: '',
    columns: {},
    refs: [],
    sources: [],
    dependsOn: { nodes: [], macros: [] },
    position: { file: 'dbt_project.yml' },
  };
}

/** `results` as on-run-end templates read them (`res.status`, `res.node.name`, …). */
export function resultsForTemplates(results: NodeResult[], project: ParsedProject): Array<Record<string, unknown>> {
  // The nodes' results only, as in dbt (not the on-run-start hooks').
  return results.filter((result) => !result.uniqueId.startsWith('operation.')).map((result) => {
    const node = project.nodes.get(result.uniqueId);
    return {
      status: result.status,
      message: result.message,
      execution_time: result.executionTime,
      failures: result.failures ?? null,
      adapter_response: result.adapterResponse,
      node: node ? { unique_id: node.uniqueId, name: node.name, resource_type: node.resourceType, schema: node.relation?.schema, database: node.relation?.database, alias: node.relation?.identifier, config: node.config } : { unique_id: result.uniqueId },
    };
  });
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started) / 1000;
}
