/**
 * Descriptions: with `require_descriptions` every model needs a description;
 * with `require_column_descriptions` every declared column does too.
 * Whitespace-only text counts as missing.
 */
import type { Finding } from './finding.js';
import { RULES } from './rule-catalog.js';
import type { ModelEntry, RuleContext } from './rule-context.js';

export function descriptionsRule(context: RuleContext): Finding[] {
  const { gates } = context.settings;
  if (!gates.requireDescriptions && !gates.requireColumnDescriptions) return [];
  const severity = gates.blockOnFailure ? 'error' : 'warning';
  const findings: Finding[] = [];
  for (const model of context.models) {
    const { node } = model;
    if (gates.requireDescriptions && isBlank(node.description)) {
      findings.push({
        ruleId: RULES.modelDescription.id,
        rule: RULES.modelDescription.name,
        severity,
        message: `model '${node.name}' has no description`,
        ...propertyFileLocation(context, model),
        node: node.uniqueId,
        hint: `add \`description: ...\` for '${node.name}' in its property YAML (models: [{name: ${node.name}, description: ...}])`,
      });
    }
    if (!gates.requireColumnDescriptions) continue;
    for (const column of Object.values(node.columns)) {
      if (!isBlank(column.description)) continue;
      const location = column.position
        ? { file: context.productRelative(model.project, model.transform, column.position.file), line: column.position.line, column: column.position.column }
        : propertyFileLocation(context, model);
      findings.push({
        ruleId: RULES.columnDescription.id,
        rule: RULES.columnDescription.name,
        severity,
        message: `column '${column.name}' of model '${node.name}' has no description`,
        ...location,
        node: node.uniqueId,
        hint: `add \`description: ...\` under column '${column.name}' of '${node.name}'`,
      });
    }
  }
  return findings;
}

function isBlank(text: string | undefined): boolean {
  return !text || text.trim().length === 0;
}

/** The model's property YAML when it has one (where a description goes), else its SQL file. */
function propertyFileLocation(context: RuleContext, model: ModelEntry): { file: string; line?: number; column?: number } {
  if (model.node.patchPath) {
    // dbt spells it `<project>://models/schema.yml`.
    const file = model.node.patchPath.replace(/^[A-Za-z0-9_]+:\/\//, '');
    return { file: context.productRelative(model.project, model.transform, file) };
  }
  return { file: model.file, line: model.line, column: model.column };
}
