/**
 * Every governance rule floe knows, with its stable id. Ids never change
 * meaning once published (CI systems key suppressions on them); new rules get
 * new ids. The catalog feeds SARIF's `tool.driver.rules` and the docs.
 */
export interface RuleDescription {
  id: string;
  name: string;
  summary: string;
  /** Severity before levels and overrides are applied. */
  defaultSeverity: 'error' | 'warning' | 'info';
}

export const RULES = {
  naming: { id: 'FLOE-G001', name: 'naming', summary: 'Model names follow the platform naming pattern (medallion, kimball or custom).', defaultSeverity: 'error' },
  layerMismatch: { id: 'FLOE-G002', name: 'naming-layer', summary: "A medallion model's name prefix matches the layer folder it lives in.", defaultSeverity: 'error' },
  productCoverage: { id: 'FLOE-G003', name: 'test-coverage', summary: 'The share of models with at least one test reaches minimum_test_coverage.', defaultSeverity: 'error' },
  tierCoverage: { id: 'FLOE-G004', name: 'tier-test-coverage', summary: "Each model's column test coverage reaches its tier's threshold (layer_thresholds).", defaultSeverity: 'error' },
  modelDescription: { id: 'FLOE-G005', name: 'model-description', summary: 'Every model has a description (require_descriptions).', defaultSeverity: 'error' },
  columnDescription: { id: 'FLOE-G006', name: 'column-description', summary: 'Every declared column has a description (require_column_descriptions).', defaultSeverity: 'error' },
  unknownClassification: { id: 'FLOE-G007', name: 'classification-unknown', summary: 'Column classifications use a class the manifest knows.', defaultSeverity: 'error' },
  classifiedOutputPort: { id: 'FLOE-G008', name: 'classification-output-port', summary: 'PII (and classes forbidden in output ports) does not reach an output port unless the model allows it.', defaultSeverity: 'error' },
  classifiedUnmasked: { id: 'FLOE-G009', name: 'classification-masking', summary: 'PII in gold models, and classes that require masking, carry a masking note.', defaultSeverity: 'error' },
  classifiedTier: { id: 'FLOE-G010', name: 'classification-tier', summary: 'Classified columns stay out of the tiers a classification rule forbids.', defaultSeverity: 'error' },
  unapprovedCompute: { id: 'FLOE-G011', name: 'approved-compute', summary: "Each transform runs on a compute from the manifest's approved list.", defaultSeverity: 'error' },
  unapprovedPlugin: { id: 'FLOE-G012', name: 'approved-plugins', summary: 'Selected plugins and approved compute types are on the approved_plugins lists.', defaultSeverity: 'error' },
  overrideMissingReason: { id: 'FLOE-G013', name: 'override-reason', summary: 'Every policy override states a reason.', defaultSeverity: 'error' },
  overrideExpired: { id: 'FLOE-G014', name: 'override-expired', summary: 'Policy overrides past their expiry no longer apply and must be renewed or removed.', defaultSeverity: 'error' },
  overrideInvalid: { id: 'FLOE-G015', name: 'override-pattern', summary: 'Policy override patterns and expiry dates are valid.', defaultSeverity: 'error' },
  overrideUnused: { id: 'FLOE-G016', name: 'override-unused', summary: 'A policy override that matches no finding can be removed.', defaultSeverity: 'info' },
} as const satisfies Record<string, RuleDescription>;

export type RuleKey = keyof typeof RULES;

/** The catalog in id order. */
export function allRules(): RuleDescription[] {
  return Object.values(RULES as Record<string, RuleDescription>).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
