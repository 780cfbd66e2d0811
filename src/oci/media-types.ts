/**
 * The media types of floe's OCI artifacts (documented in docs/deployment.md).
 * An artifact is an OCI image manifest whose `artifactType` says what it is,
 * with a small JSON config and one layer holding the file itself.
 */
export const OCI_MANIFEST_MEDIA_TYPE = 'application/vnd.oci.image.manifest.v1+json';

/** A platform manifest (manifest.yaml), published by `floe platform publish`. */
export const PLATFORM_MANIFEST_ARTIFACT_TYPE = 'application/vnd.floe.platform-manifest.v1';
export const PLATFORM_MANIFEST_CONFIG_MEDIA_TYPE = 'application/vnd.floe.platform-manifest.config.v1+json';
export const PLATFORM_MANIFEST_LAYER_MEDIA_TYPE = 'application/vnd.floe.platform-manifest.v1+yaml';

/** A product bundle (compiled artifacts + project files), for `floe product push`. */
export const PRODUCT_BUNDLE_ARTIFACT_TYPE = 'application/vnd.floe.product-bundle.v1';
export const PRODUCT_BUNDLE_CONFIG_MEDIA_TYPE = 'application/vnd.floe.product-bundle.config.v1+json';
export const PRODUCT_BUNDLE_LAYER_MEDIA_TYPE = 'application/vnd.floe.product-bundle.v1.tar+gzip';

/** The OCI title annotation: the file name a layer unpacks to. */
export const TITLE_ANNOTATION = 'org.opencontainers.image.title';
