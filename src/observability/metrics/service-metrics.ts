/**
 * The metrics a long-lived service adds to a registry made by
 * `createMetrics`: HTTP request counts and durations (per route template, so
 * run ids do not explode the series), and the orchestrator's own gauges —
 * how long ago a daemon last heart-beat and how many runs wait in the queue —
 * read from the state store at scrape time, so every replica reports the same.
 */
import type { FloeMetrics } from './create-metrics.js';

export interface HttpRequestSample {
  method: string;
  /** The route template (`/api/v1/runs/:id`), never the raw path. */
  route: string;
  status: number;
  seconds: number;
}

export interface HttpMetrics {
  observe(sample: HttpRequestSample): void;
}

/** Requests are milliseconds (API) to minutes (a live event tail). */
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 60, 300];

export async function addHttpMetrics(metrics: FloeMetrics): Promise<HttpMetrics> {
  const { Counter, Histogram } = await import('prom-client');
  const registers = [metrics.registry];
  const labelNames = ['method', 'route', 'status'] as const;
  const total = new Counter({ name: 'floe_http_requests_total', help: 'HTTP requests served, by method, route template and status code.', labelNames, registers });
  const duration = new Histogram({ name: 'floe_http_request_duration_seconds', help: 'Time to answer an HTTP request, by method, route template and status code.', labelNames, buckets: HTTP_BUCKETS, registers });
  return {
    observe({ method, route, status, seconds }) {
      const labels = { method, route, status: String(status) };
      total.inc(labels);
      duration.observe(labels, seconds);
    },
  };
}

export interface OrchestratorGaugeSources {
  /** Seconds since the freshest daemon heartbeat; null when no daemon ever beat. */
  daemonHeartbeatAgeSeconds(): Promise<number | null>;
  /** Runs waiting to start. */
  queueDepth(): Promise<number>;
  /** Told when a source fails during a scrape (the gauge then reports NaN). */
  onError?(error: unknown): void;
}

export async function addOrchestratorGauges(metrics: FloeMetrics, sources: OrchestratorGaugeSources): Promise<void> {
  const { Gauge } = await import('prom-client');
  const registers = [metrics.registry];
  const read = async (source: () => Promise<number | null>, absent: number): Promise<number> => {
    try {
      return (await source()) ?? absent;
    } catch (error) {
      sources.onError?.(error);
      return Number.NaN;
    }
  };
  new Gauge({
    name: 'floe_daemon_heartbeat_age_seconds',
    help: 'Seconds since a daemon last heart-beat to the state store (+Inf when none ever did).',
    registers,
    async collect() {
      this.set(await read(() => sources.daemonHeartbeatAgeSeconds(), Number.POSITIVE_INFINITY));
    },
  });
  new Gauge({
    name: 'floe_queue_depth',
    help: 'Runs queued and waiting to start.',
    registers,
    async collect() {
      this.set(await read(() => sources.queueDepth(), 0));
    },
  });
}
