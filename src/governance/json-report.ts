/** The governance outcome as JSON for CI systems (`floe validate --json`, `--report x.json`). */
import { countBySeverity, type Finding, type FindingSeverity } from './finding.js';
import type { GovernanceOutcome } from './evaluate-governance.js';

export interface GovernanceJsonReport {
  level: GovernanceOutcome['level'];
  passed: boolean;
  summary: Record<FindingSeverity, number>;
  findings: Finding[];
}

export function toJsonReport(outcome: GovernanceOutcome): GovernanceJsonReport {
  return {
    level: outcome.level,
    passed: outcome.passed,
    summary: countBySeverity(outcome.findings),
    // Fixed key order, and undefined keys left out, so the JSON is stable.
    findings: outcome.findings.map((finding) => ({
      ruleId: finding.ruleId,
      rule: finding.rule,
      severity: finding.severity,
      message: finding.message,
      file: finding.file,
      ...(finding.line !== undefined ? { line: finding.line } : {}),
      ...(finding.column !== undefined ? { column: finding.column } : {}),
      ...(finding.node !== undefined ? { node: finding.node } : {}),
      hint: finding.hint,
    })),
  };
}
