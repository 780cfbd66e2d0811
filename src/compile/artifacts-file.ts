/**
 * `.floe/artifacts.json`: written atomically (a reader sees the old or the
 * new file, never half of one) as canonical JSON, and read back only through
 * the schema — the runtime trusts nothing else.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { FloeError } from '../errors/index.js';
import { writeFileAtomic } from '../files/index.js';
import { ARTIFACTS_DIR, ARTIFACTS_FILE, ARTIFACTS_VERSION, artifactsSchema, type CompiledArtifacts } from './artifacts-schema.js';
import { canonicalJson } from './canonical-json.js';

/** Where a product's artifacts live. */
export function artifactsPath(productDir: string): string {
  return join(productDir, ARTIFACTS_DIR, ARTIFACTS_FILE);
}

/** The exact bytes `writeArtifacts` writes (canonical JSON). */
export function serializeArtifacts(artifacts: CompiledArtifacts): string {
  return canonicalJson(artifacts);
}

/** Write `<productDir>/.floe/artifacts.json` atomically; returns its path. */
export function writeArtifacts(productDir: string, artifacts: CompiledArtifacts): string {
  const path = artifactsPath(productDir);
  writeFileAtomic(path, serializeArtifacts(artifacts));
  return path;
}

/**
 * Read and validate compiled artifacts from a file, or from a product
 * directory's `.floe/artifacts.json`. Throws a FloeError saying what to do
 * when the file is missing, not JSON, of another contract major, or invalid.
 */
export function readArtifacts(path: string): CompiledArtifacts {
  const file = existsSync(path) && statSync(path).isDirectory() ? artifactsPath(path) : path;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new FloeError(missing ? 'FLOE_ARTIFACTS_NOT_FOUND' : 'FLOE_ARTIFACTS_UNREADABLE', missing ? `no compiled artifacts at ${file}` : `cannot read ${file}: ${(error as Error).message}`, {
      position: { file },
      hint: 'run `floe compile` in the product directory first',
    });
  }
  return parseArtifacts(text, file);
}

/** Validate artifacts given as text (`file` names where they came from, e.g. a bundle's entry). */
export function parseArtifacts(text: string, file: string): CompiledArtifacts {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new FloeError('FLOE_ARTIFACTS_INVALID', `${file} is not valid JSON: ${(error as Error).message}`, { position: { file }, hint: 'recompile with `floe compile`' });
  }
  const version = (data as { version?: unknown } | null)?.version;
  const major = ARTIFACTS_VERSION.split('.')[0];
  if (typeof version === 'string' && version.split('.')[0] !== major) {
    throw new FloeError('FLOE_ARTIFACTS_VERSION', `${file} uses artifacts contract ${version}; this floe reads ${major}.x`, {
      position: { file },
      hint: 'recompile the product with this floe version (`floe compile`)',
    });
  }
  const parsed = artifactsSchema.safeParse(data);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 5).map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new FloeError('FLOE_ARTIFACTS_INVALID', `${file} does not match the artifacts schema`, {
      position: { file },
      detail: problems.join('\n'),
      hint: 'do not edit artifacts by hand; recompile with `floe compile`',
    });
  }
  return parsed.data;
}
