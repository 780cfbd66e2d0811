/** The kinds of file artifact floe publishes: which media types make one. */
import {
  PLATFORM_MANIFEST_ARTIFACT_TYPE,
  PLATFORM_MANIFEST_CONFIG_MEDIA_TYPE,
  PLATFORM_MANIFEST_LAYER_MEDIA_TYPE,
  PRODUCT_BUNDLE_ARTIFACT_TYPE,
  PRODUCT_BUNDLE_CONFIG_MEDIA_TYPE,
  PRODUCT_BUNDLE_LAYER_MEDIA_TYPE,
} from './media-types.js';

export interface FileArtifactKind {
  artifactType: string;
  configMediaType: string;
  layerMediaType: string;
}

export const PLATFORM_MANIFEST_ARTIFACT: FileArtifactKind = {
  artifactType: PLATFORM_MANIFEST_ARTIFACT_TYPE,
  configMediaType: PLATFORM_MANIFEST_CONFIG_MEDIA_TYPE,
  layerMediaType: PLATFORM_MANIFEST_LAYER_MEDIA_TYPE,
};

export const PRODUCT_BUNDLE_ARTIFACT: FileArtifactKind = {
  artifactType: PRODUCT_BUNDLE_ARTIFACT_TYPE,
  configMediaType: PRODUCT_BUNDLE_CONFIG_MEDIA_TYPE,
  layerMediaType: PRODUCT_BUNDLE_LAYER_MEDIA_TYPE,
};
