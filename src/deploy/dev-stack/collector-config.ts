/** The OTel collector of the dev stack: OTLP in (gRPC 4317, HTTP 4318), batched, traces to Jaeger and the debug log, metrics and logs to the debug log, its own metrics on 8888. */
import { stringify } from 'yaml';

export function collectorConfig(): Record<string, unknown> {
  return {
    receivers: { otlp: { protocols: { grpc: { endpoint: '0.0.0.0:4317' }, http: { endpoint: '0.0.0.0:4318' } } } },
    processors: { batch: { timeout: '1s', send_batch_size: 1024 } },
    exporters: { 'otlp/jaeger': { endpoint: 'jaeger:4317', tls: { insecure: true } }, debug: { verbosity: 'basic' } },
    service: {
      telemetry: { metrics: { readers: [{ pull: { exporter: { prometheus: { host: '0.0.0.0', port: 8888 } } } }] } },
      pipelines: {
        traces: { receivers: ['otlp'], processors: ['batch'], exporters: ['otlp/jaeger', 'debug'] },
        metrics: { receivers: ['otlp'], processors: ['batch'], exporters: ['debug'] },
        logs: { receivers: ['otlp'], processors: ['batch'], exporters: ['debug'] },
      },
    },
  };
}

export const collectorConfigYaml = (): string => `# The OpenTelemetry collector of floe's dev stack (written by floe dev).\n${stringify(collectorConfig())}`;
