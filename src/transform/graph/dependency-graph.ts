/**
 * The DAG of a parsed project: sources, models, seeds, snapshots and tests,
 * edges from `dependsOn.nodes`. Parent and child lists are built once; the
 * topological order is Kahn's algorithm with ties broken by unique id, so
 * the same project always yields the same order.
 */
import { FloeError } from '../../errors/index.js';
import type { ParsedProject } from '../types.js';

export interface DependencyGraph {
  /** Every id in the graph (nodes and sources), sorted. */
  readonly ids: readonly string[];
  has(id: string): boolean;
  /** Direct upstream ids, in the order the node depends on them. */
  parents(id: string): string[];
  /** Direct downstream ids, sorted. */
  children(id: string): string[];
  /** All ids, parents before children; ties broken by unique id. */
  topologicalOrder(): string[];
  /** Ids upstream of any of `ids` (a start id appears only if it is upstream of another), up to `depth` steps when given. */
  ancestors(ids: Iterable<string>, depth?: number): Set<string>;
  /** Ids downstream of any of `ids` (same rule), up to `depth` steps when given. */
  descendants(ids: Iterable<string>, depth?: number): Set<string>;
  /** dbt's parent_map / child_map (every id present, possibly with an empty list). */
  parentMap(): Record<string, string[]>;
  childMap(): Record<string, string[]>;
}

/** Build the graph; throws FloeError `FLOE_CYCLE` naming the cycle in order. */
export function buildGraph(project: ParsedProject): DependencyGraph {
  const parentsOf = new Map<string, string[]>();
  const childrenOf = new Map<string, string[]>();
  for (const id of project.sources.keys()) {
    parentsOf.set(id, []);
    childrenOf.set(id, []);
  }
  for (const id of project.nodes.keys()) {
    parentsOf.set(id, []);
    childrenOf.set(id, []);
  }
  for (const node of project.nodes.values()) {
    const parents = parentsOf.get(node.uniqueId) as string[];
    for (const parent of node.dependsOn.nodes) {
      const children = childrenOf.get(parent);
      if (!children || parents.includes(parent)) continue; // unknown ids were reported by the parser
      parents.push(parent);
      children.push(node.uniqueId);
    }
  }
  for (const children of childrenOf.values()) children.sort();
  const ids = [...parentsOf.keys()].sort();
  const order = kahn(ids, parentsOf, childrenOf);
  if (order.length < ids.length) throw cycleError(project, ids, order, parentsOf);
  return new Graph(ids, parentsOf, childrenOf, order);
}

class Graph implements DependencyGraph {
  constructor(
    readonly ids: readonly string[],
    private readonly parentsOf: Map<string, string[]>,
    private readonly childrenOf: Map<string, string[]>,
    private readonly order: string[],
  ) {}

  has(id: string): boolean {
    return this.parentsOf.has(id);
  }
  parents(id: string): string[] {
    return this.parentsOf.get(id) ?? [];
  }
  children(id: string): string[] {
    return this.childrenOf.get(id) ?? [];
  }
  topologicalOrder(): string[] {
    return this.order.slice();
  }
  ancestors(ids: Iterable<string>, depth?: number): Set<string> {
    return walk(ids, this.parentsOf, depth);
  }
  descendants(ids: Iterable<string>, depth?: number): Set<string> {
    return walk(ids, this.childrenOf, depth);
  }
  parentMap(): Record<string, string[]> {
    return Object.fromEntries([...this.parentsOf].map(([id, list]) => [id, list.slice()]));
  }
  childMap(): Record<string, string[]> {
    return Object.fromEntries([...this.childrenOf].map(([id, list]) => [id, list.slice()]));
  }
}

/** Breadth-first from all `start` ids at once, so `depth` means the shortest distance. */
function walk(start: Iterable<string>, edges: Map<string, string[]>, depth?: number): Set<string> {
  const startSet = new Set(start);
  const seen = new Set<string>();
  let frontier = [...startSet];
  for (let level = 0; frontier.length > 0 && (depth === undefined || level < depth); level++) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const neighbour of edges.get(id) ?? []) {
        if (seen.has(neighbour)) continue;
        seen.add(neighbour);
        next.push(neighbour);
      }
    }
    frontier = next;
  }
  return seen;
}

function kahn(ids: string[], parentsOf: Map<string, string[]>, childrenOf: Map<string, string[]>): string[] {
  const remaining = new Map<string, number>();
  const heap = new MinHeap();
  for (const id of ids) {
    const count = (parentsOf.get(id) as string[]).length;
    remaining.set(id, count);
    if (count === 0) heap.push(id);
  }
  const order: string[] = [];
  while (heap.size > 0) {
    const id = heap.pop() as string;
    order.push(id);
    for (const child of childrenOf.get(id) as string[]) {
      const left = (remaining.get(child) as number) - 1;
      remaining.set(child, left);
      if (left === 0) heap.push(child);
    }
  }
  return order;
}

function cycleError(project: ParsedProject, ids: string[], order: string[], parentsOf: Map<string, string[]>): FloeError {
  const done = new Set(order);
  const stuck = new Set(ids.filter((id) => !done.has(id)));
  // Every stuck node has a stuck parent, so walking parents must come back to a node already seen.
  const path: string[] = [];
  const index = new Map<string, number>();
  let current = [...stuck].sort()[0];
  while (!index.has(current)) {
    index.set(current, path.length);
    path.push(current);
    current = (parentsOf.get(current) as string[]).filter((p) => stuck.has(p)).sort()[0];
  }
  // path[i+1] is a parent of path[i]; show it upstream → downstream, starting at the smallest id.
  const cycle = path.slice(index.get(current)).reverse();
  const first = cycle.indexOf([...cycle].sort()[0]);
  const rotated = [...cycle.slice(first), ...cycle.slice(0, first)];
  const text = [...rotated, rotated[0]].join(' → ');
  const firstNode = project.nodes.get(rotated[0]);
  return new FloeError('FLOE_CYCLE', `dependency cycle: ${text}`, {
    position: firstNode ? { file: firstNode.originalFilePath } : undefined,
    hint: 'a model cannot depend on itself through ref(); break the cycle by removing one of these refs',
  });
}

/** A small binary min-heap of strings (ordinal comparison). */
class MinHeap {
  private readonly items: string[] = [];
  get size(): number {
    return this.items.length;
  }
  push(value: string): void {
    const items = this.items;
    items.push(value);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (items[parent] <= items[i]) break;
      [items[parent], items[i]] = [items[i], items[parent]];
      i = parent;
    }
  }
  pop(): string | undefined {
    const items = this.items;
    if (items.length === 0) return undefined;
    const top = items[0];
    const last = items.pop() as string;
    if (items.length > 0) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < items.length && items[left] < items[smallest]) smallest = left;
        if (right < items.length && items[right] < items[smallest]) smallest = right;
        if (smallest === i) break;
        [items[smallest], items[i]] = [items[i], items[smallest]];
        i = smallest;
      }
    }
    return top;
  }
}
