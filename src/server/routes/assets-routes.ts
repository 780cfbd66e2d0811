/**
 * /api/v1/products/{name}/assets: every node a product builds (models,
 * seeds, snapshots) as an asset — the last run that reached it, its last
 * successful materialization and the rows it wrote — and one asset's history
 * across runs. Read from the steps runs recorded; nothing is kept elsewhere.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { STEP_STATUSES, type NodeStep, type StepStatus } from '../../orchestrator/index.js';
import { limitQuerySchema } from '../schemas/common-schemas.js';
import { assetHistorySchema, assetListSchema } from '../schemas/product-schemas.js';
import { productGraphOf, relationText } from './product-graph.js';
import { requireProduct, requireVersion, versionQuerySchema } from './products-routes.js';
import { route } from './route-docs.js';

/** Node kinds that build something in the warehouse. */
const ASSET_TYPES = new Set(['model', 'seed', 'snapshot']);
/** A step that was reached (PENDING only means the run planned it). */
const REACHED: StepStatus[] = STEP_STATUSES.filter((status) => status !== 'PENDING');

function assetStep(step: NodeStep | undefined) {
  if (!step) return null;
  return {
    runId: step.runId,
    status: step.status,
    runStatus: step.runStatus,
    environment: step.environment,
    productVersion: step.productVersion,
    runCreatedAt: step.runCreatedAt,
    startedAt: step.startedAt,
    finishedAt: step.finishedAt,
    durationMs: step.durationMs,
    rowsAffected: step.rowsAffected,
    message: step.message,
    error: step.error,
    relation: step.relation,
  };
}

export const assetsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { store } = app.floe;

  app.get(
    '/products/:name/assets',
    route('viewer', { operationId: 'listAssets', tag: 'assets', summary: 'A product’s assets: last materialization, status and rows per node', errors: [400, 404] }, {
      params: z.strictObject({ name: z.string().min(1).max(200).describe('The product name.') }),
      querystring: versionQuerySchema,
      response: { 200: assetListSchema },
    }),
    async (request) => {
      const product = await requireProduct(store, request.params.name);
      const version = await requireVersion(store, product, request.query);
      const artifacts = await store.products.getVersionArtifacts(product.name, version.digest);
      const graph = productGraphOf(artifacts ?? {});
      const environment = request.query.environment;
      const nodes = graph.transforms.flatMap((transform) => transform.nodes.filter((node) => ASSET_TYPES.has(node.resourceType)).map((node) => ({ node, transform: transform.name })));
      const assets = await Promise.all(
        nodes.map(async ({ node, transform }) => {
          const query = { product: product.name, uniqueId: node.uniqueId, limit: 1, ...(environment ? { environment } : {}) };
          const [[lastRun], [lastMaterialization]] = await Promise.all([store.listNodeSteps({ ...query, status: REACHED }), store.listNodeSteps({ ...query, status: 'SUCCESS' })]);
          return {
            uniqueId: node.uniqueId,
            name: node.name,
            resourceType: node.resourceType,
            transform,
            materialized: node.materialized,
            relation: relationText(node.relation),
            status: lastRun?.status ?? null,
            lastRun: assetStep(lastRun),
            lastMaterialization: assetStep(lastMaterialization),
            rows: lastMaterialization?.rowsAffected ?? null,
          };
        }),
      );
      return { product: product.name, version, assets };
    },
  );

  app.get(
    '/products/:name/assets/:uniqueId/history',
    route('viewer', { operationId: 'getAssetHistory', tag: 'assets', summary: 'One asset’s history across runs, newest first', errors: [400, 404] }, {
      params: z.strictObject({ name: z.string().min(1).max(200).describe('The product name.'), uniqueId: z.string().min(1).max(500).describe('The node’s unique id, e.g. model.shop.orders.') }),
      querystring: z.strictObject({
        environment: z.string().min(1).max(63).optional().describe('Only runs in this environment.'),
        status: z.enum(STEP_STATUSES).optional().describe('Only steps with this status (SUCCESS: its materializations).'),
        limit: limitQuerySchema(20, 1000),
        cursor: z.uuid().optional().describe('The `nextCursor` of the previous page.'),
      }),
      response: { 200: assetHistorySchema },
    }),
    async (request) => {
      const product = await requireProduct(store, request.params.name);
      const { environment, status, limit, cursor } = request.query;
      const steps = await store.listNodeSteps({
        product: product.name,
        uniqueId: request.params.uniqueId,
        limit: limit + 1,
        status: status ?? REACHED,
        ...(environment ? { environment } : {}),
        ...(cursor ? { before: cursor } : {}),
      });
      const page = steps.slice(0, limit);
      return { product: product.name, uniqueId: request.params.uniqueId, history: page.map((step) => assetStep(step)!), nextCursor: steps.length > limit ? page[page.length - 1].runId : null };
    },
  );
};
