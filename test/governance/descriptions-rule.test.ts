import { describe, expect, it } from 'vitest';
import { evaluateGovernance, RULES } from '../../src/governance/index.js';
import { handBuiltProject } from './hand-built-project.js';
import { inputFor, strictManifest } from './governance-input.js';

const manifest = (require_descriptions: boolean, require_column_descriptions: boolean) =>
  strictManifest({
    naming: { enforcement: 'off' },
    quality_gates: { minimum_test_coverage: 0, layer_thresholds: { bronze: 0, silver: 0, gold: 0 }, require_descriptions, require_column_descriptions },
  });

describe('descriptions rule', () => {
  const project = handBuiltProject([
    { name: 'described', description: 'Orders, one row per order.', columns: [{ name: 'id', description: 'Order id' }] },
    { name: 'blank', description: '   ', columns: [{ name: 'id', line: 9 }, { name: 'note', description: 'free text' }] },
  ]);

  it('reports models without a description when required', () => {
    const outcome = evaluateGovernance(inputFor(project, { manifest: manifest(true, false) }));
    expect(outcome.findings).toHaveLength(1);
    expect(outcome.findings[0]).toMatchObject({ ruleId: RULES.modelDescription.id, node: 'model.shop.blank', severity: 'error' });
    expect(outcome.findings[0].hint).toContain('description:');
  });

  it('reports undocumented columns at the column position in the property YAML', () => {
    const outcome = evaluateGovernance(inputFor(project, { manifest: manifest(false, true) }));
    expect(outcome.findings).toEqual([
      expect.objectContaining({ ruleId: RULES.columnDescription.id, file: 'transform/models/schema.yml', line: 9, column: 11, node: 'model.shop.blank' }),
    ]);
    expect(outcome.findings[0].message).toContain("column 'id' of model 'blank'");
  });

  it('checks nothing when descriptions are not required', () => {
    expect(evaluateGovernance(inputFor(project, { manifest: manifest(false, false) })).findings).toEqual([]);
  });
});
