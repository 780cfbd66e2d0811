/**
 * Building blocks shared by the manifest and product schemas: names,
 * versions, Kubernetes-style resources and secret references.
 */
import { z } from 'zod';

/** Kubernetes-style DNS label: what names must look like to become k8s objects later. */
export const NAME_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** semver.org 2.0.0 (no leading `v`). */
export const SEMVER_PATTERN =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

export const API_VERSION = 'floe.dev/v1';

export const nameSchema = z
  .string()
  .min(1)
  .max(63, 'must be at most 63 characters')
  .regex(NAME_PATTERN, 'must be lowercase letters, digits and "-", starting and ending with a letter or digit (like a Kubernetes name)');

export const semverSchema = z
  .string()
  .regex(SEMVER_PATTERN, 'must be a semantic version such as 1.0.0');

export const apiVersionSchema = z.literal(API_VERSION).describe(`Schema version of this file; always \`${API_VERSION}\`.`);

export const secretSourceSchema = z
  .enum(['env', 'kubernetes', 'file', 'vault'])
  .describe('Where the secret lives at run time: an environment variable, a mounted Kubernetes Secret, a file, or Vault (not supported yet).');

/**
 * A pointer to a secret, never the secret itself. Compile keeps it as is; only
 * the runtime resolves it (see `resolveSecretRef`).
 */
export const secretRefSchema = z
  .strictObject({
    source: secretSourceSchema,
    name: z
      .string()
      .min(1)
      .describe('env: the variable name; file: the file path; kubernetes: the Secret name; vault: the secret path.'),
    key: z
      .string()
      .min(1)
      .optional()
      .describe('The key inside the secret (required for kubernetes: the file name inside the mounted Secret).'),
  })
  .describe('A reference to a secret, resolved only at run time. The value never appears in config, artifacts or logs.')
  .meta({ id: 'SecretRef' });

/** `{secret_ref: {...}}` — usable as the value of any free-form config key. */
export const secretValueSchema = z
  .strictObject({ secret_ref: secretRefSchema })
  .describe('A config value taken from a secret at run time.');

const quantityPattern = /^([0-9]+(\.[0-9]+)?)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;
const quantity = (what: string) =>
  z
    .union([z.string().regex(quantityPattern, 'must be a Kubernetes quantity such as 500m, 2, 512Mi or 4Gi'), z.number().positive()])
    .describe(what);

export const resourceAmountsSchema = z
  .strictObject({
    cpu: quantity('CPU as a Kubernetes quantity (e.g. 500m, 2).').optional(),
    memory: quantity('Memory as a Kubernetes quantity (e.g. 512Mi, 4Gi).').optional(),
  })
  .describe('CPU and memory amounts.')
  .meta({ id: 'ResourceAmounts' });

export const resourcesSchema = z
  .strictObject({
    requests: resourceAmountsSchema.optional().describe('What the scheduler reserves for the container.'),
    limits: resourceAmountsSchema.optional().describe('The most the container may use.'),
  })
  .describe('Kubernetes-style resource requests and limits.')
  .meta({ id: 'Resources' });

export const tierSchema = z.enum(['bronze', 'silver', 'gold']).describe('Medallion layer: bronze (raw), silver (cleaned), gold (business-ready).');

export const environmentNameSchema = z.enum(['dev', 'staging', 'prod']).describe('A deployment environment.');

export type SecretRef = z.infer<typeof secretRefSchema>;
export type SecretSource = z.infer<typeof secretSourceSchema>;
export type Resources = z.infer<typeof resourcesSchema>;
export type Tier = z.infer<typeof tierSchema>;
export type EnvironmentName = z.infer<typeof environmentNameSchema>;
