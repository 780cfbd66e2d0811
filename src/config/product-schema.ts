/** `floe.yaml`: a data team's product. Logical names only — no hosts, no credentials. */
import { Cron } from 'croner';
import { z } from 'zod';
import { apiVersionSchema, nameSchema, semverSchema, tierSchema } from './common-schemas.js';

export const productMetadataSchema = z
  .strictObject({
    name: nameSchema.describe('Product name, Kubernetes-style (1–63 chars: a-z, 0-9, -).'),
    version: semverSchema.describe('Product version (semver).'),
    owner: z.string().min(1).optional().describe('Team or person responsible (e.g. analytics@example.com).'),
    description: z.string().optional().describe('What this product provides.'),
    labels: z.record(z.string(), z.string()).default({}).describe('Free-form key/value labels.'),
  })
  .describe('Identity of this data product.');

export const platformReferenceSchema = z
  .strictObject({
    manifest: z
      .string()
      .min(1)
      .describe('The platform manifest: a path relative to floe.yaml, or an OCI reference oci://registry/name:tag.'),
    version: semverSchema.optional().describe('The manifest version this product expects; compile fails when it differs.'),
  })
  .describe('Which platform manifest this product is built against.');

export const transformSchema = z
  .strictObject({
    name: nameSchema.optional().describe('Step name; defaults to the project folder name.'),
    type: z.literal('dbt').default('dbt').describe('Transform kind; `dbt` (a dbt-format SQL project).'),
    path: z.string().min(1).describe('The SQL project folder, relative to floe.yaml.'),
    compute: nameSchema.optional().describe("An approved compute's name from the manifest; the manifest's default when absent."),
    tier: tierSchema.optional(),
    tags: z.array(z.string().min(1)).default([]).describe('Tags for selecting and grouping.'),
    select: z.array(z.string().min(1)).optional().describe('Node selection (dbt syntax) to run; everything when absent.'),
    exclude: z.array(z.string().min(1)).optional().describe('Node selection (dbt syntax) to leave out.'),
  })
  .describe('One transform step. Steps run in the order listed.');

export const scheduleSchema = z
  .strictObject({
    cron: z.string().min(1).describe('When to run, as a cron expression (e.g. `0 6 * * *`).'),
    timezone: z.string().min(1).default('UTC').describe('IANA time zone the cron expression is read in.'),
    enabled: z.boolean().default(true).describe('Whether the schedule is active.'),
    catch_up: z
      .enum(['skip', 'latest'])
      .default('latest')
      .describe('Ticks missed while no daemon ran: `latest` runs only the most recent one, `skip` runs none.'),
  })
  .superRefine((schedule, context) => {
    let validZone = true;
    try {
      new Intl.DateTimeFormat('en', { timeZone: schedule.timezone });
    } catch {
      validZone = false;
      context.addIssue({ code: 'custom', path: ['timezone'], message: `unknown time zone '${schedule.timezone}' (use an IANA name such as Europe/Berlin)` });
    }
    try {
      // No callback: croner only parses, it starts no timer.
      new Cron(schedule.cron, validZone ? { timezone: schedule.timezone } : {});
    } catch (error) {
      context.addIssue({ code: 'custom', path: ['cron'], message: `not a valid cron expression: ${(error as Error).message}` });
    }
  })
  .describe('When the product runs.');

export const outputPortSchema = z
  .strictObject({
    name: nameSchema.describe('Port name other products refer to.'),
    model: z.string().min(1).describe('The model whose table this port publishes.'),
    schema: z.string().min(1).optional().describe('Schema the table is published in.'),
    description: z.string().optional().describe('What consumers get.'),
  })
  .describe('A table other products may read: part of the public contract.');

export const inputPortSchema = z
  .strictObject({
    product: z
      .string()
      .regex(/^([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a product name, or <domain>.<name>')
      .describe('The producing product, as <domain>.<name> or a name in the same domain.'),
    port: nameSchema.describe('The output port of that product.'),
  })
  .describe("Another product's output port this product reads.");

function uniqueNames(items: Array<{ name?: string }>, what: string, key: string, context: z.RefinementCtx): void {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    if (item.name === undefined) return;
    if (seen.has(item.name)) {
      context.addIssue({
        code: 'custom',
        path: [key, index, 'name'],
        message: `${what} '${item.name}' is defined twice`,
        params: { floeCode: 'FLOE_CONFIG_DUPLICATE' },
      });
    }
    seen.add(item.name);
  });
}

export const productSchema = z
  .strictObject({
    apiVersion: apiVersionSchema,
    kind: z.literal('DataProduct').describe('Always `DataProduct` for a floe.yaml.'),
    metadata: productMetadataSchema,
    domain: nameSchema.optional().describe('The data-mesh domain this product belongs to.'),
    platform: platformReferenceSchema,
    transforms: z.array(transformSchema).min(1, 'a product needs at least one transform').describe('Transform steps, run in order.'),
    schedule: scheduleSchema.optional(),
    output_ports: z.array(outputPortSchema).default([]).describe("The product's published tables."),
    input_ports: z.array(inputPortSchema).default([]).describe("Other products' output ports this product depends on."),
  })
  .superRefine((product, context) => {
    uniqueNames(product.transforms, 'transform', 'transforms', context);
    uniqueNames(product.output_ports, 'output port', 'output_ports', context);
  })
  .describe('A floe data product: what a data team builds, named in logical terms only.');

export type DataProduct = z.infer<typeof productSchema>;
export type DataProductInput = z.input<typeof productSchema>;
export type Transform = z.infer<typeof transformSchema>;
export type Schedule = z.infer<typeof scheduleSchema>;
export type OutputPort = z.infer<typeof outputPortSchema>;
export type InputPort = z.infer<typeof inputPortSchema>;
