/** What every operation starts with: the project loaded, its graph, the selection, and a connection. */
import { isAbsolute, join } from 'node:path';
import { createAdapter, type ComputeAdapter } from '../../compute/index.js';
import { buildGraph, selectNodes, type DependencyGraph } from '../graph/index.js';
import { loadProject } from '../project/index.js';
import type { ParsedProject, ResolvedTarget, ResourceType } from '../types.js';

export interface ProjectOperationOptions {
  projectDir: string;
  profilesDir?: string;
  target?: string;
  vars?: Record<string, unknown>;
  env?: Record<string, string | undefined>;
  profileOverride?: ResolvedTarget;
  select?: string[];
  exclude?: string[];
  resourceTypes?: ResourceType[];
  /** Use this adapter instead of opening one (the caller closes it). */
  adapter?: ComputeAdapter;
}

export interface OpenedProject {
  project: ParsedProject;
  graph: DependencyGraph;
  selected: string[];
  targetDir: string;
  adapter: ComputeAdapter;
  /** Closes the adapter unless the caller passed its own. */
  close(): Promise<void>;
}

export async function openProject(options: ProjectOperationOptions, withAdapter = true): Promise<OpenedProject> {
  const project = await loadProject(options);
  const graph = buildGraph(project);
  const selected = selectNodes(project, graph, { select: options.select, exclude: options.exclude, resourceTypes: options.resourceTypes });
  const targetDir = isAbsolute(project.settings.targetPath) ? project.settings.targetPath : join(project.root, project.settings.targetPath);
  const adapter = options.adapter ?? (withAdapter ? await createAdapter(project.target.config, { projectRoot: project.root, projectName: project.settings.name }) : (undefined as unknown as ComputeAdapter));
  return {
    project,
    graph,
    selected,
    targetDir,
    adapter,
    close: async () => {
      if (!options.adapter && withAdapter) await adapter.close();
    },
  };
}
