/** One entry point for `--report`: the outcome as text, JSON or SARIF, ready to print or write to a file. */
import type { GovernanceOutcome } from './evaluate-governance.js';
import { toJsonReport } from './json-report.js';
import { toSarif, type SarifOptions } from './sarif-report.js';
import { formatFindings } from './text-report.js';

export type GovernanceReportFormat = 'text' | 'json' | 'sarif';

export function renderGovernanceReport(outcome: GovernanceOutcome, format: GovernanceReportFormat, options: SarifOptions = {}): string {
  switch (format) {
    case 'text':
      return `${formatFindings(outcome.findings)}\n`;
    case 'json':
      return `${JSON.stringify(toJsonReport(outcome), null, 2)}\n`;
    case 'sarif':
      return `${JSON.stringify(toSarif(outcome.findings, options), null, 2)}\n`;
  }
}
