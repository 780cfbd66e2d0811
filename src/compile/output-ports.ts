/**
 * Output ports → the model each publishes and the relation consumers read.
 * A port must name an enabled, non-ephemeral model of one of the transforms.
 */
import { didYouMean, FloeError, type SourcePosition } from '../errors/index.js';
import type { DataProduct } from '../config/index.js';
import type { GovernanceProject } from '../governance/index.js';
import type { OutputPortArtifact } from './artifacts-schema.js';
import { relation } from './graph-summary.js';

export function resolveOutputPorts(
  product: DataProduct,
  transforms: ReadonlyArray<GovernanceProject>,
  locate: (path: Array<string | number>) => SourcePosition | undefined,
): { ports: OutputPortArtifact[]; errors: FloeError[] } {
  const ports: OutputPortArtifact[] = [];
  const errors: FloeError[] = [];
  const allModels = transforms.flatMap(({ transform, project }) =>
    [...project.nodes.values()].filter((node) => node.resourceType === 'model').map((node) => ({ node, transform })),
  );
  product.output_ports.forEach((port, index) => {
    const found = allModels.find((candidate) => candidate.node.name === port.model);
    if (!found) {
      errors.push(
        new FloeError('FLOE_OUTPUT_PORT_MODEL', `output port '${port.name}' publishes model '${port.model}', which no transform defines`, {
          position: locate(['output_ports', index, 'model']),
          hint: didYouMean(port.model, allModels.map((candidate) => candidate.node.name)) || 'name a model of one of the transforms (its file name without .sql)',
        }),
      );
      return;
    }
    const { node, transform } = found;
    if (!node.relation || node.config.materialized === 'ephemeral') {
      errors.push(
        new FloeError('FLOE_OUTPUT_PORT_EPHEMERAL', `output port '${port.name}' publishes model '${port.model}', which is ephemeral and has no table`, {
          position: locate(['output_ports', index, 'model']),
          hint: `materialize '${port.model}' as a table or view (config(materialized='table'))`,
        }),
      );
      return;
    }
    const published = relation(node.relation);
    ports.push({
      name: port.name,
      model: port.model,
      transform: transform.name ?? transform.path,
      node: node.uniqueId,
      ...(port.description ? { description: port.description } : {}),
      relation: port.schema ? { ...published, schema: port.schema } : published,
    });
  });
  return { ports, errors };
}
