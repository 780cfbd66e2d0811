/** Resource presets, platform services and per-environment overlays. */
import { z } from 'zod';
import { nameSchema, resourcesSchema } from './common-schemas.js';
import { computeConfigOverlaySchema } from './compute-schema.js';
import { observabilityOverlaySchema } from './observability-schema.js';
import { overlayOf } from './overlay-schema.js';
import { orchestratorEndpointSchema } from './webserver-schema.js';

export const RESOURCE_PRESET_NAMES = ['small', 'medium', 'large'] as const;
export type ResourcePresetName = (typeof RESOURCE_PRESET_NAMES)[number];

const preset = (name: ResourcePresetName) => resourcesSchema.describe(`Resources of a ${name} job.`);

export const DEFAULT_RESOURCE_PRESETS = {
  small: { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } },
  medium: { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '2', memory: '4Gi' } },
  large: { requests: { cpu: '2', memory: '4Gi' }, limits: { cpu: '4', memory: '16Gi' } },
};

export const resourcePresetsSchema = z
  .strictObject({
    small: preset('small').default(DEFAULT_RESOURCE_PRESETS.small),
    medium: preset('medium').default(DEFAULT_RESOURCE_PRESETS.medium),
    large: preset('large').default(DEFAULT_RESOURCE_PRESETS.large),
  })
  .describe('Resource presets for pipeline jobs.');

export const ingressSchema = z
  .strictObject({
    enabled: z.boolean().default(false).describe('Expose the service through an ingress.'),
    host: z.string().min(1).optional().describe('Host name the ingress answers on.'),
  })
  .describe('Ingress of a service.');

export const serviceSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe('Deploy this service.'),
    replicas: z.number().int().min(0).default(1).describe('How many copies run.'),
    resources: z
      .union([z.enum(RESOURCE_PRESET_NAMES), resourcesSchema])
      .optional()
      .describe('A preset name (small, medium, large) or explicit requests/limits.'),
    ingress: ingressSchema.optional(),
  })
  .describe('One platform service (the source of its Helm values).')
  .meta({ id: 'Service' });

export const servicesSchema = z
  .record(nameSchema, serviceSchema)
  .default({})
  .describe('Platform services by name (e.g. orchestrator-webserver, orchestrator-daemon, state-store).');

export const environmentOverlaySchema = z
  .strictObject({
    observability: observabilityOverlaySchema.optional(),
    compute: z
      .record(nameSchema, z.strictObject({ config: computeConfigOverlaySchema.describe('Config keys replaced in this environment.') }))
      .optional()
      .describe('Per approved compute (by name): config replaced in this environment.'),
    services: z
      .record(nameSchema, overlayOf(serviceSchema, 'Service settings replaced in this environment.'))
      .optional()
      .describe('Per service: settings replaced in this environment (replicas, resources, ingress).'),
    resource_presets: z
      .strictObject({ small: preset('small').optional(), medium: preset('medium').optional(), large: preset('large').optional() })
      .optional()
      .describe('Resource presets replaced in this environment.'),
    orchestrator: orchestratorEndpointSchema.optional(),
  })
  .describe('Settings that differ in one environment. The same floe.yaml runs unchanged in all of them.')
  .meta({ id: 'EnvironmentOverlay' });

export const environmentsSchema = z
  .strictObject({
    dev: environmentOverlaySchema.optional().describe('Overlay for dev.'),
    staging: environmentOverlaySchema.optional().describe('Overlay for staging.'),
    prod: environmentOverlaySchema.optional().describe('Overlay for prod.'),
  })
  .default({})
  .describe('Per-environment overlays.');

export type ResourcePresets = z.infer<typeof resourcePresetsSchema>;
export type Service = z.infer<typeof serviceSchema>;
export type EnvironmentOverlay = z.infer<typeof environmentOverlaySchema>;
