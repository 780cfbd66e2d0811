/** The API's view of registered products, their versions, their node graph and their assets. */
import { z } from 'zod';
import { CATCH_UP_POLICIES } from '../../orchestrator/index.js';
import { nextCursorSchema, timestampSchema } from './common-schemas.js';
import { runStatusSchema, stepStatusSchema } from './run-schemas.js';

export const productVersionSchema = z
  .object({
    sequence: z.number().int().describe('Increases with every registration: newer versions have larger ones.'),
    product: z.string().describe('The product.'),
    version: z.string().describe('Its version from floe.yaml.'),
    digest: z.string().describe('The bundle’s content address (sha256:…).'),
    environment: z.string().describe('The environment its artifacts were compiled for.'),
    artifactsHash: z.string().describe('sha256 of the compiled artifacts inside the bundle.'),
    sizeBytes: z.number().int().describe('The bundle’s size.'),
    registeredAt: timestampSchema.describe('When it was registered.'),
    registeredBy: z.string().nullable().describe('Who registered it (a token name), when known.'),
  })
  .describe('One registered version of a product: a bundle compiled for one environment.')
  .meta({ id: 'ProductVersion' });

export const productSummarySchema = z
  .object({
    name: z.string().describe('The product name.'),
    productId: z.string().describe('<domain>.<name>, or the name without a domain.'),
    domain: z.string().nullable().describe('Its data-mesh domain.'),
    createdAt: timestampSchema.describe('When it was first registered.'),
    updatedAt: timestampSchema.describe('When a version was last registered.'),
    latest: productVersionSchema.describe('The most recently registered version.'),
    versionCount: z.number().int().describe('How many versions are registered.'),
  })
  .describe('A registered product.')
  .meta({ id: 'ProductSummary' });

export const productListSchema = z.object({ products: z.array(productSummarySchema).describe('By name.') }).describe('Registered products.').meta({ id: 'ProductList' });

export const productVersionListSchema = z
  .object({ versions: z.array(productVersionSchema).describe('Newest first.'), nextCursor: nextCursorSchema })
  .describe('A page of a product’s versions.')
  .meta({ id: 'ProductVersionList' });

export const registeredVersionSchema = z
  .object({
    created: z.boolean().describe('False when this digest was already registered: nothing changed.'),
    version: productVersionSchema,
  })
  .describe('The outcome of registering a bundle.')
  .meta({ id: 'RegisteredVersion' });

export const relationSchema = z
  .object({ database: z.string().optional().describe('Database or catalog.'), schema: z.string().describe('Schema.'), identifier: z.string().describe('Table or view name.') })
  .describe('Where a node lives in the warehouse.')
  .meta({ id: 'Relation' });

export const graphNodeSchema = z
  .object({
    uniqueId: z.string().describe('e.g. model.shop.gold_orders.'),
    resourceType: z.string().describe('model, seed, snapshot, source, analysis or operation.'),
    name: z.string().describe('The node name.'),
    originalFilePath: z.string().describe('The file defining it, relative to its project.'),
    materialized: z.string().nullable().describe('view, table, incremental, ephemeral, seed, …; null for sources.'),
    tier: z.string().nullable().describe('bronze, silver or gold, when one applies.'),
    relation: relationSchema.nullable().describe('Where it lives (null for ephemeral models).'),
    dependsOn: z.array(z.string()).describe('Unique ids of its direct upstream nodes.'),
    tests: z.array(z.string()).describe('Unique ids of the tests covering it.'),
  })
  .describe('A node of a transform graph (tests are listed under the nodes they cover).')
  .meta({ id: 'GraphNode' });

export const productTransformSchema = z
  .object({
    name: z.string().describe('The transform step.'),
    projectName: z.string().describe('Its dbt project’s name.'),
    compute: z.object({ name: z.string().describe('The approved compute.'), type: z.string().describe('Its engine.') }).describe('Where it runs.'),
    nodes: z.array(graphNodeSchema).describe('In topological order.'),
    counts: z.record(z.string(), z.number()).describe('Nodes per resource type, tests included.'),
  })
  .describe('One transform step of a product, with its node graph.')
  .meta({ id: 'ProductTransform' });

export const productDetailSchema = z
  .object({
    product: productSummarySchema,
    version: productVersionSchema.describe('The version shown (the newest, or the one asked for).'),
    owner: z.string().nullable().describe('The owning team or person.'),
    transforms: z.array(productTransformSchema).describe('In run order.'),
    schedule: z
      .object({ cron: z.string().describe('Cron expression.'), timezone: z.string().describe('IANA time zone.'), enabled: z.boolean().describe('Whether it is active.'), catchUp: z.enum(CATCH_UP_POLICIES).describe('Missed ticks: skip, or run the latest.') })
      .nullable()
      .describe('When the product runs; null when unscheduled.'),
    outputPorts: z
      .array(z.object({ name: z.string().describe('Port name.'), node: z.string().describe('The model’s unique id.'), relation: relationSchema, description: z.string().nullable().describe('What consumers get.') }))
      .describe('The tables it publishes.'),
    inputPorts: z.array(z.object({ product: z.string().describe('The producing product.'), port: z.string().describe('Its output port.') })).describe('Other products’ ports it reads.'),
  })
  .describe('A product, one of its versions, and its node graph.')
  .meta({ id: 'ProductDetail' });

export const assetStepSchema = z
  .object({
    runId: z.string().describe('The run.'),
    status: stepStatusSchema,
    runStatus: runStatusSchema,
    environment: z.string().describe('The run’s environment.'),
    productVersion: z.string().nullable().describe('The version the run ran.'),
    runCreatedAt: timestampSchema.describe('When the run was queued.'),
    startedAt: timestampSchema.nullable().describe('When the node started.'),
    finishedAt: timestampSchema.nullable().describe('When the node finished.'),
    durationMs: z.number().nullable().describe('How long it took.'),
    rowsAffected: z.number().nullable().describe('Rows written.'),
    message: z.string().nullable().describe('The adapter’s message.'),
    error: z.string().nullable().describe('Why it failed.'),
    relation: z.string().nullable().describe('The relation it built.'),
  })
  .describe('A node in one run.')
  .meta({ id: 'AssetStep' });

export const assetSchema = z
  .object({
    uniqueId: z.string().describe('The node.'),
    name: z.string().describe('Its name.'),
    resourceType: z.string().describe('model, seed, snapshot, …'),
    transform: z.string().describe('The transform step it belongs to.'),
    materialized: z.string().nullable().describe('Its materialization.'),
    relation: z.string().nullable().describe('Where it lives, e.g. main.orders.'),
    status: stepStatusSchema.nullable().describe('Its status in the last run that reached it; null when none did.'),
    lastRun: assetStepSchema.nullable().describe('The last run that reached it (any outcome).'),
    lastMaterialization: assetStepSchema.nullable().describe('The last run that built it successfully.'),
    rows: z.number().nullable().describe('Rows written by its last materialization.'),
  })
  .describe('One node of a product as an asset: its last materialization and status.')
  .meta({ id: 'Asset' });

export const assetListSchema = z
  .object({ product: z.string().describe('The product.'), version: productVersionSchema.describe('The version whose graph lists the assets.'), assets: z.array(assetSchema).describe('In run order.') })
  .describe('A product’s assets.')
  .meta({ id: 'AssetList' });

export const assetHistorySchema = z
  .object({ product: z.string().describe('The product.'), uniqueId: z.string().describe('The node.'), history: z.array(assetStepSchema).describe('Newest run first.'), nextCursor: nextCursorSchema })
  .describe('A page of one asset’s history.')
  .meta({ id: 'AssetHistory' });
