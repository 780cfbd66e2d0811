/**
 * What a bundle holds, as paths relative to the product folder: the compiled
 * artifacts at `.floe/artifacts.json` (so an unpacked bundle is a product
 * folder a run can start from), floe.yaml, and in each transform's SQL
 * project the files a run reads — SQL, YAML, Markdown docs, CSV seeds —
 * outside the folders dbt and floe write to. Nothing hidden, no profiles.yml
 * (credentials), no warehouse files, no target/ or logs/.
 */
export const BUNDLE_ARTIFACTS_PATH = '.floe/artifacts.json';
export const PRODUCT_FILES = ['floe.yaml', 'floe.yml'];
export const PROJECT_FILE_EXTENSIONS = ['.sql', '.yml', '.yaml', '.md', '.csv'];
/** Folders a SQL project writes, never read by a run. */
export const SKIPPED_PROJECT_FOLDERS = ['target', 'logs', 'node_modules', 'warehouse'];
/** Files that may hold credentials. */
export const SKIPPED_FILE_NAMES = ['profiles.yml', 'profiles.yaml'];

/** The media type of a bundle, for registries and uploads. */
export const BUNDLE_MEDIA_TYPE = 'application/vnd.floe.product.bundle.v1.tar+gzip';
