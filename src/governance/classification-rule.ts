/**
 * Classification: columns declare a class in `meta.classification` (on the
 * column, in the column's `config.meta`, or as a `{column: class}` map in the
 * model's `meta.classification`). Checked here:
 *
 * - the class is one the manifest lists (`classification.classes`);
 * - built in, always: pii never reaches an output port unless the model sets
 *   `meta.pii_approved: true` (or an override applies), and pii in a gold
 *   model carries a masking note (`meta.masked: true` or `meta.masking: <how>`);
 * - every configured `classification.rules` entry: `forbid_in_output_ports`,
 *   `forbid_in_tiers`, `require_masking`, exempting `allow_models` and models
 *   with `meta.<class>_approved: true`.
 */
import { didYouMean } from '../errors/index.js';
import type { ColumnInfo } from '../transform/index.js';
import type { Finding } from './finding.js';
import type { ClassificationRuleInput } from './governance-input.js';
import { compileNamePattern } from './name-pattern.js';
import { RULES } from './rule-catalog.js';
import type { ModelEntry, RuleContext } from './rule-context.js';

export interface ClassifiedColumn {
  model: ModelEntry;
  column: string;
  classification: string;
  masked: boolean;
  location: { file: string; line?: number; column?: number };
}

/** Built-in rules; configured rules add to them. */
const BUILT_IN_RULES: ClassificationRuleInput[] = [{ class: 'pii', forbid_in_output_ports: true }];

export function classificationRule(context: RuleContext): Finding[] {
  const { classes, rules } = context.settings.classification;
  const columns = classifiedColumns(context);
  const findings = new Map<string, Finding>();
  // One finding per rule id, model and column: built-in and configured rules may overlap.
  const add = (finding: Finding, column: ClassifiedColumn) => {
    const key = `${finding.ruleId}|${finding.node}|${column.column}`;
    const existing = findings.get(key);
    if (!existing || (existing.severity !== 'error' && finding.severity === 'error')) findings.set(key, finding);
  };

  const portsByModel = new Map<string, string[]>();
  for (const port of context.input.product.output_ports ?? []) {
    portsByModel.set(port.model, [...(portsByModel.get(port.model) ?? []), port.name]);
  }

  for (const classified of columns) {
    const { model, column, classification, location } = classified;
    const base = { ...location, node: model.node.uniqueId };
    if (!classes.includes(classification)) {
      const suggestion = didYouMean(classification, classes);
      add(
        {
          ruleId: RULES.unknownClassification.id,
          rule: RULES.unknownClassification.name,
          severity: 'error',
          message: `column '${column}' of model '${model.node.name}' is classified '${classification}', which is not a known class (${classes.join(', ')})`,
          ...base,
          hint: suggestion ? `${suggestion} Use one of the manifest's classification.classes.` : "use one of the manifest's classification.classes",
        },
        classified,
      );
      continue;
    }

    for (const rule of [...BUILT_IN_RULES, ...rules]) {
      if (rule.class !== classification || isExempt(model, rule)) continue;
      const severity = rule.severity ?? 'error';
      const why = rule.description ? ` (${rule.description})` : '';
      const ports = portsByModel.get(model.node.name);
      if (rule.forbid_in_output_ports && ports) {
        add(
          {
            ruleId: RULES.classifiedOutputPort.id,
            rule: RULES.classifiedOutputPort.name,
            severity,
            message: `${classification} column '${column}' of model '${model.node.name}' reaches output port${ports.length > 1 ? 's' : ''} ${ports.map((p) => `'${p}'`).join(', ')}${why}`,
            ...base,
            hint: `drop or mask the column before publishing, or, if publishing it is approved, set \`meta: {${classification}_approved: true}\` on model '${model.node.name}'`,
          },
          classified,
        );
      }
      if (rule.forbid_in_tiers && model.tier && rule.forbid_in_tiers.includes(model.tier)) {
        add(
          {
            ruleId: RULES.classifiedTier.id,
            rule: RULES.classifiedTier.name,
            severity,
            message: `${classification} column '${column}' may not appear in ${model.tier} models, but '${model.node.name}' has it${why}`,
            ...base,
            hint: `remove the column from '${model.node.name}' or aggregate it away before the ${model.tier} layer`,
          },
          classified,
        );
      }
      if (rule.require_masking && !classified.masked) add(maskingFinding(classified, severity, `${classification} columns must be masked${why}`), classified);
    }

    if (classification === 'pii' && model.tier === 'gold' && !classified.masked && !isExempt(model, { class: 'pii' })) {
      add(maskingFinding(classified, 'error', 'pii in a gold model must be masked'), classified);
    }
  }
  return [...findings.values()];
}

function maskingFinding(classified: ClassifiedColumn, severity: 'error' | 'warning', why: string): Finding {
  const { model, column, location } = classified;
  return {
    ruleId: RULES.classifiedUnmasked.id,
    rule: RULES.classifiedUnmasked.name,
    severity,
    message: `${classified.classification} column '${column}' of model '${model.node.name}' has no masking note: ${why}`,
    ...location,
    node: model.node.uniqueId,
    hint: `mask the value in SQL (e.g. a hash) and record it on the column: \`meta: {classification: ${classified.classification}, masking: sha256}\` (or \`masked: true\`)`,
  };
}

function isExempt(model: ModelEntry, rule: ClassificationRuleInput): boolean {
  if (model.node.config.meta?.[`${rule.class}_approved`] === true) return true;
  const target = { name: model.node.name, path: model.node.originalFilePath };
  return (rule.allow_models ?? []).some((source) => {
    const compiled = compileNamePattern(source);
    return 'pattern' in compiled && compiled.pattern.matches(target);
  });
}

/** Every classified column of every model, in model then column order. */
export function classifiedColumns(context: RuleContext): ClassifiedColumn[] {
  const result: ClassifiedColumn[] = [];
  for (const model of context.models) {
    const modelMap = asRecord(model.node.config.meta?.classification);
    const seen = new Set<string>();
    for (const column of Object.values(model.node.columns)) {
      const classification = columnClass(column) ?? stringValue(modelMap?.[column.name]);
      seen.add(column.name);
      if (!classification) continue;
      result.push({
        model,
        column: column.name,
        classification,
        masked: isMasked(column),
        location: column.position
          ? { file: context.productRelative(model.project, model.transform, column.position.file), line: column.position.line, column: column.position.column }
          : { file: model.file, line: model.line, column: model.column },
      });
    }
    // Columns classified only in the model-level map (not declared in YAML).
    for (const [name, value] of Object.entries(modelMap ?? {})) {
      const classification = stringValue(value);
      if (seen.has(name) || !classification) continue;
      result.push({ model, column: name, classification, masked: false, location: { file: model.file, line: model.line, column: model.column } });
    }
  }
  return result;
}

function columnMeta(column: ColumnInfo): Record<string, unknown> {
  // dbt 1.10 moved column meta under `config:`; accept both spellings.
  const config = asRecord((column as ColumnInfo & { config?: unknown }).config);
  return { ...(asRecord(config?.meta) ?? {}), ...(column.meta ?? {}) };
}

function columnClass(column: ColumnInfo): string | undefined {
  return stringValue(columnMeta(column).classification);
}

function isMasked(column: ColumnInfo): boolean {
  const meta = columnMeta(column);
  return meta.masked === true || (typeof meta.masking === 'string' && meta.masking.trim().length > 0);
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function stringValue(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
