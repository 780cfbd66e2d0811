/**
 * Turns an engine error into a FloeError a person can act on: which node,
 * which file, what the engine said, and the line of the executed SQL it
 * points at. The compute adapters already raise FloeErrors (`FLOE_SQL`,
 * `FLOE_COMPUTE_CANCELLED`) carrying the offending line; we add the node.
 * Other errors (a driver's raw error) get the line from PostgreSQL's
 * character `position` or DuckDB's `LINE n:` when present.
 */
import { FloeError, isFloeError } from '../../errors/index.js';
import type { ManifestNode } from '../types.js';

const ENGINE_CODES = new Set(['FLOE_SQL', 'FLOE_COMPUTE_CANCELLED']);

export function sqlError(node: ManifestNode, sql: string, cause: unknown): FloeError {
  if (isFloeError(cause) && !ENGINE_CODES.has(cause.code)) return cause;
  const engineMessage = errorMessage(cause).trim();
  const code = isFloeError(cause) ? cause.code : 'FLOE_SQL';
  let detail = isFloeError(cause) ? cause.detail : undefined;
  if (detail === undefined) {
    const line = offendingLine(sql, cause, engineMessage);
    if (line !== undefined) detail = `line ${line}: ${sql.split('\n')[line - 1]?.trimEnd() ?? ''}`;
  }
  const cancelled = code === 'FLOE_COMPUTE_CANCELLED';
  return new FloeError(code, `${describeNode(node)} ${cancelled ? 'was cancelled' : 'failed'}: ${engineMessage}`, {
    position: { file: node.originalFilePath },
    detail,
    hint: cancelled
      ? 'the run was interrupted; run again to finish it'
      : `fix the SQL in ${node.originalFilePath} (compiled SQL: target/compiled/, executed SQL: target/run/)`,
    cause,
  });
}

export function describeNode(node: ManifestNode): string {
  return `${node.resourceType} ${node.name}`;
}

export function errorMessage(cause: unknown): string {
  if (cause instanceof Error) return cause.message;
  return String(cause);
}

/** 1-based line of `sql` the engine blamed, if it said. */
export function offendingLine(sql: string, cause: unknown, message: string): number | undefined {
  const position = (cause as { position?: unknown } | null)?.position;
  const offset = typeof position === 'string' || typeof position === 'number' ? Number(position) : NaN;
  if (Number.isFinite(offset) && offset >= 1) return sql.slice(0, offset - 1).split('\n').length;
  const match = /LINE (\d+):/.exec(message);
  if (match) {
    const line = Number(match[1]);
    if (line >= 1 && line <= sql.split('\n').length) return line;
  }
  return undefined;
}
