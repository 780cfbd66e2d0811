/**
 * Errors from config and the transform engine name files relative to where
 * they were found (absolute, or inside one project). A product has several
 * projects, so compile re-anchors every position on the product directory.
 */
import { isAbsolute, join } from 'node:path';
import { FloeError, FloeErrors, type SourcePosition } from '../errors/index.js';
import { productRelativePath } from './input-hashes.js';

/** `position` with its file relative to the product directory; `baseDir` is what a relative file was relative to. */
export function relocatePosition(position: SourcePosition | undefined, productDir: string, baseDir: string): SourcePosition | undefined {
  if (!position) return undefined;
  const absolute = isAbsolute(position.file) ? position.file : join(baseDir, position.file);
  return { ...position, file: productRelativePath(productDir, absolute) };
}

export function relocateError(error: FloeError, productDir: string, baseDir: string): FloeError {
  if (!error.position) return error;
  return new FloeError(error.code, error.message, {
    position: relocatePosition(error.position, productDir, baseDir),
    hint: error.hint,
    severity: error.severity,
    detail: error.detail,
    cause: error,
  });
}

/** The FloeErrors inside `thrown` (rethrows anything else: a bug, not a user error). */
export function collectThrown(thrown: unknown): FloeError[] {
  if (thrown instanceof FloeErrors) return thrown.errors;
  if (thrown instanceof FloeError) return [thrown];
  throw thrown;
}
