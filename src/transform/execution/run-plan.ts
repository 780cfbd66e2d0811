/**
 * Which selected nodes run, and what each waits for. Pure over the project
 * and graph.
 *
 * - Ephemeral models and unselected nodes do not run; they are transparent:
 *   a node waits for its nearest running ancestors through them (as dbt's
 *   subset graph keeps transitive edges).
 * - `build` semantics: when a test is selected, every non-test node that
 *   depends on all of the test's parents waits for the test too, so a failing
 *   error-severity test skips what is downstream (dbt's `add_test_edges`).
 * - Ready tests go before ready models, so a model's tests run right after it.
 */
import type { ManifestNode, ParsedProject } from '../types.js';
import type { ScheduledTask } from './scheduler.js';
import { isEphemeral } from './ephemeral-materialization.js';

/** The part of the graph the executor reads (the graph module's DependencyGraph has it). */
export interface ExecutionGraph {
  parents(id: string): string[];
  children(id: string): string[];
  topologicalOrder(): string[];
}

export interface RunPlan {
  /** Nodes that run, in topological order. */
  nodes: ManifestNode[];
  tasks: ScheduledTask[];
}

export function planRun(project: ParsedProject, graph: ExecutionGraph, selected: string[]): RunPlan {
  const selectedSet = new Set(selected);
  const order = graph.topologicalOrder();
  const orderIndex = new Map(order.map((id, index) => [id, index]));
  const runs = (id: string): boolean => {
    const node = project.nodes.get(id);
    return node !== undefined && selectedSet.has(id) && !isEphemeral(node) && isExecutable(node);
  };
  const running = [...selectedSet].filter(runs).sort((a, b) => (orderIndex.get(a) ?? 0) - (orderIndex.get(b) ?? 0));

  const nearestCache = new Map<string, Set<string>>();
  /** The running nodes reached from `id`'s parents, walking through nodes that do not run. */
  const nearestRunningAncestors = (id: string): Set<string> => {
    const cached = nearestCache.get(id);
    if (cached) return cached;
    const found = new Set<string>();
    nearestCache.set(id, found); // guards against cycles (the graph module rejects them anyway)
    for (const parent of graph.parents(id)) {
      if (runs(parent)) found.add(parent);
      else for (const ancestor of nearestRunningAncestors(parent)) found.add(ancestor);
    }
    return found;
  };

  const dependencies = new Map<string, Set<string>>(running.map((id) => [id, new Set(nearestRunningAncestors(id))]));

  const descendantsCache = new Map<string, Set<string>>();
  const descendants = (id: string): Set<string> => {
    const cached = descendantsCache.get(id);
    if (cached) return cached;
    const found = new Set<string>();
    const stack = [...graph.children(id)];
    while (stack.length > 0) {
      const next = stack.pop() as string;
      if (found.has(next)) continue;
      found.add(next);
      stack.push(...graph.children(next));
    }
    descendantsCache.set(id, found);
    return found;
  };

  for (const testId of running) {
    const test = project.nodes.get(testId) as ManifestNode;
    if (test.resourceType !== 'test') continue;
    const testParents = graph.parents(testId).filter((parent) => project.nodes.has(parent));
    if (testParents.length === 0) continue;
    const [first, ...rest] = testParents;
    for (const candidate of descendants(first)) {
      if (candidate === testId || !dependencies.has(candidate)) continue;
      if (project.nodes.get(candidate)?.resourceType === 'test') continue;
      if (testParents.includes(candidate)) continue;
      if (rest.every((parent) => descendants(parent).has(candidate))) dependencies.get(candidate)?.add(testId);
    }
  }

  // Unit tests run before their model: they wait for the model's parents, and the model waits for them.
  for (const id of running) {
    const unitTest = project.nodes.get(id)?.unitTest;
    if (!unitTest) continue;
    dependencies.set(id, new Set(nearestRunningAncestors(unitTest.model)));
    dependencies.get(unitTest.model)?.add(id);
  }

  const total = order.length + 1;
  return {
    nodes: running.map((id) => project.nodes.get(id) as ManifestNode),
    tasks: running.map((id) => ({
      id,
      dependencies: [...(dependencies.get(id) ?? [])],
      priority: (isTestLike(project.nodes.get(id)) ? 0 : total) + (orderIndex.get(id) ?? 0),
    })),
  };
}

function isTestLike(node: ManifestNode | undefined): boolean {
  return node?.resourceType === 'test' || node?.resourceType === 'unit_test';
}

/** Resource types this executor runs (analyses and operations are not run as nodes). */
export function isExecutable(node: ManifestNode): boolean {
  return node.resourceType === 'model' || node.resourceType === 'seed' || node.resourceType === 'test' || node.resourceType === 'snapshot' || node.resourceType === 'unit_test';
}
