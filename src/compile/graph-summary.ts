/**
 * The transform graph as the runtime and the UI need it: every node except
 * tests (in topological order) with its dependencies, materialization,
 * relation and the tests that read it; plus counts per resource type.
 */
import { modelTier, type GovernanceTransform } from '../governance/index.js';
import type { DependencyGraph, ParsedProject, RelationRef } from '../transform/index.js';
import type { GraphNodeArtifact, TransformArtifact } from './artifacts-schema.js';

export function summarizeGraph(project: ParsedProject, graph: DependencyGraph, transform: GovernanceTransform): TransformArtifact['graph'] {
  const counts: Record<string, number> = {};
  const nodes: GraphNodeArtifact[] = [];
  const testsOf = (id: string) => graph.children(id).filter((child) => project.nodes.get(child)?.resourceType === 'test');
  for (const id of graph.topologicalOrder()) {
    const node = project.nodes.get(id);
    const source = project.sources.get(id);
    const resourceType = node?.resourceType ?? source?.resourceType;
    if (!resourceType) continue;
    counts[resourceType] = (counts[resourceType] ?? 0) + 1;
    if (node?.resourceType === 'test') continue;
    if (node) {
      const { tier } = node.resourceType === 'model' ? modelTier(node, transform) : {};
      nodes.push({
        unique_id: id,
        resource_type: node.resourceType as GraphNodeArtifact['resource_type'],
        name: node.name,
        original_file_path: node.originalFilePath,
        materialized: node.config.materialized,
        ...(tier ? { tier } : {}),
        ...(node.relation ? { relation: relation(node.relation) } : {}),
        depends_on: [...graph.parents(id)],
        tests: testsOf(id),
      });
    } else if (source) {
      nodes.push({
        unique_id: id,
        resource_type: 'source',
        name: `${source.sourceName}.${source.name}`,
        original_file_path: source.originalFilePath,
        relation: relation(source.relation),
        depends_on: [],
        tests: testsOf(id),
      });
    }
  }
  return { nodes, counts };
}

export function relation(ref: RelationRef): { database?: string; schema: string; identifier: string } {
  return { ...(ref.database ? { database: ref.database } : {}), schema: ref.schema, identifier: ref.identifier };
}
