import { FloeError } from '../../errors/index.js';
import type { RunEvent } from './event-types.js';
import { checkLineageConfig, lineageConfigFromEnv, type LineageConfig } from './lineage-config.js';
import type { LineageTransport } from './transports/lineage-transport.js';

export interface LineageEmitterOptions {
  /** Told about every event that could not be delivered (log it, count it in `floe_lineage_events_failed_total`). */
  onSendFailed?: (error: FloeError, event: RunEvent) => void;
  /** Read when `config` is missing or partial. Default: process.env. */
  env?: NodeJS.ProcessEnv;
}

export interface LineageEmitter {
  readonly transport: LineageConfig['transport'];
  /** The job namespace to build events with. */
  readonly namespace: string;
  /** Sends in the background; never throws or rejects. Await it to wait for this one event. */
  emit(event: RunEvent): Promise<void>;
  /** Events that could not be delivered so far. */
  readonly failedCount: number;
  /** Waits for every send in flight. */
  flush(): Promise<void>;
  /** Flushes, then releases the transport. Later emits are ignored. */
  close(): Promise<void>;
}

/** The configured transport, imported on first use: a run that emits nothing loads none of them. */
async function transportFor(config: LineageConfig): Promise<LineageTransport> {
  switch (config.transport) {
    case 'http': {
      const { createHttpTransport } = await import('./transports/http-transport.js');
      return createHttpTransport({
        endpoint: config.endpoint ?? '',
        apiKey: config.apiKey,
        timeoutMs: config.timeoutMs,
        maxRetries: config.maxRetries,
        retryBaseDelayMs: config.retryBaseDelayMs,
      });
    }
    case 'file': {
      const { createFileTransport } = await import('./transports/file-transport.js');
      return createFileTransport(config.file ?? '');
    }
    case 'console': {
      const { createConsoleTransport } = await import('./transports/console-transport.js');
      return createConsoleTransport(config.stream ?? process.stdout);
    }
    case 'none': {
      const { createNoneTransport } = await import('./transports/none-transport.js');
      return createNoneTransport();
    }
  }
}

/**
 * The one place runs hand lineage events to. Settings given in `config` win
 * over OPENLINEAGE_URL / OPENLINEAGE_NAMESPACE / OPENLINEAGE_API_KEY. A
 * delivery failure is reported to `onSendFailed` and counted, never thrown.
 * Throws FLOE_LINEAGE_CONFIG_INVALID (at creation) for unusable settings.
 */
export function createLineageEmitter(config: Partial<LineageConfig> = {}, options: LineageEmitterOptions = {}): LineageEmitter {
  const fromEnv = lineageConfigFromEnv(options.env ?? process.env);
  const transportGiven = config.transport !== undefined;
  const merged: LineageConfig = {
    ...fromEnv,
    ...Object.fromEntries(Object.entries(config).filter(([, value]) => value !== undefined)),
    // An explicit non-http transport must not pick up the env URL's http transport.
    transport: transportGiven ? (config.transport as LineageConfig['transport']) : config.endpoint ? 'http' : fromEnv.transport,
  };
  checkLineageConfig(merged);
  // Created by the first emit (or close); the settings were checked above, so only loading can fail here.
  let transport: Promise<LineageTransport> | undefined;
  const openTransport = (): Promise<LineageTransport> => (transport ??= transportFor(merged));
  const inFlight = new Set<Promise<void>>();
  let failed = 0;
  let closed = false;

  function reportFailure(error: unknown, event: RunEvent): void {
    failed++;
    const floeError =
      error instanceof FloeError
        ? error
        : new FloeError('FLOE_LINEAGE_SEND_FAILED', `Could not write the OpenLineage ${event.eventType} event for job ${event.job.name}: ${error instanceof Error ? error.message : String(error)}`, {
            cause: error,
            hint: 'Check the lineage transport settings; the run itself is not affected.',
          });
    try {
      options.onSendFailed?.(floeError, event);
    } catch {
      // A failing reporter must not turn a lineage outage into a run failure either.
    }
  }

  async function flush(): Promise<void> {
    while (inFlight.size > 0) await Promise.all([...inFlight]);
  }

  return {
    transport: merged.transport,
    namespace: merged.namespace,
    get failedCount() {
      return failed;
    },
    emit(event) {
      if (closed) return Promise.resolve();
      const sending = openTransport()
        .then((opened) => opened.send(event))
        .catch((error: unknown) => reportFailure(error, event));
      inFlight.add(sending);
      void sending.finally(() => inFlight.delete(sending));
      return sending;
    },
    flush,
    async close() {
      if (closed) return;
      await flush();
      closed = true;
      if (transport) await (await transport).close();
    },
  };
}
