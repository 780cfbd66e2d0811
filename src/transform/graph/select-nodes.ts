/**
 * `--select` / `--exclude` → the unique ids to act on, in topological order.
 * Unions and intersections as dbt; tests come along with the nodes they test
 * (dbt's indirect selection, `eager` by default: a test is selected when any
 * node it depends on is selected); exclusion is applied last.
 */
import { FloeError } from '../../errors/index.js';
import type { ParsedProject, ResourceType } from '../types.js';
import type { DependencyGraph } from './dependency-graph.js';
import { selectorMethods, type Selectable } from './selector-methods.js';
import { parseSelectorArgument, type SelectorAtom } from './selector-syntax.js';

export type IndirectSelection = 'eager' | 'cautious' | 'buildable' | 'empty';

export interface SelectionOptions {
  /** Each element is one CLI argument; empty/undefined selects everything. */
  select?: string[];
  exclude?: string[];
  /**
   * Keep only these resource types. Undefined keeps every executable type
   * (everything but sources); include 'source' to list sources (`floe ls`).
   */
  resourceTypes?: ResourceType[];
  /** dbt's --indirect-selection (default `eager`). */
  indirectSelection?: IndirectSelection;
  /** Called for non-fatal problems, e.g. a selector that matches nothing. */
  onWarning?: (warning: FloeError) => void;
}

export function selectNodes(project: ParsedProject, graph: DependencyGraph, options: SelectionOptions = {}): string[] {
  const candidates: Selectable[] = [...project.sources.values(), ...project.nodes.values()];
  const indirect = options.indirectSelection ?? 'eager';
  const evaluate = (argument: string): Set<string> => {
    const result = new Set<string>();
    for (const intersection of parseSelectorArgument(argument)) {
      let combined: Set<string> | undefined;
      for (const atom of intersection) {
        const matched = evaluateAtom(atom, candidates, graph, options.onWarning);
        combined = combined === undefined ? matched : new Set([...combined].filter((id) => matched.has(id)));
      }
      for (const id of combined ?? []) result.add(id);
    }
    return result;
  };

  let selected: Set<string>;
  const select = (options.select ?? []).filter((argument) => argument.trim() !== '');
  if (select.length === 0) selected = new Set(graph.ids);
  else {
    selected = new Set();
    for (const argument of select) for (const id of evaluate(argument)) selected.add(id);
  }
  addIndirectTests(selected, project, graph, indirect);

  const exclude = (options.exclude ?? []).filter((argument) => argument.trim() !== '');
  if (exclude.length > 0) {
    const excluded = new Set<string>();
    for (const argument of exclude) for (const id of evaluate(argument)) excluded.add(id);
    addIndirectTests(excluded, project, graph, indirect === 'empty' ? 'empty' : 'eager');
    for (const id of excluded) selected.delete(id);
  }

  const types = options.resourceTypes ? new Set<ResourceType>(options.resourceTypes) : undefined;
  return graph.topologicalOrder().filter((id) => {
    if (!selected.has(id)) return false;
    const type: ResourceType = project.nodes.get(id)?.resourceType ?? 'source';
    return types ? types.has(type) : type !== 'source';
  });
}

function evaluateAtom(atom: SelectorAtom, candidates: Selectable[], graph: DependencyGraph, onWarning: SelectionOptions['onWarning']): Set<string> {
  const method = selectorMethods[atom.method];
  const matched = new Set<string>();
  for (const candidate of candidates) if (method(atom, candidate)) matched.add(candidate.uniqueId);
  if (matched.size === 0) {
    onWarning?.(
      new FloeError('FLOE_SELECTOR_NO_MATCH', `the selector '${atom.text}' does not match any node`, {
        severity: 'warning',
        hint: atom.method === 'fqn' ? 'a bare name matches a model/seed/test name or a folder path like staging.orders' : undefined,
      }),
    );
    return matched;
  }
  const result = new Set(matched);
  if (atom.childrensParents) {
    const descendants = graph.descendants(matched);
    for (const id of descendants) result.add(id);
    for (const id of graph.ancestors(result)) result.add(id);
    return result;
  }
  if (atom.parentsDepth !== undefined) {
    for (const id of graph.ancestors(matched, depthLimit(atom.parentsDepth))) result.add(id);
  }
  if (atom.childrenDepth !== undefined) {
    for (const id of graph.descendants(matched, depthLimit(atom.childrenDepth))) result.add(id);
  }
  return result;
}

function depthLimit(depth: number): number | undefined {
  return depth === Infinity ? undefined : depth;
}

/** Add the tests whose dependencies are in `selected`, per the indirect-selection mode. */
function addIndirectTests(selected: Set<string>, project: ParsedProject, graph: DependencyGraph, mode: IndirectSelection): void {
  if (mode === 'empty' || selected.size === 0) return;
  let buildable: Set<string> | undefined;
  const candidates = new Set<string>();
  for (const id of selected) for (const child of graph.children(id)) if (!selected.has(child) && (project.nodes.get(child)?.resourceType === 'test' || project.nodes.get(child)?.resourceType === 'unit_test')) candidates.add(child);
  for (const testId of candidates) {
    const parents = graph.parents(testId);
    let include: boolean;
    if (mode === 'eager') include = true;
    else if (mode === 'cautious') include = parents.every((parent) => selected.has(parent));
    else {
      buildable ??= new Set([...selected, ...graph.ancestors(selected)]);
      const known = buildable;
      include = parents.every((parent) => known.has(parent));
    }
    if (include) selected.add(testId);
  }
}
