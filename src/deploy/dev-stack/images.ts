/** The images of the dev stack and the charts' defaults, in one place. */
import { floeVersion } from '../../version/index.js';

export const floeImage = (environment: NodeJS.ProcessEnv = process.env): string => environment.FLOE_IMAGE ?? `floe/floe:${floeVersion()}`;

export const IMAGES = {
  postgres: 'postgres:16-alpine',
  otelCollector: 'otel/opentelemetry-collector-contrib:0.115.1',
  jaeger: 'jaegertracing/all-in-one:1.62.0',
  marquez: 'marquezproject/marquez:0.51.1',
  marquezWeb: 'marquezproject/marquez-web:0.51.1',
  minio: 'minio/minio:RELEASE.2025-04-22T22-12-26Z',
  polaris: 'apache/polaris:1.1.0-incubating',
} as const;
