/** Loading one manifest.yaml or floe.yaml: parse, validate, locate every problem. */
import type { z } from 'zod';
import type { FloeError } from '../errors/index.js';
import { issuesToErrors, positionKey, sortByPosition } from './config-issues.js';
import { findLiteralSecrets, findProductCredentials } from './credential-detection.js';
import { manifestSchema, type Manifest } from './manifest-schema.js';
import { productSchema, type DataProduct } from './product-schema.js';
import { readYamlFile, type YamlSource } from './yaml-source.js';

export interface LoadResult<T> {
  /** Present only when there are no errors. */
  value?: T;
  errors: FloeError[];
  warnings: FloeError[];
}

/** A loaded file together with its parsed YAML (positions, raw data) for later checks. */
export interface LoadedSource<T> extends LoadResult<T> {
  source?: YamlSource;
}

function loadFile<T>(path: string, schema: z.ZodType<T>, checks: (source: YamlSource) => FloeError[]): LoadedSource<T> {
  const parsed = readYamlFile(path);
  if (!parsed.source) return { errors: parsed.errors, warnings: parsed.warnings };
  const source = parsed.source;
  const checkErrors = checks(source);
  // A key already reported (e.g. as a credential) is not reported again as unknown.
  const reported = new Set(checkErrors.map((error) => positionKey(error.position ?? {})));
  const result = schema.safeParse(source.data);
  const errors = sortByPosition([...checkErrors, ...(result.success ? [] : issuesToErrors(result.error.issues, source, schema, reported))]);
  return {
    value: errors.length === 0 && result.success ? result.data : undefined,
    errors,
    warnings: parsed.warnings,
    source,
  };
}

export function loadManifestSource(path: string): LoadedSource<Manifest> {
  return loadFile(path, manifestSchema, findLiteralSecrets);
}

export function loadProductSource(path: string): LoadedSource<DataProduct> {
  return loadFile(path, productSchema, findProductCredentials);
}

/** Load and validate one manifest.yaml (no inheritance). Never throws for user errors. */
export function loadManifestFile(path: string): LoadResult<Manifest> {
  const { value, errors, warnings } = loadManifestSource(path);
  return { value, errors, warnings };
}

/** Load and validate one floe.yaml. Never throws for user errors. */
export function loadProductFile(path: string): LoadResult<DataProduct> {
  const { value, errors, warnings } = loadProductSource(path);
  return { value, errors, warnings };
}
