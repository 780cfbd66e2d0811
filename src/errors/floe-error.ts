/**
 * Errors in floe are values: a stable code (`FLOE_…`), a message a person can
 * act on, an optional hint, and the source position when one exists. Modules
 * throw `FloeError` at their boundary or collect them in lists (compilers
 * collect every error rather than stopping at the first). Only the CLI prints.
 */
export interface SourcePosition {
  /** File path, relative to the project root when possible. */
  file: string;
  /** 1-based line. */
  line?: number;
  /** 1-based column. */
  column?: number;
}

export type Severity = 'error' | 'warning';

export interface FloeErrorOptions {
  position?: SourcePosition;
  hint?: string;
  severity?: Severity;
  cause?: unknown;
  /** Extra text shown under the message (e.g. the SQL line that failed). */
  detail?: string;
}

export class FloeError extends Error {
  readonly code: string;
  readonly position?: SourcePosition;
  readonly hint?: string;
  readonly severity: Severity;
  readonly detail?: string;

  constructor(code: string, message: string, options: FloeErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'FloeError';
    this.code = code;
    this.position = options.position;
    this.hint = options.hint;
    this.severity = options.severity ?? 'error';
    this.detail = options.detail;
  }

  /** `file:line:column` or just `file`, or '' when the error has no position. */
  get location(): string {
    return formatPosition(this.position);
  }

  toJSON(): Record<string, unknown> {
    return {
      code: this.code,
      severity: this.severity,
      message: this.message,
      ...(this.position ? { position: this.position } : {}),
      ...(this.hint ? { hint: this.hint } : {}),
      ...(this.detail ? { detail: this.detail } : {}),
    };
  }
}

/** Thrown when several independent errors were collected (e.g. by a parser). */
export class FloeErrors extends Error {
  readonly errors: FloeError[];
  constructor(errors: FloeError[]) {
    super(errors.map((e) => formatError(e)).join('\n'));
    this.name = 'FloeErrors';
    this.errors = errors;
  }
}

export function formatPosition(position: SourcePosition | undefined): string {
  if (!position) return '';
  let text = position.file;
  if (position.line !== undefined) {
    text += `:${position.line}`;
    if (position.column !== undefined) text += `:${position.column}`;
  }
  return text;
}

/** One-paragraph, human form of an error (no colours, no stack). */
export function formatError(error: FloeError): string {
  const where = error.location ? `${error.location}: ` : '';
  const lines = [`${where}${error.severity} ${error.code}: ${error.message}`];
  if (error.detail) lines.push(...error.detail.split('\n').map((l) => `  ${l}`));
  if (error.hint) lines.push(`  hint: ${error.hint}`);
  return lines.join('\n');
}

export function isFloeError(value: unknown): value is FloeError {
  return value instanceof FloeError;
}
