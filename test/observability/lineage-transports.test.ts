import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import {
  buildProductRunEvent,
  createLineageEmitter,
  lineageConfigFromEnv,
  lineageProducer,
  newRunId,
  type RunEvent,
} from '../../src/observability/index.js';
import type { FloeError } from '../../src/errors/index.js';

const producer = lineageProducer('0.1.0');
function runEvent(eventType: 'START' | 'COMPLETE' = 'START'): RunEvent {
  return buildProductRunEvent({ eventType, runId: newRunId(), namespace: 'test', product: 'shop', producer });
}

/** A test double of Marquez's lineage API: records what it receives, answers with the statuses it is told. */
interface FakeMarquez {
  url: string;
  received: Array<{ path: string; authorization?: string; body: RunEvent }>;
  attempts: number;
  close(): Promise<void>;
}

async function startFakeMarquez(answer: (attempt: number) => number | 'hang' = () => 201): Promise<FakeMarquez> {
  const fake = { received: [], attempts: 0 } as unknown as FakeMarquez;
  const hanging: IncomingMessage[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      fake.attempts++;
      const status = answer(fake.attempts);
      if (status === 'hang') {
        hanging.push(request);
        return;
      }
      if (status < 300) fake.received.push({ path: request.url ?? '', authorization: request.headers.authorization, body: JSON.parse(body) as RunEvent });
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return fake;
}

const servers: FakeMarquez[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('http lineage transport (Marquez API)', () => {
  it('POSTs each event as JSON to <endpoint>/api/v1/lineage with the API key as a bearer token', async () => {
    const marquez = await startFakeMarquez();
    servers.push(marquez);
    const emitter = createLineageEmitter({ transport: 'http', endpoint: `${marquez.url}/`, namespace: 'shop-ns', apiKey: 's3cret-key' }, { env: {} });
    const start = runEvent('START');
    const complete = runEvent('COMPLETE');
    void emitter.emit(start);
    void emitter.emit(complete);
    await emitter.close();
    expect(marquez.received.map((r) => r.path)).toEqual(['/api/v1/lineage', '/api/v1/lineage']);
    expect(marquez.received.every((r) => r.authorization === 'Bearer s3cret-key')).toBe(true);
    expect(marquez.received.map((r) => r.body.eventType).sort()).toEqual(['COMPLETE', 'START']);
    expect(marquez.received.find((r) => r.body.eventType === 'START')?.body.run.runId).toBe(start.run.runId);
    expect(emitter.failedCount).toBe(0);
  });

  it('retries a failing server with backoff and delivers once it recovers', async () => {
    const marquez = await startFakeMarquez((attempt) => (attempt <= 2 ? 503 : 201));
    servers.push(marquez);
    const failures: FloeError[] = [];
    const emitter = createLineageEmitter({ transport: 'http', endpoint: marquez.url, namespace: 'n', retryBaseDelayMs: 5 }, { env: {}, onSendFailed: (e) => failures.push(e) });
    await emitter.emit(runEvent());
    expect(marquez.attempts).toBe(3);
    expect(marquez.received).toHaveLength(1);
    expect(failures).toEqual([]);
  });

  it('an outage never throws: the failure is reported, counted, and the retries are bounded', async () => {
    const marquez = await startFakeMarquez(() => 500);
    servers.push(marquez);
    const failures: Array<{ error: FloeError; event: RunEvent }> = [];
    const emitter = createLineageEmitter(
      { transport: 'http', endpoint: marquez.url, namespace: 'n', apiKey: 'never-logged', maxRetries: 2, retryBaseDelayMs: 1 },
      { env: {}, onSendFailed: (error, event) => failures.push({ error, event }) },
    );
    const event = runEvent();
    await expect(emitter.emit(event)).resolves.toBeUndefined();
    await emitter.flush();
    expect(marquez.attempts).toBe(3); // first try + 2 retries
    expect(emitter.failedCount).toBe(1);
    expect(failures[0].event).toBe(event);
    expect(failures[0].error.code).toBe('FLOE_LINEAGE_SEND_FAILED');
    expect(failures[0].error.message).toContain('HTTP 500');
    expect(failures[0].error.message).not.toContain('never-logged');
  });

  it('does not retry a request the server rejects as invalid (4xx)', async () => {
    const marquez = await startFakeMarquez(() => 422);
    servers.push(marquez);
    const emitter = createLineageEmitter({ transport: 'http', endpoint: marquez.url, namespace: 'n', retryBaseDelayMs: 1 }, { env: {} });
    await emitter.emit(runEvent());
    expect(marquez.attempts).toBe(1);
    expect(emitter.failedCount).toBe(1);
  });

  it('gives up on a server that never answers (timeout) and on one that is not there', async () => {
    const marquez = await startFakeMarquez(() => 'hang');
    servers.push(marquez);
    const failures: FloeError[] = [];
    const hung = createLineageEmitter({ transport: 'http', endpoint: marquez.url, namespace: 'n', timeoutMs: 50, maxRetries: 1, retryBaseDelayMs: 1 }, { env: {}, onSendFailed: (e) => failures.push(e) });
    await hung.emit(runEvent());
    expect(marquez.attempts).toBe(2);
    expect(failures[0].message).toContain('no answer within 50 ms');

    const gone = await startFakeMarquez();
    await gone.close();
    const refused = createLineageEmitter({ transport: 'http', endpoint: gone.url, namespace: 'n', maxRetries: 1, retryBaseDelayMs: 1 }, { env: {}, onSendFailed: (e) => failures.push(e) });
    await refused.emit(runEvent());
    await refused.close();
    expect(refused.failedCount).toBe(1);
    expect(failures[1].code).toBe('FLOE_LINEAGE_SEND_FAILED');
  });
});

describe('file, console and none transports', () => {
  it('file: appends one JSON event per line, in emit order, creating the folder', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'floe-lineage-')), 'nested', 'lineage.jsonl');
    const emitter = createLineageEmitter({ transport: 'file', file, namespace: 'n' }, { env: {} });
    const events = [runEvent('START'), runEvent('COMPLETE'), runEvent('START')];
    for (const event of events) void emitter.emit(event);
    await emitter.close();
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines.map((line) => (JSON.parse(line) as RunEvent).run.runId)).toEqual(events.map((e) => e.run.runId));

    const again = createLineageEmitter({ transport: 'file', file, namespace: 'n' }, { env: {} });
    await again.emit(runEvent());
    await again.close();
    expect(readFileSync(file, 'utf8').trimEnd().split('\n')).toHaveLength(4);
  });

  it('file: keeps every line whole and in order when many events are emitted at once, and later ones after an earlier batch', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'floe-lineage-')), 'lineage.jsonl');
    const emitter = createLineageEmitter({ transport: 'file', file, namespace: 'n' }, { env: {} });
    const first = Array.from({ length: 300 }, (_, i) => runEvent(i % 2 === 0 ? 'START' : 'COMPLETE'));
    const sent = first.map((event) => emitter.emit(event));
    await sent[0]; // the first batch is written while the rest wait for the next append
    const second = Array.from({ length: 5 }, () => runEvent('COMPLETE'));
    for (const event of second) void emitter.emit(event);
    await Promise.all(sent);
    await emitter.close();
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines.map((line) => (JSON.parse(line) as RunEvent).run.runId)).toEqual([...first, ...second].map((e) => e.run.runId));
    expect(emitter.failedCount).toBe(0);
  });

  it('file: a path that cannot be written is a reported failure, not an exception', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'floe-lineage-'));
    const failures: FloeError[] = [];
    const emitter = createLineageEmitter({ transport: 'file', file: dir /* a directory */, namespace: 'n' }, { env: {}, onSendFailed: (e) => failures.push(e) });
    await emitter.emit(runEvent());
    await emitter.close();
    expect(emitter.failedCount).toBe(1);
    expect(failures[0].code).toBe('FLOE_LINEAGE_SEND_FAILED');
  });

  it('console: writes JSON lines to the given stream; none: drops events', async () => {
    const stream = new PassThrough();
    let written = '';
    stream.on('data', (chunk: Buffer) => (written += chunk.toString()));
    const consoleEmitter = createLineageEmitter({ transport: 'console', stream, namespace: 'n' }, { env: {} });
    const event = runEvent();
    await consoleEmitter.emit(event);
    await consoleEmitter.close();
    expect(JSON.parse(written.trim())).toEqual(event);

    const none = createLineageEmitter({ transport: 'none', namespace: 'n' }, { env: { OPENLINEAGE_URL: 'http://127.0.0.1:1' } });
    await none.emit(event);
    expect(none.transport).toBe('none');
    expect(none.failedCount).toBe(0);
  });
});

