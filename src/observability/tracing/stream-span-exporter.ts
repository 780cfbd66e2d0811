import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-node';

type ExportCallback = Parameters<SpanExporter['export']>[1];

/**
 * The `console` exporter: one JSON line per finished span on a stream the
 * caller chooses (the CLI's stderr), instead of the SDK's console.dir.
 */
export class StreamSpanExporter implements SpanExporter {
  constructor(private readonly stream: NodeJS.WritableStream) {}

  export(spans: ReadableSpan[], done: ExportCallback): void {
    for (const span of spans) {
      const context = span.spanContext();
      this.stream.write(
        `${JSON.stringify({
          traceId: context.traceId,
          spanId: context.spanId,
          parentSpanId: span.parentSpanContext?.spanId,
          name: span.name,
          kind: span.kind,
          startTime: span.startTime,
          duration: span.duration,
          attributes: span.attributes,
          status: span.status,
          events: span.events.map((event) => ({ name: event.name, attributes: event.attributes })),
        })}\n`,
      );
    }
    done({ code: 0 }); // ExportResultCode.SUCCESS
  }

  async shutdown(): Promise<void> {}
}
