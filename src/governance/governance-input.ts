/**
 * What governance reads. These are structural views of the config module's
 * `Manifest` and `DataProduct` (a loaded manifest is assignable to them), with
 * every key optional so tests and tools can hand-build small inputs; the
 * defaults below mirror the config schema's.
 */
import type { ParsedProject } from '../transform/index.js';

export type EnforcementLevel = 'off' | 'warn' | 'strict';
export type Tier = 'bronze' | 'silver' | 'gold';
export const TIERS: readonly Tier[] = ['bronze', 'silver', 'gold'];

export interface ClassificationRuleInput {
  class: string;
  forbid_in_output_ports?: boolean;
  forbid_in_tiers?: readonly Tier[];
  require_masking?: boolean;
  allow_models?: readonly string[];
  severity?: 'error' | 'warning';
  description?: string;
}

export interface PolicyOverrideInput {
  pattern: string;
  action: 'downgrade' | 'exclude';
  rules?: readonly string[];
  reason?: string;
  /** `YYYY-MM-DD`; the override applies up to and including that day (UTC). */
  expires?: string | Date;
}

export interface GovernanceSettingsInput {
  policy_enforcement_level?: EnforcementLevel;
  naming?: { pattern?: 'medallion' | 'kimball' | 'custom'; custom_patterns?: readonly string[]; enforcement?: EnforcementLevel };
  quality_gates?: {
    minimum_test_coverage?: number;
    layer_thresholds?: { bronze?: number; silver?: number; gold?: number };
    require_descriptions?: boolean;
    require_column_descriptions?: boolean;
    block_on_failure?: boolean;
  };
  classification?: { classes?: readonly string[]; rules?: readonly ClassificationRuleInput[] };
  policy_overrides?: readonly PolicyOverrideInput[];
}

export interface GovernanceManifest {
  metadata?: { name?: string };
  governance?: GovernanceSettingsInput;
  compute?: { approved?: ReadonlyArray<{ name: string; type: string }>; default?: string };
  plugins?: Partial<Record<string, { type: string } | undefined>>;
  approved_plugins?: Partial<Record<string, readonly string[] | undefined>>;
}

export interface GovernanceTransform {
  name?: string;
  path: string;
  compute?: string;
  tier?: Tier;
}

export interface GovernanceProduct {
  metadata?: { name?: string };
  transforms?: readonly GovernanceTransform[];
  output_ports?: ReadonlyArray<{ name: string; model: string; schema?: string }>;
}

export interface GovernanceProject {
  transform: GovernanceTransform;
  project: ParsedProject;
}

/** Where config positions come from; governance works without one (findings then carry just the file). */
export interface ConfigLocator {
  /** Position of a key path in the effective manifest's file chain (e.g. `['compute', 'approved', 0]`). */
  manifest?(path: ReadonlyArray<string | number>): { file: string; line?: number; column?: number } | undefined;
  /** Position of a key path in floe.yaml (e.g. `['transforms', 1, 'compute']`). */
  product?(path: ReadonlyArray<string | number>): { file: string; line?: number; column?: number } | undefined;
}

export interface GovernanceInput {
  /** The effective manifest (inheritance already applied). */
  manifest: GovernanceManifest;
  product: GovernanceProduct;
  projects: readonly GovernanceProject[];
  /** Decides override expiry; passed in so evaluation stays pure and testable. */
  now: Date;
  /** File names findings about the config point at (default `manifest.yaml` / `floe.yaml`). */
  manifestFile?: string;
  productFile?: string;
  locate?: ConfigLocator;
}
