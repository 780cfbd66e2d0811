import { describe, expect, it } from 'vitest';
import { evaluateGovernance, RULES } from '../../src/governance/index.js';
import { handBuiltProject } from './hand-built-project.js';
import { inputFor, strictManifest } from './governance-input.js';

const gates = (quality_gates: NonNullable<NonNullable<ReturnType<typeof strictManifest>['governance']>['quality_gates']>) =>
  strictManifest({ naming: { enforcement: 'off' }, quality_gates });
const ofRule = (outcome: ReturnType<typeof evaluateGovernance>, id: string) => outcome.findings.filter((finding) => finding.ruleId === id);

describe('test coverage rule', () => {
  it("reports a project whose share of tested models is below minimum_test_coverage, pointing at its dbt_project.yml", () => {
    const project = handBuiltProject([{ name: 'a' }, { name: 'b' }, { name: 'c' }], [{ model: 'a' }]);
    const outcome = evaluateGovernance(inputFor(project, { manifest: gates({ minimum_test_coverage: 50 }) }));
    const [finding] = ofRule(outcome, RULES.productCoverage.id);
    expect(finding).toMatchObject({ severity: 'error', file: 'transform/dbt_project.yml' });
    expect(finding.message).toContain('1 of 3 models');
    expect(finding.message).toContain('33.3%');
    expect(finding.hint).toContain('1 more model');
  });

  it('passes when enough models are tested; singular tests count for every model they ref', () => {
    const project = handBuiltProject([{ name: 'a' }, { name: 'b' }], [{ model: 'a', singularRefs: ['a', 'b'] }]);
    const outcome = evaluateGovernance(inputFor(project, { manifest: gates({ minimum_test_coverage: 100, layer_thresholds: { bronze: 0, silver: 0, gold: 0 } }) }));
    expect(outcome.findings).toEqual([]);
  });

  it("holds each tiered model's column coverage to its tier threshold and names the untested columns", () => {
    const project = handBuiltProject(
      [
        { name: 'gold_customers', folders: ['gold'], columns: [{ name: 'id' }, { name: 'email' }, { name: 'name' }] },
        { name: 'silver_orders', folders: ['silver'], columns: [{ name: 'id' }, { name: 'amount' }] },
      ],
      [{ model: 'gold_customers', column: 'id' }, { model: 'gold_customers', column: 'EMAIL' }, { model: 'silver_orders', column: 'id' }],
    );
    const outcome = evaluateGovernance(inputFor(project, { manifest: gates({ minimum_test_coverage: 0, layer_thresholds: { bronze: 50, silver: 50, gold: 100 } }) }));
    const findings = ofRule(outcome, RULES.tierCoverage.id);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ node: 'model.shop.gold_customers', file: 'transform/models/gold/gold_customers.sql' });
    expect(findings[0].message).toContain('2 of 3 declared columns tested (66.7%)');
    expect(findings[0].hint).toBe('add tests to: name');
  });

  it('takes the tier from meta.tier over the folder, and from the transform when nothing else says', () => {
    const project = handBuiltProject([
      { name: 'x_meta', folders: ['bronze'], meta: { tier: 'gold' } },
      { name: 'x_plain' },
    ]);
    const outcome = evaluateGovernance(
      inputFor(project, { transform: { tier: 'silver' }, manifest: gates({ minimum_test_coverage: 0, layer_thresholds: { bronze: 0, silver: 10, gold: 10 } }) }),
    );
    const messages = ofRule(outcome, RULES.tierCoverage.id).map((finding) => finding.message);
    expect(messages).toEqual([
      expect.stringContaining("gold model 'x_meta'"),
      expect.stringContaining("silver model 'x_plain'"),
    ]);
    expect(messages[0]).toContain('declares no columns and has no tests');
  });

  it('leaves models without a tier to the project-wide gate only', () => {
    const project = handBuiltProject([{ name: 'untiered' }]);
    const outcome = evaluateGovernance(inputFor(project, { manifest: gates({ minimum_test_coverage: 0 }) }));
    expect(outcome.findings).toEqual([]);
  });

  it('reports warnings instead of errors when block_on_failure is false', () => {
    const project = handBuiltProject([{ name: 'gold_x', columns: [{ name: 'id' }] }]);
    const outcome = evaluateGovernance(inputFor(project, { manifest: gates({ block_on_failure: false }) }));
    expect(outcome.findings.map((finding) => finding.severity)).toEqual(['warning', 'warning']);
    expect(outcome.passed).toBe(true);
  });
});
