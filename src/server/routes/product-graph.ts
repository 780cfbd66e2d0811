/**
 * A registered version's compiled artifacts as the API shows them: the node
 * graph of each transform, the schedule and the ports, in camelCase. Read
 * leniently: the artifacts were validated when the bundle was registered, and
 * a field a newer contract adds must not break an older webserver.
 */
import { z } from 'zod';
import type { JsonObject } from '../../orchestrator/index.js';

const relation = z.object({ database: z.string().optional(), schema: z.string(), identifier: z.string() });

const artifactsView = z.object({
  identity: z.object({ owner: z.string().optional() }).loose(),
  transforms: z.array(
    z
      .object({
        name: z.string(),
        project_name: z.string(),
        compute: z.object({ name: z.string(), type: z.string() }).loose(),
        graph: z.object({
          nodes: z.array(
            z
              .object({
                unique_id: z.string(),
                resource_type: z.string(),
                name: z.string(),
                original_file_path: z.string(),
                materialized: z.string().optional(),
                tier: z.string().optional(),
                relation: relation.optional(),
                depends_on: z.array(z.string()),
                tests: z.array(z.string()),
              })
              .loose(),
          ),
          counts: z.record(z.string(), z.number()),
        }),
      })
      .loose(),
  ),
  schedule: z.object({ cron: z.string(), timezone: z.string(), enabled: z.boolean(), catch_up: z.enum(['skip', 'latest']).optional() }).loose().optional(),
  output_ports: z.array(z.object({ name: z.string(), node: z.string(), relation, description: z.string().optional() }).loose()).default([]),
  input_ports: z.array(z.object({ product: z.string(), port: z.string() }).loose()).default([]),
});

export interface GraphNodeView {
  uniqueId: string;
  resourceType: string;
  name: string;
  originalFilePath: string;
  materialized: string | null;
  tier: string | null;
  relation: z.infer<typeof relation> | null;
  dependsOn: string[];
  tests: string[];
}

export interface ProductGraphView {
  owner: string | null;
  transforms: Array<{ name: string; projectName: string; compute: { name: string; type: string }; nodes: GraphNodeView[]; counts: Record<string, number> }>;
  schedule: { cron: string; timezone: string; enabled: boolean; catchUp: 'skip' | 'latest' } | null;
  outputPorts: Array<{ name: string; node: string; relation: z.infer<typeof relation>; description: string | null }>;
  inputPorts: Array<{ product: string; port: string }>;
}

export function productGraphOf(artifacts: JsonObject): ProductGraphView {
  const view = artifactsView.parse(artifacts);
  return {
    owner: view.identity.owner ?? null,
    transforms: view.transforms.map((transform) => ({
      name: transform.name,
      projectName: transform.project_name,
      compute: { name: transform.compute.name, type: transform.compute.type },
      nodes: transform.graph.nodes.map((node) => ({
        uniqueId: node.unique_id,
        resourceType: node.resource_type,
        name: node.name,
        originalFilePath: node.original_file_path,
        materialized: node.materialized ?? null,
        tier: node.tier ?? null,
        relation: node.relation ?? null,
        dependsOn: node.depends_on,
        tests: node.tests,
      })),
      counts: transform.graph.counts,
    })),
    schedule: view.schedule ? { cron: view.schedule.cron, timezone: view.schedule.timezone, enabled: view.schedule.enabled, catchUp: view.schedule.catch_up ?? 'latest' } : null,
    outputPorts: view.output_ports.map((port) => ({ name: port.name, node: port.node, relation: port.relation, description: port.description ?? null })),
    inputPorts: view.input_ports.map((port) => ({ product: port.product, port: port.port })),
  };
}

/** `schema.identifier`, the way steps record the relation they built. */
export function relationText(value: z.infer<typeof relation> | null): string | null {
  return value ? [value.database, value.schema, value.identifier].filter(Boolean).join('.') : null;
}
