/**
 * Findings as SARIF 2.1.0 (what GitHub code scanning and most CI systems
 * read). Every rule of the catalog is listed under `tool.driver.rules`, and
 * each result points at its rule by id and index.
 */
import type { Finding, FindingSeverity } from './finding.js';
import { allRules } from './rule-catalog.js';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

const sarifLevel: Record<FindingSeverity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

export interface SarifOptions {
  /** floe's version, shown as the tool's version. */
  toolVersion?: string;
}

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: Array<{
    tool: { driver: { name: string; version?: string; rules: SarifRule[] } };
    results: SarifResult[];
  }>;
}

export interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  defaultConfiguration: { level: 'error' | 'warning' | 'note' };
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: 'error' | 'warning' | 'note';
  message: { text: string };
  locations: Array<{
    physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number; startColumn?: number } };
    logicalLocations?: Array<{ fullyQualifiedName: string }>;
  }>;
}

export function toSarif(findings: readonly Finding[], options: SarifOptions = {}): SarifLog {
  const rules = allRules();
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'floe',
            ...(options.toolVersion ? { version: options.toolVersion } : {}),
            rules: rules.map((rule) => ({
              id: rule.id,
              name: rule.name,
              shortDescription: { text: rule.summary },
              defaultConfiguration: { level: sarifLevel[rule.defaultSeverity] },
            })),
          },
        },
        results: findings.map((finding) => ({
          ruleId: finding.ruleId,
          ruleIndex: ruleIndex.get(finding.ruleId) ?? -1,
          level: sarifLevel[finding.severity],
          message: { text: `${finding.message}. Hint: ${finding.hint}` },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: encodeURI(finding.file) },
                ...(finding.line !== undefined
                  ? { region: { startLine: finding.line, ...(finding.column !== undefined ? { startColumn: finding.column } : {}) } }
                  : {}),
              },
              ...(finding.node ? { logicalLocations: [{ fullyQualifiedName: finding.node }] } : {}),
            },
          ],
        })),
      },
    ],
  };
}
