export { createMetrics } from './create-metrics.js';
export type { FloeMetrics, MetricsOptions, RunStatusLabel } from './create-metrics.js';
