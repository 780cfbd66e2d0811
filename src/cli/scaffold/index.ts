/** `floe init`'s scaffold: a product (manifest, floe.yaml, SQL project) that works immediately. */
export { scaffoldProduct, checkProductName, PACKAGE_SCHEMAS_DIR } from './scaffold-product.js';
export type { ScaffoldOptions, ScaffoldResult, DomainBinding } from './scaffold-product.js';
