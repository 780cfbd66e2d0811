/** Why a bundle was refused. Every refusal stores nothing and names what to do. */
import { FloeError } from '../../errors/index.js';

export const BUNDLE_ERROR_CODES = {
  digestMismatch: 'FLOE_BUNDLE_DIGEST_MISMATCH',
  notATarball: 'FLOE_BUNDLE_NOT_A_TARBALL',
  unsafePath: 'FLOE_BUNDLE_UNSAFE_PATH',
  link: 'FLOE_BUNDLE_LINK',
  unsupportedEntry: 'FLOE_BUNDLE_UNSUPPORTED_ENTRY',
  duplicateEntry: 'FLOE_BUNDLE_DUPLICATE_ENTRY',
  tooLarge: 'FLOE_BUNDLE_TOO_LARGE',
  noArtifacts: 'FLOE_BUNDLE_NO_ARTIFACTS',
  invalidArtifacts: 'FLOE_BUNDLE_INVALID_ARTIFACTS',
  notFound: 'FLOE_BUNDLE_NOT_FOUND',
  packageFailed: 'FLOE_BUNDLE_PACKAGE_FAILED',
} as const;

export type BundleErrorCode = (typeof BUNDLE_ERROR_CODES)[keyof typeof BUNDLE_ERROR_CODES];

const PACKAGE_HINT = 'Package the product with `floe product package` (or `floe product register`), which writes a valid bundle.';

export function bundleError(code: BundleErrorCode, message: string, hint: string = PACKAGE_HINT): FloeError {
  return new FloeError(code, message, { hint });
}
