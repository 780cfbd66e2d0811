/** `manifest.yaml`: the platform team's choices, inherited enterprise → domain. */
import { z } from 'zod';
import { apiVersionSchema, nameSchema, semverSchema } from './common-schemas.js';
import { approvedPluginsSchema, pluginsSchema } from './plugins-schema.js';
import { computeSchema, duckdbConfigSchema, postgresConfigSchema } from './compute-schema.js';
import { governanceSchema } from './governance-schema.js';
import { observabilitySchema } from './observability-schema.js';
import { orchestratorSchema } from './orchestrator-schema.js';
import { DEFAULT_RESOURCE_PRESETS, environmentsSchema, resourcePresetsSchema, servicesSchema } from './platform-services-schema.js';

export const manifestMetadataSchema = z
  .strictObject({
    name: nameSchema.describe('Manifest name, Kubernetes-style (1–63 chars: a-z, 0-9, -).'),
    version: semverSchema.describe('Manifest version (semver), recorded in compiled artifacts.'),
    owner: z.string().min(1).optional().describe('Team or person responsible (e.g. platform-team@example.com).'),
    description: z.string().optional().describe('What this platform is.'),
  })
  .describe('Identity of this manifest.');

export const manifestSchema = z
  .strictObject({
    apiVersion: apiVersionSchema,
    kind: z.literal('Manifest').describe('Always `Manifest` for a platform manifest.'),
    metadata: manifestMetadataSchema,
    scope: z
      .enum(['enterprise', 'domain'])
      .optional()
      .describe('enterprise: the root of an inheritance chain; domain: inherits from an enterprise manifest (needs parent); absent: standalone.'),
    parent: z
      .string()
      .min(1)
      .optional()
      .describe('The parent manifest: a path relative to this file, or an OCI reference oci://registry/name:tag.'),
    plugins: pluginsSchema.default({}),
    compute: computeSchema.prefault({}),
    governance: governanceSchema.default(() => governanceSchema.parse({})),
    observability: observabilitySchema.default(() => observabilitySchema.parse({})),
    orchestrator: orchestratorSchema.default(() => orchestratorSchema.parse({})),
    resource_presets: resourcePresetsSchema.default(DEFAULT_RESOURCE_PRESETS),
    environments: environmentsSchema,
    services: servicesSchema,
    approved_products: z
      .array(nameSchema)
      .optional()
      .describe('Domain scope: the data products allowed to use this manifest. A child manifest may only narrow this list.'),
    approved_plugins: approvedPluginsSchema.optional(),
  })
  .superRefine((manifest, context) => {
    if (manifest.scope === 'domain' && manifest.parent === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['scope'],
        message: 'a domain manifest needs a parent (the enterprise manifest it inherits from)',
        params: { floeCode: 'FLOE_MANIFEST_PARENT_REQUIRED', hint: 'add `parent: ../enterprise/manifest.yaml` (a path relative to this file), or remove `scope: domain` for a standalone manifest' },
      });
    }
    if (manifest.parent !== undefined && manifest.scope !== 'domain') {
      context.addIssue({
        code: 'custom',
        path: ['parent'],
        message: `only a domain manifest has a parent (this one is ${manifest.scope ?? 'standalone'})`,
        params: { floeCode: 'FLOE_MANIFEST_SCOPE', hint: 'set `scope: domain`, or remove `parent`' },
      });
    }
    if (manifest.parent === undefined && manifest.compute.approved.length === 0) {
      context.addIssue({
        code: 'custom',
        path: ['compute'],
        message: 'a manifest without a parent must approve at least one compute (compute.approved)',
        params: { floeCode: 'FLOE_CONFIG_MISSING_KEY', hint: 'add `compute: {approved: [{name: duckdb, type: duckdb}], default: duckdb}`' },
      });
    }
    const approved = manifest.compute.approved.map((target) => target.name);
    if (approved.length > 0) {
      for (const environment of ['dev', 'staging', 'prod'] as const) {
        for (const [name, overlay] of Object.entries(manifest.environments[environment]?.compute ?? {})) {
          const target = manifest.compute.approved.find((candidate) => candidate.name === name);
          const valid = target ? Object.keys((target.type === 'duckdb' ? duckdbConfigSchema : postgresConfigSchema).shape) : [];
          for (const key of target ? Object.keys(overlay.config) : []) {
            if (!valid.includes(key)) {
              context.addIssue({
                code: 'custom',
                path: ['environments', environment, 'compute', name, 'config', key],
                message: `'${key}' is not a ${target?.type} setting (compute '${name}' is ${target?.type})`,
                params: { floeCode: 'FLOE_CONFIG_UNKNOWN_KEY', candidates: valid, atKey: true, hint: `${target?.type} settings: ${valid.join(', ')}` },
              });
            }
          }
          if (!target) {
            context.addIssue({
              code: 'custom',
              path: ['environments', environment, 'compute', name],
              message: `environment ${environment} configures compute '${name}', which is not in compute.approved (${approved.join(', ')})`,
              params: { floeCode: 'FLOE_COMPUTE_NOT_APPROVED', candidates: approved, atKey: true },
            });
          }
        }
      }
    }
  })
  .describe('A floe platform manifest: the stack and rules a platform team chooses for its data products.');

export type Manifest = z.infer<typeof manifestSchema>;
export type ManifestInput = z.input<typeof manifestSchema>;
export type ManifestScope = NonNullable<Manifest['scope']>;
