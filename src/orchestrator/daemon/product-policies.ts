/**
 * Each product's orchestrator policy, from the `orchestrator` section compiled
 * into its artifacts (the platform manifest's): the per-product concurrency
 * limit, the retry policy, the run timeout. Read once per bundle digest.
 */
import { FAILURE_KINDS, type FailureKind, type Run, type StateStore } from '../state/index.js';

export interface ProductPolicy {
  perProduct: number;
  maxAttempts: number;
  backoffSeconds: number;
  retryOn: FailureKind[];
  runTimeoutSeconds: number;
}

export const DEFAULT_PRODUCT_POLICY: ProductPolicy = { perProduct: 1, maxAttempts: 1, backoffSeconds: 30, retryOn: [...FAILURE_KINDS], runTimeoutSeconds: 14_400 };

function number(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

export function policyFromArtifacts(artifacts: unknown): ProductPolicy {
  const orchestrator = ((artifacts as { orchestrator?: Record<string, unknown> } | undefined)?.orchestrator ?? {}) as {
    concurrency?: { per_product?: unknown };
    retry?: { max_attempts?: unknown; backoff_seconds?: unknown; retry_on?: unknown };
    run_timeout?: unknown;
  };
  const retryOn = Array.isArray(orchestrator.retry?.retry_on)
    ? (orchestrator.retry.retry_on as unknown[]).filter((kind): kind is FailureKind => FAILURE_KINDS.includes(kind as FailureKind))
    : DEFAULT_PRODUCT_POLICY.retryOn;
  return {
    perProduct: number(orchestrator.concurrency?.per_product, DEFAULT_PRODUCT_POLICY.perProduct),
    maxAttempts: number(orchestrator.retry?.max_attempts, DEFAULT_PRODUCT_POLICY.maxAttempts),
    backoffSeconds: number(orchestrator.retry?.backoff_seconds, DEFAULT_PRODUCT_POLICY.backoffSeconds),
    retryOn,
    runTimeoutSeconds: number(orchestrator.run_timeout, DEFAULT_PRODUCT_POLICY.runTimeoutSeconds),
  };
}

export class ProductPolicies {
  readonly #store: StateStore;
  readonly #byDigest = new Map<string, ProductPolicy>();
  /** The policy of each product's newest version (for limits on queued runs). */
  #byProduct = new Map<string, ProductPolicy>();

  constructor(store: StateStore) {
    this.#store = store;
  }

  async #forDigest(product: string, digest: string): Promise<ProductPolicy> {
    let policy = this.#byDigest.get(digest);
    if (!policy) {
      policy = policyFromArtifacts(await this.#store.products.getVersionArtifacts(product, digest));
      this.#byDigest.set(digest, policy);
    }
    return policy;
  }

  /** Reads the newest version of every product (artifacts only for digests not seen before). */
  async refresh(): Promise<void> {
    const next = new Map<string, ProductPolicy>();
    for (const product of await this.#store.products.listProducts()) next.set(product.name, await this.#forDigest(product.name, product.latest.digest));
    this.#byProduct = next;
  }

  perProductLimit(product: string): number {
    return this.#byProduct.get(product)?.perProduct ?? DEFAULT_PRODUCT_POLICY.perProduct;
  }

  /** The policy of the version a run runs. */
  async forRun(run: Run): Promise<ProductPolicy> {
    if (!run.bundleDigest) return this.#byProduct.get(run.product) ?? DEFAULT_PRODUCT_POLICY;
    return this.#forDigest(run.product, run.bundleDigest);
  }
}
