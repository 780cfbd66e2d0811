import { FloeError } from '../../../errors/index.js';
import { lineageEndpointUrl } from './lineage-endpoint-url.js';
import type { LineageTransport } from './lineage-transport.js';

export interface HttpTransportOptions {
  /** Base URL of a Marquez-compatible API, e.g. `http://marquez:5000`; events go to `<endpoint>/api/v1/lineage`. */
  endpoint: string;
  /** Sent as `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /** Per attempt. Default 5000 ms. */
  timeoutMs?: number;
  /** Attempts after the first. Default 3. */
  maxRetries?: number;
  /** First backoff; doubles per retry. Default 250 ms. */
  retryBaseDelayMs?: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Statuses worth retrying: the server or something in front of it is busy or down. */
function retryable(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * POSTs each event as JSON, retrying network errors, timeouts and 408/429/5xx
 * with exponential backoff; other 4xx are not retried (the event will not get
 * better). The last failure rejects with FLOE_LINEAGE_SEND_FAILED.
 */
export function createHttpTransport(options: HttpTransportOptions): LineageTransport {
  const url = lineageEndpointUrl(options.endpoint);
  const timeoutMs = options.timeoutMs ?? 5000;
  const maxRetries = options.maxRetries ?? 3;
  const baseDelay = options.retryBaseDelayMs ?? 250;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;

  async function attempt(body: string): Promise<{ ok: true } | { ok: false; retry: boolean; reason: string }> {
    try {
      const response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(timeoutMs) });
      await response.arrayBuffer().catch(() => undefined); // drain so the socket is reused
      if (response.ok) return { ok: true };
      return { ok: false, retry: retryable(response.status), reason: `HTTP ${response.status} ${response.statusText}`.trim() };
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
      return { ok: false, retry: true, reason: timedOut ? `no answer within ${timeoutMs} ms` : `${error instanceof Error ? error.message : String(error)}${cause}` };
    }
  }

  return {
    kind: 'http',
    async send(event) {
      const body = JSON.stringify(event);
      let last = '';
      for (let i = 0; i <= maxRetries; i++) {
        if (i > 0) await sleep(baseDelay * 2 ** (i - 1));
        const outcome = await attempt(body);
        if (outcome.ok) return;
        last = outcome.reason;
        if (!outcome.retry) break;
      }
      throw new FloeError('FLOE_LINEAGE_SEND_FAILED', `Could not send the OpenLineage ${event.eventType} event for job ${event.job.name} to ${url}: ${last}.`, {
        hint: 'Check that the lineage API (Marquez) is running and OPENLINEAGE_URL points at it; the run itself is not affected.',
      });
    },
    close: async () => {},
  };
}