describe('lineage configuration', () => {
  it('reads OPENLINEAGE_URL / OPENLINEAGE_NAMESPACE / OPENLINEAGE_API_KEY', async () => {
    expect(lineageConfigFromEnv({})).toEqual({ transport: 'none', namespace: 'default' });
    expect(lineageConfigFromEnv({ OPENLINEAGE_URL: 'http://marquez:5000', OPENLINEAGE_NAMESPACE: 'sales', OPENLINEAGE_API_KEY: 'k' })).toEqual({
      transport: 'http',
      endpoint: 'http://marquez:5000',
      namespace: 'sales',
      apiKey: 'k',
    });
    const marquez = await startFakeMarquez();
    servers.push(marquez);
    const emitter = createLineageEmitter({}, { env: { OPENLINEAGE_URL: marquez.url, OPENLINEAGE_NAMESPACE: 'sales', OPENLINEAGE_API_KEY: 'env-key' } });
    expect(emitter.namespace).toBe('sales');
    await emitter.emit(runEvent());
    expect(marquez.received[0].authorization).toBe('Bearer env-key');
  });

  it('rejects settings a transport cannot work with, saying what to set', () => {
    expect(() => createLineageEmitter({ transport: 'http', namespace: 'n' }, { env: {} })).toThrow(/needs an http\(s\) endpoint/);
    expect(() => createLineageEmitter({ transport: 'http', endpoint: 'marquez:5000', namespace: 'n' }, { env: {} })).toThrow(/FLOE|endpoint/);
    expect(() => createLineageEmitter({ transport: 'file', namespace: 'n' }, { env: {} })).toThrow(/needs a file path/);
    try {
      createLineageEmitter({ transport: 'kafka' as never, namespace: 'n' }, { env: {} });
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: 'FLOE_LINEAGE_CONFIG_INVALID', hint: expect.stringContaining('http, file, console, none') });
    }
  });
});
