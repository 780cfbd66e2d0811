/**
 * Registered products and their versions. A version is one bundle (by
 * digest) compiled for one environment; registering the same digest again
 * changes nothing. Recording a version also brings the product's schedule
 * and input-port sensor for that environment in line with it.
 */
import type { JsonObject } from './records.js';
import type { CatchUpPolicy, ProductSummary, ProductVersion, SensorInput } from './service-records.js';

export interface RecordVersionInput {
  product: string;
  productId: string;
  domain?: string | null;
  version: string;
  digest: string;
  environment: string;
  artifactsHash: string;
  /** The compiled artifacts, kept so the services can show a product without opening its bundle. */
  artifacts: JsonObject;
  sizeBytes: number;
  registeredBy?: string | null;
  /** The schedule the artifacts declare, or null when they declare none. */
  schedule: { cron: string; timezone: string; enabled: boolean; catchUp: CatchUpPolicy } | null;
  /** The artifacts' input ports (empty: no sensor). */
  inputPorts: SensorInput[];
}

export interface RecordVersionResult {
  version: ProductVersion;
  /** False when this digest was already registered (nothing changed). */
  created: boolean;
}

export interface FindVersionOptions {
  /** A version string from floe.yaml (the newest registration of it), or a digest `sha256:…`. */
  version?: string;
  environment?: string;
}

export interface ListVersionsOptions {
  environment?: string;
  /** Defaults to 50; at most 1000. */
  limit?: number;
  /** Only versions with a smaller sequence (paging back). */
  beforeSequence?: number;
}

export interface ProductCatalog {
  recordVersion(input: RecordVersionInput): Promise<RecordVersionResult>;
  /** By name. */
  listProducts(): Promise<ProductSummary[]>;
  getProduct(name: string): Promise<ProductSummary | undefined>;
  /** Newest first. */
  listVersions(product: string, options?: ListVersionsOptions): Promise<ProductVersion[]>;
  /** The newest version matching, or undefined. */
  findVersion(product: string, options?: FindVersionOptions): Promise<ProductVersion | undefined>;
  /** The compiled artifacts of a registered version. */
  getVersionArtifacts(product: string, digest: string): Promise<JsonObject | undefined>;
}
