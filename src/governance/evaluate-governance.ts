/**
 * Governance over a loaded product: run every rule, apply policy overrides,
 * then the enforcement level. Pure: the same input (including `now`) gives the
 * same outcome, in a stable order.
 *
 * Levels: off — nothing is checked, no findings; warn — every error becomes a
 * warning (compile passes); strict — errors stay errors and fail compile.
 * The level is the effective manifest's (the config module already took the
 * stricter of parent and child).
 */
import { approvedComputeRule } from './approved-compute-rule.js';
import { approvedPluginsRule } from './approved-plugins-rule.js';
import { classificationRule } from './classification-rule.js';
import { descriptionsRule } from './descriptions-rule.js';
import { sortFindings, type Finding } from './finding.js';
import type { EnforcementLevel, GovernanceInput } from './governance-input.js';
import { namingRule } from './naming-rule.js';
import { applyPolicyOverrides } from './policy-overrides.js';
import { buildRuleContext, type RuleContext } from './rule-context.js';
import { testCoverageRule } from './test-coverage-rule.js';

export interface GovernanceOutcome {
  level: EnforcementLevel;
  findings: Finding[];
  /** False when any finding has severity error (only possible under strict). */
  passed: boolean;
  /**
   * The last day (YYYY-MM-DD, UTC) this outcome holds: the earliest expiry of
   * the policy overrides that shaped it. After it, re-evaluate.
   */
  validUntil?: string;
}

export type GovernanceRule = (context: RuleContext) => Finding[];

const RULE_FUNCTIONS: readonly GovernanceRule[] = [
  namingRule,
  testCoverageRule,
  descriptionsRule,
  classificationRule,
  approvedComputeRule,
  approvedPluginsRule,
];

export function evaluateGovernance(input: GovernanceInput): GovernanceOutcome {
  const context = buildRuleContext(input);
  const level = context.settings.level;
  if (level === 'off') return { level, findings: [], passed: true };
  const { findings, overrideFindings, validUntil } = applyPolicyOverrides(
    context,
    RULE_FUNCTIONS.flatMap((rule) => rule(context)),
  );
  let all = [...findings, ...overrideFindings];
  if (level === 'warn') all = all.map((finding) => (finding.severity === 'error' ? { ...finding, severity: 'warning' as const } : finding));
  const sorted = sortFindings(all);
  return {
    level,
    findings: sorted,
    passed: !sorted.some((finding) => finding.severity === 'error'),
    ...(validUntil ? { validUntil } : {}),
  };
}
