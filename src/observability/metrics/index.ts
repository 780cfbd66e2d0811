export { createMetrics } from './create-metrics.js';
export type { FloeMetrics, MetricsOptions, RunStatusLabel } from './create-metrics.js';
export { addHttpMetrics, addOrchestratorGauges } from './service-metrics.js';
export type { HttpMetrics, HttpRequestSample, OrchestratorGaugeSources } from './service-metrics.js';
