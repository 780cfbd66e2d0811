/**
 * floe's one logger, on pino: JSON lines for services (one object per line,
 * ISO time, level names), a plain text line for people at a terminal. Secret
 * values given in `redact` (or added later) never reach the output, and
 * well-known secret fields (password, token, …) are masked by name too.
 * pino is imported by `createLogger`, so importing this module costs nothing.
 */
import { createWriteStream } from 'node:fs';
import type { DestinationStream, Level, Logger } from 'pino';
import { REDACTED, SecretRedactor } from './secret-redactor.js';
import { formatTextLine } from './text-line-format.js';

export type LogFormat = 'json' | 'text';
export type LogLevel = Level | 'silent';

export interface LoggerOptions {
  /** Default `info`. */
  level?: LogLevel;
  /** `json` for services (default), `text` for people. */
  format?: LogFormat;
  /** A stream, or `{ file }` to append to a file. Default: process.stdout. */
  destination?: NodeJS.WritableStream | { file: string };
  /** Secret values (passwords, API keys, tokens) to replace with `***` wherever they appear. */
  redact?: string[];
  /** Fields on every line, e.g. `{ service: 'floe-daemon' }`. */
  base?: Record<string, unknown>;
}

export type FloeLogger = Logger & {
  /** Adds a secret resolved after the logger was made; applies to its children too. */
  addSecret(value: string): void;
  /** Ends a file destination the logger opened, once everything is written (no-op for streams). */
  close(): Promise<void>;
};

/** Field names whose values are masked whatever they hold. */
const SECRET_FIELDS = ['password', 'apiKey', 'api_key', 'token', 'secret', 'authorization'];
const SECRET_PATHS = [...SECRET_FIELDS, ...SECRET_FIELDS.map((f) => `*.${f}`), 'headers.authorization', 'req.headers.authorization'];

function sinkFor(destination: LoggerOptions['destination']): { sink: NodeJS.WritableStream; owned: boolean } {
  if (destination === undefined) return { sink: process.stdout, owned: false };
  if ('file' in destination) return { sink: createWriteStream(destination.file, { flags: 'a' }), owned: true };
  return { sink: destination, owned: false };
}

export async function createLogger(options: LoggerOptions = {}): Promise<FloeLogger> {
  const { pino, stdTimeFunctions } = await import('pino');
  const redactor = new SecretRedactor(options.redact ?? []);
  const { sink, owned } = sinkFor(options.destination);
  const format = options.format ?? 'json';
  const stream: DestinationStream = {
    write: (line: string) => {
      sink.write(format === 'text' ? formatTextLine(line) : line);
    },
  };
  const logger = pino(
    {
      level: options.level ?? 'info',
      base: options.base ?? {},
      timestamp: stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: SECRET_PATHS, censor: REDACTED },
      hooks: { streamWrite: (line) => redactor.redact(line) },
    },
    stream,
  );
  const close = (): Promise<void> => (owned ? new Promise<void>((resolve) => sink.end(resolve)) : Promise.resolve());
  return Object.assign(logger, { addSecret: (value: string) => redactor.add(value), close });
}
