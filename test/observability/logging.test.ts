import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/observability/index.js';
import { FloeError } from '../../src/errors/index.js';

const CANARY = 'canary-S3cr3t"\\value';

function capture() {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { stream, text: () => text };
}

describe('logger', () => {
  it('writes one JSON object per line for services, with level names, ISO time and bound fields', async () => {
    const out = capture();
    const logger = await createLogger({ format: 'json', destination: out.stream, base: { service: 'floe-daemon' } });
    logger.info({ runId: 'r1', rows: 3 }, 'run finished');
    logger.child({ step: 'orders' }).warn('slow step');
    logger.debug('not shown at info');
    const lines = out.text().trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ level: 'info', msg: 'run finished', runId: 'r1', rows: 3, service: 'floe-daemon' });
    expect(lines[1]).toMatchObject({ level: 'warn', msg: 'slow step', step: 'orders' });
    expect(new Date(String(lines[0].time)).toISOString()).toBe(lines[0].time);
  });

  it('writes a readable text line for people', async () => {
    const out = capture();
    const logger = await createLogger({ format: 'text', level: 'debug', destination: out.stream });
    logger.debug({ node: 'orders', rows: 42, note: 'two words' }, 'node done');
    logger.error({ err: new FloeError('FLOE_X', 'it broke') }, 'run failed');
    const [first, second] = out.text().split('\n');
    expect(first).toMatch(/^\d\d:\d\d:\d\d\.\d{3} DEBUG node done node=orders rows=42 note="two words"$/);
    expect(second).toMatch(/ERROR run failed err="FLOE_X: it broke"$/);
    expect(out.text()).toContain('    FloeError: it broke');
    expect(out.text()).not.toContain('{"');
  });

  it('never prints a secret value: in messages, fields, nested objects, errors, URLs or added later', async () => {
    for (const format of ['json', 'text'] as const) {
      const out = capture();
      const logger = await createLogger({ format, destination: out.stream, redact: [CANARY] });
      logger.info(`connecting with ${CANARY}`);
      logger.info({ connection: { url: `postgres://u:${encodeURIComponent(CANARY)}@db/x`, options: [CANARY] } }, 'nested');
      logger.error({ err: new Error(`auth failed for ${CANARY}`) }, 'failed');
      logger.child({ key: CANARY }).info('child');
      logger.info({ password: 'not-listed-but-a-password', apiKey: 'also-hidden' }, 'by field name');
      logger.addSecret('late-token-123');
      logger.child({}).info('token late-token-123 resolved after start');
      const text = out.text();
      expect(text).not.toContain('canary-S3cr3t');
      expect(text).not.toContain('not-listed-but-a-password');
      expect(text).not.toContain('also-hidden');
      expect(text).not.toContain('late-token-123');
      expect(text.match(/\*\*\*/g)?.length).toBeGreaterThanOrEqual(8);
      expect(text).toContain('connecting with ***');
    }
  });

  it('appends to a file destination; an empty secret redacts nothing', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'floe-log-')), 'floe.log');
    const logger = await createLogger({ destination: { file }, redact: [''] });
    logger.info('hello file');
    await logger.close();
    expect(JSON.parse(readFileSync(file, 'utf8').trim())).toMatchObject({ msg: 'hello file' });
  });
});
