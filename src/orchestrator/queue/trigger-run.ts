/**
 * Queueing a run of a registered product: the newest version (optionally
 * pinned by version or digest, optionally for one environment) becomes a
 * QUEUED run that records the bundle digest it will run.
 */
import { FloeError } from '../../errors/index.js';
import type { Run, RunTrigger, StateStore } from '../state/index.js';
import { runRequestSelection, selectionJson } from './run-request.js';

export interface TriggerRunInput {
  product: string;
  /** A version from floe.yaml (its newest registration) or a digest `sha256:…`. Default: the newest. */
  version?: string;
  /** Default: the environment of the version chosen. */
  environment?: string;
  /** `{ select?, exclude?, nodes? }` (dbt syntax). */
  selection?: unknown;
  /** Higher first; default 0. */
  priority?: number;
  /** Default `api`. */
  trigger?: RunTrigger;
  triggeredBy?: string | null;
  parentRunId?: string | null;
  notBefore?: Date | null;
}

export const TRIGGER_ERROR_CODES = { productNotFound: 'FLOE_PRODUCT_NOT_FOUND', versionNotFound: 'FLOE_PRODUCT_VERSION_NOT_FOUND' } as const;

export async function triggerRun(store: StateStore, input: TriggerRunInput): Promise<Run> {
  const selection = runRequestSelection(input.selection);
  const product = await store.products.getProduct(input.product);
  if (!product) {
    throw new FloeError(TRIGGER_ERROR_CODES.productNotFound, `No product "${input.product}" is registered with this orchestrator.`, {
      hint: 'Register it first: `floe product register --url <orchestrator>` in the product folder.',
    });
  }
  const version = await store.products.findVersion(product.name, {
    ...(input.version !== undefined ? { version: input.version } : {}),
    ...(input.environment !== undefined ? { environment: input.environment } : {}),
  });
  if (!version) {
    const what = [input.version ? `version ${input.version}` : 'a version', input.environment ? `compiled for ${input.environment}` : ''].filter(Boolean).join(' ');
    throw new FloeError(TRIGGER_ERROR_CODES.versionNotFound, `Product "${product.name}" has no ${what}.`, {
      hint: `Register one (\`floe product register --env ${input.environment ?? '<env>'}\`), or pick one of its registered versions.`,
    });
  }
  return store.createRun({
    product: product.name,
    productVersion: version.version,
    environment: version.environment,
    trigger: input.trigger ?? 'api',
    bundleDigest: version.digest,
    artifactsHash: version.artifactsHash,
    selection: selectionJson(selection),
    priority: input.priority ?? 0,
    triggeredBy: input.triggeredBy ?? null,
    parentRunId: input.parentRunId ?? null,
    notBefore: input.notBefore ?? null,
  });
}
