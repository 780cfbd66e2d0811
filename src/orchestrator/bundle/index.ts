/**
 * Product bundles: a product's compiled artifacts and the project files a run
 * needs, as one content-addressed, deterministic .tar.gz.
 *
 *   const bundle = await packageBundle(productDir, artifacts);     // { bytes, digest, files }
 *   const checked = await readBundle(bytes, { expectedDigest });  // every refusal is a FLOE_BUNDLE_* error
 *   const unpacked = await unpackBundle(bytes, { expectedDigest }); // a private temp product folder; unpacked.remove()
 */
export { packageBundle, bundleDigestOf } from './package-bundle.js';
export type { PackagedBundle } from './package-bundle.js';
export { readBundle, checkEntryPath } from './read-bundle.js';
export type { BundleEntry, VerifiedBundle, ReadBundleOptions } from './read-bundle.js';
export { unpackBundle } from './unpack-bundle.js';
export type { UnpackedBundle, UnpackBundleOptions } from './unpack-bundle.js';
export { DEFAULT_BUNDLE_LIMITS, bundleLimitsFromEnv } from './bundle-limits.js';
export type { BundleLimits } from './bundle-limits.js';
export { BUNDLE_ERROR_CODES } from './bundle-errors.js';
export { BUNDLE_ARTIFACTS_PATH, BUNDLE_MEDIA_TYPE } from './bundle-layout.js';
