/** The compute targets a platform approves; data teams pick among them by name. */
import { z } from 'zod';
import { nameSchema, secretRefSchema } from './common-schemas.js';
import { overlayOf } from './overlay-schema.js';

export const COMPUTE_TYPES = ['duckdb', 'postgres'] as const;
export type ComputeType = (typeof COMPUTE_TYPES)[number];

const threads = z.number().int().min(1).max(256).optional().describe('How many models run at once on this compute.');

export const duckdbConfigSchema = z
  .strictObject({
    path: z
      .string()
      .min(1)
      .default('warehouse/floe.duckdb')
      .describe('DuckDB database file, relative to the product directory; `:memory:` for an in-memory database.'),
    schema: z.string().min(1).default('main').describe('Default schema models are built in.'),
    threads,
    memory_limit: z.string().min(1).optional().describe("DuckDB's memory_limit setting, e.g. 4GB."),
  })
  .describe('DuckDB settings.');

export const postgresConfigSchema = z
  .strictObject({
    host: z.string().min(1).describe('Server host name (platform-owned; data teams never see it).'),
    port: z.number().int().min(1).max(65535).default(5432).describe('Server port.'),
    database: z.string().min(1).describe('Database name.'),
    schema: z.string().min(1).default('public').describe('Default schema models are built in.'),
    user: z.string().min(1).optional().describe('User name, when not taken from the connection secret.'),
    sslmode: z
      .enum(['disable', 'prefer', 'require', 'verify-ca', 'verify-full'])
      .optional()
      .describe('TLS mode, as libpq spells it.'),
    threads,
  })
  .describe('PostgreSQL settings. The password comes from `connection_secret_ref`.');

const computeCommon = {
  name: nameSchema.describe('The name data teams use in floe.yaml (`transforms[].compute`).'),
  description: z.string().optional().describe('What this compute is for.'),
  connection_secret_ref: secretRefSchema.optional().describe('Credentials (e.g. the password) for this compute.'),
  resource_preset: z
    .enum(['small', 'medium', 'large'])
    .default('medium')
    .describe('The resource preset (manifest `resource_presets`) of a pipeline job running on this compute.'),
};

export const duckdbComputeSchema = z.strictObject({
  ...computeCommon,
  type: z.literal('duckdb').describe('Embedded DuckDB.'),
  config: duckdbConfigSchema.default({ path: 'warehouse/floe.duckdb', schema: 'main' }),
});

export const postgresComputeSchema = z.strictObject({
  ...computeCommon,
  type: z.literal('postgres').describe('PostgreSQL.'),
  config: postgresConfigSchema,
});

export const computeTargetSchema = z
  .discriminatedUnion('type', [duckdbComputeSchema, postgresComputeSchema])
  .describe('An approved compute target.');

export const computeSchema = z
  .strictObject({
    approved: z
      .array(computeTargetSchema)
      .default([])
      .describe('Compute targets data teams may choose from. A child manifest may only narrow this list.'),
    default: nameSchema.optional().describe('The compute used when a transform names none; defaults to the first approved.'),
  })
  .superRefine((compute, context) => {
    const seen = new Set<string>();
    compute.approved.forEach((target, index) => {
      if (seen.has(target.name)) {
        context.addIssue({
          code: 'custom',
          path: ['approved', index, 'name'],
          message: `compute '${target.name}' is listed twice`,
          params: { floeCode: 'FLOE_CONFIG_DUPLICATE' },
        });
      }
      seen.add(target.name);
    });
    if (compute.default !== undefined && compute.approved.length > 0 && !seen.has(compute.default)) {
      context.addIssue({
        code: 'custom',
        path: ['default'],
        message: `default compute '${compute.default}' is not in compute.approved (${[...seen].join(', ')})`,
        params: { floeCode: 'FLOE_COMPUTE_NOT_APPROVED', candidates: [...seen] },
      });
    }
  })
  // Downstream code always gets a default: the first approved when none is named.
  .transform((compute) => ({ ...compute, default: compute.default ?? compute.approved[0]?.name }))
  .describe('Approved compute targets and the default.');

/** Environment overlay for one compute's config: any key either engine knows, all optional. */
export const computeConfigOverlaySchema = overlayOf(
  z.strictObject({ ...duckdbConfigSchema.shape, ...postgresConfigSchema.shape }),
  'Settings replacing the compute config in this environment (keys of the compute\'s engine).',
);

export type DuckdbConfig = z.infer<typeof duckdbConfigSchema>;
export type PostgresConfig = z.infer<typeof postgresConfigSchema>;
export type ComputeTarget = z.infer<typeof computeTargetSchema>;
export type ComputeSettings = z.infer<typeof computeSchema>;
