/** Plugin selections: one per category, chosen by the platform team. */
import { z } from 'zod';
import { secretRefSchema } from './common-schemas.js';

export const PLUGIN_CATEGORIES = [
  'compute',
  'orchestrator',
  'catalog',
  'storage',
  'semantic_layer',
  'ingestion',
  'secrets',
  'telemetry_backend',
  'lineage_backend',
  'identity',
  'quality',
  'alert_channel',
  'rbac',
  'dbt',
] as const;
export type PluginCategory = (typeof PLUGIN_CATEGORIES)[number];

const pluginTypeSchema = z
  .string()
  .min(1)
  .regex(/^[a-z0-9]([-a-z0-9_.]*[a-z0-9])?$/, 'must be a lowercase plugin type such as duckdb or polaris');

export const pluginSelectionSchema = z
  .strictObject({
    type: pluginTypeSchema.describe('The plugin implementation, e.g. duckdb, dagster, polaris, s3.'),
    version: z.string().min(1).optional().describe('Plugin version constraint, when the plugin is versioned.'),
    config: z
      .record(z.string(), z.unknown())
      .default({})
      .describe('Plugin-specific settings. Secrets go in as `{secret_ref: {...}}` values, never literally.'),
    connection_secret_ref: secretRefSchema.optional().describe('Credentials the plugin connects with.'),
  })
  .describe('One plugin selection.')
  .meta({ id: 'PluginSelection' });

const categoryDescriptions: Record<PluginCategory, string> = {
  compute: 'Where transforms run (e.g. duckdb, postgres).',
  orchestrator: 'What schedules and runs pipelines (e.g. floe).',
  catalog: 'The table catalog (e.g. an Iceberg REST catalog).',
  storage: 'Object storage for table data (e.g. s3, local).',
  semantic_layer: 'The semantic/metrics layer (e.g. cube).',
  ingestion: 'Ingestion tooling (e.g. dlt).',
  secrets: 'The secret store (e.g. kubernetes, env, vault).',
  telemetry_backend: 'Where traces and metrics go (e.g. jaeger, otel-collector).',
  lineage_backend: 'Where OpenLineage events go (e.g. marquez).',
  identity: 'User identity provider (e.g. oidc).',
  quality: 'Data quality tooling (e.g. dbt-tests, great-expectations).',
  alert_channel: 'Where alerts are sent (e.g. slack, email, webhook).',
  rbac: 'Access control (e.g. kubernetes).',
  dbt: 'The dbt-compatible transform engine (e.g. floe).',
};

export const pluginsSchema = z
  .strictObject(
    Object.fromEntries(
      PLUGIN_CATEGORIES.map((category) => [category, pluginSelectionSchema.optional().describe(categoryDescriptions[category])]),
    ) as Record<PluginCategory, z.ZodOptional<typeof pluginSelectionSchema>>,
  )
  .describe('The plugin chosen for each category.');

export const approvedPluginsSchema = z
  .strictObject(
    Object.fromEntries(
      PLUGIN_CATEGORIES.map((category) => [
        category,
        z.array(pluginTypeSchema).optional().describe(`Plugin types allowed for ${category}.`),
      ]),
    ) as Record<PluginCategory, z.ZodOptional<z.ZodArray<typeof pluginTypeSchema>>>,
  )
  .describe('Enterprise scope: the plugin types each category may use. A child manifest may only narrow these lists.');

export type PluginSelection = z.infer<typeof pluginSelectionSchema>;
export type Plugins = z.infer<typeof pluginsSchema>;
export type ApprovedPlugins = z.infer<typeof approvedPluginsSchema>;
