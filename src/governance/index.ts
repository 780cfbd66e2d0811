/**
 * Governance: policy rules over a loaded data product, evaluated at compile
 * time ("if it compiles, it's compliant"), and their reports for people
 * (text), tools (JSON) and CI systems (SARIF 2.1.0).
 */
export { evaluateGovernance } from './evaluate-governance.js';
export type { GovernanceOutcome, GovernanceRule } from './evaluate-governance.js';
export type { Finding, FindingSeverity } from './finding.js';
export { sortFindings, countBySeverity } from './finding.js';
export type {
  GovernanceInput,
  GovernanceManifest,
  GovernanceProduct,
  GovernanceProject,
  GovernanceTransform,
  ConfigLocator,
  EnforcementLevel,
  Tier,
} from './governance-input.js';
export { RULES, allRules } from './rule-catalog.js';
export type { RuleDescription } from './rule-catalog.js';
export { modelTier } from './model-tier.js';
export { formatFinding, formatFindings } from './text-report.js';
export { toJsonReport } from './json-report.js';
export type { GovernanceJsonReport } from './json-report.js';
export { toSarif, SARIF_SCHEMA_URI } from './sarif-report.js';
export type { SarifLog, SarifOptions } from './sarif-report.js';
export { renderGovernanceReport } from './render-report.js';
export type { GovernanceReportFormat } from './render-report.js';
