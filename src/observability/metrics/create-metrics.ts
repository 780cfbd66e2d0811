/**
 * The Prometheus metrics the platform's alerts are written against. Each
 * `createMetrics()` owns its own Registry (never prom-client's global one), so
 * a process — or a test — can hold several without name clashes. Long-lived
 * services serve `registry.metrics()` at /metrics. prom-client is imported
 * by `createMetrics`, not with this module, so a run that records no metrics
 * never loads it.
 */
import type { Counter, Histogram, Registry } from 'prom-client';

export type RunStatusLabel = 'success' | 'failure' | 'canceled';

export interface MetricsOptions {
  /** Labels added to every series, e.g. `{ service: 'floe-daemon' }`. */
  defaultLabels?: Record<string, string>;
  /** Process metrics (CPU, memory, event loop, GC). Default true. */
  processMetrics?: boolean;
}

export interface FloeMetrics {
  readonly registry: Registry;
  /** `Content-Type` for the /metrics response. */
  readonly contentType: string;
  readonly runsTotal: Counter<'product' | 'status'>;
  readonly runsFailedTotal: Counter<'product'>;
  readonly runDurationSeconds: Histogram<'product'>;
  readonly stepDurationSeconds: Histogram<'product' | 'resource_type'>;
  readonly rowsWrittenTotal: Counter<'product'>;
  readonly lineageEventsFailedTotal: Counter<string>;
  /** One finished run: counts it, and its failure, and observes its duration. */
  recordRun(run: { product: string; status: RunStatusLabel; durationSeconds: number }): void;
  /** One finished step (node): observes its duration and adds the rows it wrote. */
  recordStep(step: { product: string; resourceType: string; durationSeconds: number; rowsWritten?: number }): void;
  /** The Prometheus text exposition of every metric. */
  metrics(): Promise<string>;
}

/** Runs last seconds to hours. */
const RUN_BUCKETS = [1, 5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200];
/** Steps last milliseconds (views) to tens of minutes (big tables). */
const STEP_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 1800];

export async function createMetrics(options: MetricsOptions = {}): Promise<FloeMetrics> {
  const { Counter, Histogram, Registry, collectDefaultMetrics } = await import('prom-client');
  const registry = new Registry();
  if (options.defaultLabels) registry.setDefaultLabels(options.defaultLabels);
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry });

  const registers = [registry];
  const runsTotal = new Counter({ name: 'floe_runs_total', help: 'Finished runs, by product and final status.', labelNames: ['product', 'status'] as const, registers });
  const runsFailedTotal = new Counter({ name: 'floe_runs_failed_total', help: 'Runs that ended in failure.', labelNames: ['product'] as const, registers });
  const runDurationSeconds = new Histogram({ name: 'floe_run_duration_seconds', help: 'Wall time of a run, start to finish.', labelNames: ['product'] as const, buckets: RUN_BUCKETS, registers });
  const stepDurationSeconds = new Histogram({
    name: 'floe_step_duration_seconds',
    help: 'Wall time of one step (model, seed, test, snapshot).',
    labelNames: ['product', 'resource_type'] as const,
    buckets: STEP_BUCKETS,
    registers,
  });
  const rowsWrittenTotal = new Counter({ name: 'floe_rows_written_total', help: 'Rows written by steps.', labelNames: ['product'] as const, registers });
  const lineageEventsFailedTotal = new Counter({ name: 'floe_lineage_events_failed_total', help: 'OpenLineage events that could not be delivered.', registers });

  return {
    registry,
    contentType: registry.contentType,
    runsTotal,
    runsFailedTotal,
    runDurationSeconds,
    stepDurationSeconds,
    rowsWrittenTotal,
    lineageEventsFailedTotal,
    recordRun({ product, status, durationSeconds }) {
      runsTotal.inc({ product, status });
      if (status === 'failure') runsFailedTotal.inc({ product });
      runDurationSeconds.observe({ product }, durationSeconds);
    },
    recordStep({ product, resourceType, durationSeconds, rowsWritten }) {
      stepDurationSeconds.observe({ product, resource_type: resourceType }, durationSeconds);
      if (rowsWritten !== undefined && rowsWritten > 0) rowsWrittenTotal.inc({ product }, rowsWritten);
    },
    metrics: () => registry.metrics(),
  };
}
