import { describe, expect, it } from 'vitest';
import { evaluateGovernance, RULES } from '../../src/governance/index.js';
import { handBuiltProject } from './hand-built-project.js';
import { inputFor, strictManifest } from './governance-input.js';

const manifest = (classification?: NonNullable<NonNullable<ReturnType<typeof strictManifest>['governance']>['classification']>) =>
  strictManifest({
    naming: { enforcement: 'off' },
    quality_gates: { minimum_test_coverage: 0, layer_thresholds: { bronze: 0, silver: 0, gold: 0 } },
    ...(classification ? { classification } : {}),
  });
const ids = (outcome: ReturnType<typeof evaluateGovernance>) => outcome.findings.map((finding) => `${finding.ruleId} ${finding.node}`);

describe('classification rule', () => {
  it('stops pii from reaching an output port, pointing at the classified column', () => {
    const project = handBuiltProject([
      { name: 'silver_customers', columns: [{ name: 'id', meta: { classification: 'identifier' } }, { name: 'email', meta: { classification: 'pii' }, line: 12 }] },
    ]);
    const outcome = evaluateGovernance(inputFor(project, { manifest: manifest(), outputPorts: [{ name: 'customers', model: 'silver_customers' }] }));
    expect(outcome.findings).toEqual([
      expect.objectContaining({ ruleId: RULES.classifiedOutputPort.id, severity: 'error', file: 'transform/models/schema.yml', line: 12 }),
    ]);
    expect(outcome.findings[0].message).toContain("output port 'customers'");
    expect(outcome.findings[0].hint).toContain('pii_approved: true');
    expect(outcome.passed).toBe(false);
  });

  it('lets a model with meta.pii_approved publish pii', () => {
    const project = handBuiltProject([{ name: 'silver_customers', meta: { pii_approved: true }, columns: [{ name: 'email', meta: { classification: 'pii' } }] }]);
    const outcome = evaluateGovernance(inputFor(project, { manifest: manifest(), outputPorts: [{ name: 'customers', model: 'silver_customers' }] }));
    expect(outcome.findings).toEqual([]);
  });

  it('requires a masking note on pii in gold models, and accepts masked: true or masking: <how>', () => {
    const project = handBuiltProject([
      {
        name: 'gold_customers',
        folders: ['gold'],
        columns: [
          { name: 'email', meta: { classification: 'pii' } },
          { name: 'phone', meta: { classification: 'pii', masked: true } },
          { name: 'name', meta: { classification: 'pii', masking: 'initials only' } },
        ],
      },
      { name: 'silver_customers', columns: [{ name: 'email', meta: { classification: 'pii' } }] },
    ]);
    const outcome = evaluateGovernance(inputFor(project, { manifest: manifest() }));
    expect(ids(outcome)).toEqual([`${RULES.classifiedUnmasked.id} model.shop.gold_customers`]);
    expect(outcome.findings[0].message).toContain("'email'");
  });

  it('reads classes from column config.meta and from a model-level meta map', () => {
    const project = handBuiltProject([
      { name: 'gold_a', meta: { classification: { ssn: 'pii' } }, columns: [{ name: 'id' }] },
      { name: 'silver_b', columns: [{ name: 'card', meta: {} }] },
    ]);
    // dbt 1.10 style: the class under the column's config.meta.
    const card = project.nodes.get('model.shop.silver_b')!.columns.card as unknown as Record<string, unknown>;
    card.config = { meta: { classification: 'financial' } };
    const outcome = evaluateGovernance(
      inputFor(project, { manifest: manifest({ rules: [{ class: 'financial', forbid_in_output_ports: true }] }), outputPorts: [{ name: 'cards', model: 'silver_b' }] }),
    );
    expect(ids(outcome)).toEqual([`${RULES.classifiedUnmasked.id} model.shop.gold_a`, `${RULES.classifiedOutputPort.id} model.shop.silver_b`]);
  });

  it('reports an unknown class with the nearest known one', () => {
    const project = handBuiltProject([{ name: 'silver_x', columns: [{ name: 'email', meta: { classification: 'pi' } }] }]);
    const [finding] = evaluateGovernance(inputFor(project, { manifest: manifest() })).findings;
    expect(finding.ruleId).toBe(RULES.unknownClassification.id);
    expect(finding.hint).toContain("did you mean 'pii'?");
  });

  it('applies configured rules: forbidden tiers, required masking, allow_models and their severity', () => {
    const project = handBuiltProject([
      { name: 'gold_revenue', folders: ['gold'], columns: [{ name: 'iban', meta: { classification: 'financial' } }] },
      { name: 'gold_exempt', folders: ['gold'], columns: [{ name: 'iban', meta: { classification: 'financial' } }] },
    ]);
    const outcome = evaluateGovernance(
      inputFor(project, {
        manifest: manifest({
          rules: [
            { class: 'financial', forbid_in_tiers: ['gold'], allow_models: ['gold_ex*'] },
            { class: 'financial', require_masking: true, severity: 'warning', description: 'card data policy' },
          ],
        }),
      }),
    );
    expect(outcome.findings.map((finding) => [finding.ruleId, finding.node, finding.severity])).toEqual([
      [RULES.classifiedUnmasked.id, 'model.shop.gold_exempt', 'warning'],
      [RULES.classifiedUnmasked.id, 'model.shop.gold_revenue', 'warning'],
      [RULES.classifiedTier.id, 'model.shop.gold_revenue', 'error'],
    ]);
    expect(outcome.findings[1].message).toContain('card data policy');
  });
});
