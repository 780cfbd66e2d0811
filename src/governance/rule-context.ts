/**
 * The context every rule receives: the input, the governance settings with
 * defaults filled in, and the models to check, each with its tier and a file
 * path relative to the product directory.
 */
import { isAbsolute, posix, relative, sep } from 'node:path';
import type { ManifestNode, ParsedProject } from '../transform/index.js';
import type {
  ClassificationRuleInput,
  EnforcementLevel,
  GovernanceInput,
  GovernanceTransform,
  PolicyOverrideInput,
  Tier,
} from './governance-input.js';
import { modelTier, type TierSource } from './model-tier.js';

export const DEFAULT_CLASSES = ['pii', 'financial', 'identifier', 'public'] as const;

export interface GovernanceSettings {
  level: EnforcementLevel;
  naming: { pattern: 'medallion' | 'kimball' | 'custom'; customPatterns: string[]; enforcement: EnforcementLevel };
  gates: {
    minimumTestCoverage: number;
    layerThresholds: Record<Tier, number>;
    requireDescriptions: boolean;
    requireColumnDescriptions: boolean;
    blockOnFailure: boolean;
  };
  classification: { classes: string[]; rules: ClassificationRuleInput[] };
  overrides: PolicyOverrideInput[];
}

export interface ModelEntry {
  node: ManifestNode;
  transform: GovernanceTransform;
  project: ParsedProject;
  tier?: Tier;
  tierSource?: TierSource;
  /** The model's SQL file, relative to the product directory. */
  file: string;
  line?: number;
  column?: number;
}

export interface Location {
  file: string;
  line?: number;
  column?: number;
}

export interface RuleContext {
  input: GovernanceInput;
  settings: GovernanceSettings;
  /** Enabled models of every transform, in transform order then unique id order. */
  models: ModelEntry[];
  /** Position of a manifest key, or at least the manifest file. */
  manifestLocation(path: ReadonlyArray<string | number>): Location;
  /** Position of a floe.yaml key, or at least the floe.yaml file. */
  productLocation(path: ReadonlyArray<string | number>): Location;
  /** A project-relative (or absolute) path made relative to the product directory. */
  productRelative(project: ParsedProject, transform: GovernanceTransform, file: string): string;
}

export function normalizeSettings(input: GovernanceInput): GovernanceSettings {
  const governance = input.manifest.governance ?? {};
  const gates = governance.quality_gates ?? {};
  const thresholds = gates.layer_thresholds ?? {};
  return {
    level: governance.policy_enforcement_level ?? 'warn',
    naming: {
      pattern: governance.naming?.pattern ?? 'medallion',
      customPatterns: [...(governance.naming?.custom_patterns ?? [])],
      enforcement: governance.naming?.enforcement ?? 'warn',
    },
    gates: {
      minimumTestCoverage: gates.minimum_test_coverage ?? 80,
      layerThresholds: { bronze: thresholds.bronze ?? 50, silver: thresholds.silver ?? 80, gold: thresholds.gold ?? 100 },
      requireDescriptions: gates.require_descriptions ?? false,
      requireColumnDescriptions: gates.require_column_descriptions ?? false,
      blockOnFailure: gates.block_on_failure ?? true,
    },
    classification: {
      classes: [...(governance.classification?.classes ?? DEFAULT_CLASSES)],
      rules: [...(governance.classification?.rules ?? [])],
    },
    overrides: [...(governance.policy_overrides ?? [])],
  };
}

export function productRelative(project: ParsedProject, transform: GovernanceTransform, file: string): string {
  const withinProject = isAbsolute(file) ? relative(project.root, file) : file;
  return posix.normalize(posix.join(toPosix(transform.path), toPosix(withinProject)));
}

function toPosix(path: string): string {
  return path.split(sep).join('/');
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function buildRuleContext(input: GovernanceInput): RuleContext {
  const manifestFile = input.manifestFile ?? 'manifest.yaml';
  const productFile = input.productFile ?? 'floe.yaml';
  const models: ModelEntry[] = [];
  for (const { transform, project } of input.projects) {
    const nodes = [...project.nodes.values()]
      .filter((node) => node.resourceType === 'model' && node.config.enabled !== false)
      .sort((a, b) => compareText(a.uniqueId, b.uniqueId));
    for (const node of nodes) {
      const { tier, source } = modelTier(node, transform);
      models.push({
        node,
        transform,
        project,
        tier,
        tierSource: source,
        file: productRelative(project, transform, node.originalFilePath || node.position.file),
        line: node.position.line,
        column: node.position.column,
      });
    }
  }
  return {
    input,
    settings: normalizeSettings(input),
    models,
    manifestLocation: (path) => input.locate?.manifest?.(path) ?? { file: manifestFile },
    productLocation: (path) => input.locate?.product?.(path) ?? { file: productFile },
    productRelative,
  };
}
