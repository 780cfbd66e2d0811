/**
 * floe's observability building blocks: a logger, OpenLineage events and
 * transports, OpenTelemetry traces and Prometheus metrics. Generic on purpose
 * (no floe module but errors is imported): the orchestrator's run code wires
 * them to the transform engine's RunListener events, roughly:
 *
 *   onRunStart  → tracing.startRunSpan({ product, runId, parent: extractTraceContextFromEnv() });
 *                 emitter.emit(buildProductRunEvent({ eventType: 'START', … }))
 *   onNodeStart → tracing.startNodeSpan(runSpan, …); emitter.emit(buildNodeRunEvent({ eventType: 'START', parentRunId, … }))
 *   onStatement → tracing.endSpan(tracing.startStatementSpan(nodeSpan, { dbSystem, statement }), { rows, error })
 *   onNodeFinish→ deriveColumnLineage(await parseSqlWithDuckDb(result.compiledSql), inputs, { outputColumns });
 *                 emitter.emit(buildNodeRunEvent({ eventType: 'COMPLETE' | 'FAIL', … })); metrics.recordStep(…)
 *   onRunFinish → emitter.emit(buildProductRunEvent({ eventType: 'COMPLETE' | 'FAIL' | 'ABORT', … }));
 *                 metrics.recordRun(…); await emitter.close(); await tracing.shutdown()
 */
export * from './lineage/index.js';
export * from './tracing/index.js';
export * from './metrics/index.js';
export * from './logging/index.js';
