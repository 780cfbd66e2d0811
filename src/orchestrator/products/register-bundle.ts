/**
 * Registering a product version from its bundle: verify it (nothing stored
 * when any check fails), store the bytes by digest, record the version. The
 * same digest again is a no-op that returns the version registered first.
 */
import type { JsonObject, ProductVersion, StateStore } from '../state/index.js';
import { readBundle, type BundleLimits } from '../bundle/index.js';
import { artifactsHashOf } from '../run/index.js';

export interface RegisterBundleOptions {
  /** Who registers it (a token's name, a user). */
  registeredBy?: string | null;
  /** Refuse the bytes unless they have this digest (what the client said it sent). */
  expectedDigest?: string;
  limits?: BundleLimits;
}

export interface RegisteredBundle {
  version: ProductVersion;
  /** False when this digest was registered before: nothing changed. */
  created: boolean;
}

export async function registerBundle(store: StateStore, bytes: Uint8Array, options: RegisterBundleOptions = {}): Promise<RegisteredBundle> {
  const bundle = await readBundle(bytes, { ...(options.expectedDigest ? { expectedDigest: options.expectedDigest } : {}), ...(options.limits ? { limits: options.limits } : {}) });
  const { artifacts } = bundle;
  const product = artifacts.metadata.product;
  const existing = await store.products.findVersion(product, { version: bundle.digest });
  if (existing) return { version: existing, created: false };
  await store.bundles.put(bundle.digest, bytes);
  const schedule = artifacts.schedule;
  return store.products.recordVersion({
    product,
    productId: artifacts.identity.product_id,
    domain: artifacts.identity.domain ?? null,
    version: artifacts.metadata.product_version,
    digest: bundle.digest,
    environment: artifacts.metadata.environment,
    artifactsHash: await artifactsHashOf(artifacts),
    // The artifacts are JSON by construction (they were just parsed from it).
    artifacts: artifacts as unknown as JsonObject,
    sizeBytes: bundle.sizeBytes,
    registeredBy: options.registeredBy ?? null,
    schedule: schedule ? { cron: schedule.cron, timezone: schedule.timezone, enabled: schedule.enabled, catchUp: schedule.catch_up ?? 'latest' } : null,
    inputPorts: artifacts.input_ports.map(({ product: upstream, port }) => ({ product: upstream, port })),
  });
}
