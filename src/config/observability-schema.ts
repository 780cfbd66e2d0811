/** Traces, lineage, logs and sampling. Endpoints live here, never in floe.yaml. */
import { z } from 'zod';
import { secretRefSchema } from './common-schemas.js';
import { overlayOf } from './overlay-schema.js';

const endpoint = z.string().url().describe('URL of the receiving endpoint.');
const ratio = z.number().min(0).max(1);

export const tracingSchema = z
  .strictObject({
    enabled: z.boolean().default(false).describe('Emit OpenTelemetry traces.'),
    exporter: z.enum(['otlp', 'console', 'none']).default('none').describe('Where spans go.'),
    endpoint: endpoint.optional().describe('OTLP/HTTP endpoint (e.g. http://otel-collector:4318), for the otlp exporter.'),
  })
  .describe('OpenTelemetry tracing.');

export const lineageSchema = z
  .strictObject({
    enabled: z.boolean().default(false).describe('Emit OpenLineage events.'),
    transport: z.enum(['http', 'file', 'console', 'none']).default('none').describe('How events are delivered.'),
    endpoint: z
      .string()
      .min(1)
      .optional()
      .describe('http: the lineage server URL (e.g. http://marquez:5000); file: the file events are appended to.'),
    namespace: z.string().min(1).default('floe').describe('OpenLineage namespace of the jobs.'),
    api_key_secret_ref: secretRefSchema.optional().describe('API key for the lineage server.'),
  })
  .describe('OpenLineage lineage.');

export const loggingSchema = z
  .strictObject({
    level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal']).default('info').describe('Lowest level logged.'),
    format: z.enum(['json', 'text']).default('json').describe('Log line format.'),
  })
  .describe('Logging.');

export const samplingSchema = z
  .strictObject({
    dev: ratio.default(1).describe('Trace sampling ratio in dev (0–1).'),
    staging: ratio.default(0.5).describe('Trace sampling ratio in staging (0–1).'),
    prod: ratio.default(0.1).describe('Trace sampling ratio in prod (0–1).'),
  })
  .describe('Trace sampling ratio per environment.');

export const observabilitySchema = z
  .strictObject({
    tracing: tracingSchema.default({ enabled: false, exporter: 'none' }),
    lineage: lineageSchema.default({ enabled: false, transport: 'none', namespace: 'floe' }),
    logging: loggingSchema.default({ level: 'info', format: 'json' }),
    sampling: samplingSchema.default({ dev: 1, staging: 0.5, prod: 0.1 }),
  })
  .describe('Observability settings.');

/** What an environment may replace; every key optional. */
export const observabilityOverlaySchema = z
  .strictObject({
    tracing: overlayOf(tracingSchema, 'Tracing settings for this environment.').optional(),
    lineage: overlayOf(lineageSchema, 'Lineage settings for this environment.').optional(),
    logging: overlayOf(loggingSchema, 'Logging settings for this environment.').optional(),
    sample_rate: ratio.optional().describe('Trace sampling ratio in this environment (replaces observability.sampling).'),
  })
  .describe('Observability settings replaced in this environment.');

export type Observability = z.infer<typeof observabilitySchema>;
export type TracingSettings = z.infer<typeof tracingSchema>;
export type LineageSettings = z.infer<typeof lineageSchema>;
export type LoggingSettings = z.infer<typeof loggingSchema>;
