import { join, isAbsolute } from 'node:path';
import { createAdapter } from '../compute/index.js';
import type { ComputeAdapter } from '../compute/index.js';
import { loadProject } from './project/index.js';
import { buildGraph, selectNodes } from './graph/index.js';
import { executeNodes } from './execution/index.js';
import type { RunOutcome } from './execution/index.js';
import { writeManifestJson } from './artifacts/index.js';
import type { ParsedProject, ResolvedTarget, ResourceType, RunListener } from './types.js';

export interface RunProjectOptions {
  projectDir: string;
  profilesDir?: string;
  target?: string;
  vars?: Record<string, unknown>;
  /** A connection decided by the platform (floe.yaml + manifest) instead of profiles.yml. */
  profileOverride?: ResolvedTarget;
  select?: string[];
  exclude?: string[];
  /** Run exactly these nodes (unique ids) instead of a selection — e.g. the failed and skipped nodes of an earlier run. */
  nodeIds?: string[];
  /** Limit to these resource types (`floe seed` → ['seed'], `floe test` → ['test']). */
  resourceTypes?: ResourceType[];
  fullRefresh?: boolean;
  threads?: number;
  /** Stop at the first error or failing test (dbt's --fail-fast). */
  failFast?: boolean;
  /** Store every test's failing rows (dbt's --store-failures). */
  storeFailures?: boolean;
  signal?: AbortSignal;
  listener?: RunListener;
  invocationId?: string;
  env?: Record<string, string | undefined>;
  /** The command, recorded in run_results.json `args.which` and `flags.WHICH` (default `build`). */
  which?: 'build' | 'run' | 'test' | 'seed' | 'snapshot';
  /** Use this adapter instead of opening one from the target (the caller then closes it). */
  adapter?: ComputeAdapter;
  /**
   * Called once the nodes have run, with the run's still-open adapter, before
   * runProject closes it: the caller's chance to read the warehouse (e.g. the
   * built tables' columns for lineage) without connecting again. An error it
   * throws fails runProject (after the adapter is closed).
   */
  beforeClose?(adapter: ComputeAdapter, outcome: ProjectRunOutcome): Promise<void>;
}

export interface ProjectRunOutcome extends RunOutcome {
  project: ParsedProject;
  selected: string[];
}

/**
 * Everything `floe run` does with one dbt-format project: load, graph, select,
 * open the compute, execute, write target/ artifacts. The CLI, the orchestrator
 * and pipeline jobs all go through here, so a run behaves the same wherever it
 * is launched.
 */
export async function runProject(options: RunProjectOptions): Promise<ProjectRunOutcome> {
  const project = await loadProject({
    projectDir: options.projectDir,
    profilesDir: options.profilesDir,
    target: options.target,
    vars: options.vars,
    env: options.env,
    profileOverride: options.profileOverride,
  });
  const graph = buildGraph(project);
  const selected = options.nodeIds
    ? graph.topologicalOrder().filter((id) => options.nodeIds?.includes(id))
    : selectNodes(project, graph, { select: options.select, exclude: options.exclude, resourceTypes: options.resourceTypes });
  const targetDir = isAbsolute(project.settings.targetPath) ? project.settings.targetPath : join(project.root, project.settings.targetPath);
  writeManifestJson(project, targetDir);
  const adapter = options.adapter ?? (await createAdapter(project.target.config, { projectRoot: project.root, projectName: project.settings.name }));
  try {
    const outcome = await executeNodes(project, graph, adapter, {
      selected,
      fullRefresh: options.fullRefresh,
      failFast: options.failFast,
      storeFailures: options.storeFailures,
      threads: options.threads ?? project.target.threads,
      signal: options.signal,
      listener: options.listener,
      targetDir,
      invocationId: options.invocationId,
      env: options.env,
      args: { which: options.which ?? 'build' },
    });
    const projectOutcome: ProjectRunOutcome = { ...outcome, project, selected };
    await options.beforeClose?.(adapter, projectOutcome);
    return projectOutcome;
  } finally {
    if (!options.adapter) await adapter.close();
  }
}
