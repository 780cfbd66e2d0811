/** Findings as text for people: one block per finding, then a count. No colours (the CLI adds them). */
import { countBySeverity, type Finding } from './finding.js';

export function formatFinding(finding: Finding): string {
  let where = finding.file;
  if (finding.line !== undefined) where += `:${finding.line}${finding.column !== undefined ? `:${finding.column}` : ''}`;
  return `${where}: ${finding.severity} ${finding.ruleId} ${finding.rule}: ${finding.message}\n  hint: ${finding.hint}`;
}

export function formatFindings(findings: readonly Finding[]): string {
  if (findings.length === 0) return 'governance: no findings';
  const counts = countBySeverity(findings);
  const summary = [
    `${counts.error} error${counts.error === 1 ? '' : 's'}`,
    `${counts.warning} warning${counts.warning === 1 ? '' : 's'}`,
    ...(counts.info > 0 ? [`${counts.info} info`] : []),
  ].join(', ');
  return `${findings.map(formatFinding).join('\n')}\ngovernance: ${summary}`;
}
