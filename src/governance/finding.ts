/**
 * A governance finding: one rule's verdict about one place in the product.
 * Findings are values (never thrown) so a compile reports every problem at once.
 */
export type FindingSeverity = 'error' | 'warning' | 'info';

export interface Finding {
  /** Stable rule id, `FLOE-G001`…; see rule-catalog.ts. */
  ruleId: string;
  /** Short kebab-case rule name, e.g. `naming`. */
  rule: string;
  severity: FindingSeverity;
  message: string;
  /** File the finding points at, relative to the product directory when possible. */
  file: string;
  /** 1-based line, when known. */
  line?: number;
  /** 1-based column, when known. */
  column?: number;
  /** The node's unique id (`model.pkg.name`) when the finding is about a node. */
  node?: string;
  /** What to do about it. */
  hint: string;
}

const severityRank: Record<FindingSeverity, number> = { error: 0, warning: 1, info: 2 };

/** Stable order: file, line, column, rule id, node, message — so reports and artifacts are deterministic. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      compareText(a.file, b.file) ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      compareText(a.ruleId, b.ruleId) ||
      compareText(a.node ?? '', b.node ?? '') ||
      severityRank[a.severity] - severityRank[b.severity] ||
      compareText(a.message, b.message),
  );
}

export function countBySeverity(findings: readonly Finding[]): Record<FindingSeverity, number> {
  const counts: Record<FindingSeverity, number> = { error: 0, warning: 0, info: 0 };
  for (const finding of findings) counts[finding.severity] += 1;
  return counts;
}

/** Plain code-unit comparison (not locale-aware), so ordering never depends on the machine. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
