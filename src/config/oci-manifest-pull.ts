/**
 * Pulling the OCI manifests a product's chain names, before the chain is
 * read (which is synchronous and only looks in the cache). Follows
 * floe.yaml's `platform.manifest` and each manifest's `parent`; local files
 * are followed too, since a local domain manifest may have an oci:// parent.
 * A tag that points at another digest than when it was last pulled is
 * reported as a warning — the platform changed under the product.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { FloeError, isFloeError } from '../errors/index.js';
import { OciContentCache, parseOciReference, PLATFORM_MANIFEST_ARTIFACT, pullFileArtifact } from '../oci/index.js';
import { PRODUCT_FILE_NAMES } from './load-data-product.js';
import { positionOf, readYamlFile, valueAt } from './yaml-source.js';

export interface PulledManifest {
  reference: string;
  digest: string;
  /** Set when the tag pointed at another digest when it was last pulled. */
  moved?: { from: string; to: string };
  /** The registry could not be reached; the cached content was used. */
  offline?: boolean;
}

export interface OciManifestPulls {
  pulled: PulledManifest[];
  errors: FloeError[];
  warnings: FloeError[];
}

export interface PullOciManifestsOptions {
  environment?: NodeJS.ProcessEnv;
  /** The content cache folder (FLOE_OCI_CACHE or ~/.cache/floe/oci by default). */
  cacheDir?: string;
}

function startFile(productOrManifest: string): string {
  const given = resolve(productOrManifest);
  if (existsSync(given) && statSync(given).isFile()) return given;
  return PRODUCT_FILE_NAMES.map((name) => join(given, name)).find((candidate) => existsSync(candidate)) ?? join(given, PRODUCT_FILE_NAMES[0]);
}

export async function pullOciManifests(productOrManifest: string, options: PullOciManifestsOptions = {}): Promise<OciManifestPulls> {
  const result: OciManifestPulls = { pulled: [], errors: [], warnings: [] };
  const cache = new OciContentCache(options.cacheDir);
  const seen = new Set<string>();
  let file = startFile(productOrManifest);
  while (existsSync(file) && !seen.has(file)) {
    seen.add(file);
    const source = readYamlFile(file).source;
    if (!source) break; // loading reports it
    const key = valueAt(source.data, ['kind']) === 'Manifest' ? ['parent'] : ['platform', 'manifest'];
    const reference = valueAt(source.data, key);
    if (typeof reference !== 'string' || reference === '') break;
    if (!reference.startsWith('oci://')) {
      file = isAbsolute(reference) ? reference : join(dirname(file), reference);
      continue;
    }
    try {
      const pulled = await pullFileArtifact(parseOciReference(reference), { kind: PLATFORM_MANIFEST_ARTIFACT, cache, environment: options.environment });
      result.pulled.push({ reference: pulled.reference, digest: pulled.digest, moved: pulled.moved, offline: pulled.offline });
      if (pulled.moved) {
        result.warnings.push(
          new FloeError('FLOE_MANIFEST_OCI_TAG_MOVED', `${pulled.reference} moved: it was ${pulled.moved.from} when last pulled, it is ${pulled.moved.to} now`, {
            position: positionOf(source, key),
            severity: 'warning',
            hint: `the platform manifest changed under this product; pin it with ${pulled.reference.replace(/:[^:/@]+$/, '')}@${pulled.moved.to} to stop following the tag`,
          }),
        );
      }
      if (pulled.offline) {
        result.warnings.push(
          new FloeError('FLOE_MANIFEST_OCI_OFFLINE', `the registry of ${pulled.reference} is unreachable; using the copy pulled before (${pulled.digest})`, {
            position: positionOf(source, key),
            severity: 'warning',
          }),
        );
      }
      file = pulled.path;
    } catch (error) {
      if (!isFloeError(error)) throw error;
      result.errors.push(new FloeError(error.code, error.message, { position: positionOf(source, key), hint: error.hint }));
      break;
    }
  }
  return result;
}
