/** A queued run of one registered product version: what a trigger, a tick and a sensor all create. */
import type { CreateRunInput, ProductVersion, RunTrigger } from '../state/index.js';

export function runInputForVersion(version: ProductVersion, trigger: RunTrigger, extra: Partial<CreateRunInput> = {}): CreateRunInput {
  return {
    product: version.product,
    productVersion: version.version,
    environment: version.environment,
    trigger,
    bundleDigest: version.digest,
    artifactsHash: version.artifactsHash,
    ...extra,
  };
}
