/**
 * Where product bundles live, by digest, so every webserver replica and every
 * pipeline job can read the same bytes. The state store keeps them in a
 * table; an OCI registry can implement the same three methods later.
 */
export interface BundleStore {
  /** Stores the bytes under their digest (`sha256:<hex>`, checked). Storing a digest twice keeps the first copy. */
  put(digest: string, bytes: Uint8Array): Promise<{ created: boolean }>;
  get(digest: string): Promise<Uint8Array | undefined>;
  has(digest: string): Promise<boolean>;
}
