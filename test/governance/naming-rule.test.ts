import { describe, expect, it } from 'vitest';
import { evaluateGovernance, RULES } from '../../src/governance/index.js';
import { handBuiltProject } from './hand-built-project.js';
import { inputFor, strictManifest } from './governance-input.js';

const naming = (outcome: ReturnType<typeof evaluateGovernance>) =>
  outcome.findings.filter((finding) => finding.ruleId === RULES.naming.id || finding.ruleId === RULES.layerMismatch.id);

describe('naming rule', () => {
  it('accepts medallion names', () => {
    const project = handBuiltProject([{ name: 'bronze_orders' }, { name: 'silver_orders' }, { name: 'gold_revenue_2024' }]);
    expect(naming(evaluateGovernance(inputFor(project)))).toEqual([]);
  });

  it('reports a model outside the medallion pattern with its file, line and a rename hint', () => {
    const project = handBuiltProject([{ name: 'stg_orders', folders: ['staging'] }, { name: 'Gold_Bad' }]);
    const findings = naming(evaluateGovernance(inputFor(project)));
    expect(findings.map((finding) => finding.node)).toEqual(['model.shop.Gold_Bad', 'model.shop.stg_orders']);
    const staging = findings.find((finding) => finding.node === 'model.shop.stg_orders')!;
    expect(staging).toMatchObject({
      ruleId: 'FLOE-G001',
      rule: 'naming',
      severity: 'error',
      file: 'transform/models/staging/stg_orders.sql',
      line: 1,
      column: 1,
    });
    expect(staging.message).toContain('medallion');
    expect(staging.hint).toMatch(/rename/);
  });

  it('reports a medallion prefix that contradicts the layer folder', () => {
    const project = handBuiltProject([{ name: 'gold_orders', folders: ['silver'] }]);
    const [finding] = naming(evaluateGovernance(inputFor(project)));
    expect(finding).toMatchObject({ ruleId: RULES.layerMismatch.id, node: 'model.shop.gold_orders' });
    expect(finding.hint).toContain("'silver_orders'");
  });

  it('applies kimball and custom patterns', () => {
    const project = handBuiltProject([{ name: 'dim_customer' }, { name: 'fact_sales' }, { name: 'orders_report' }]);
    const kimball = naming(evaluateGovernance(inputFor(project, { manifest: strictManifest({ naming: { pattern: 'kimball', enforcement: 'strict' } }) })));
    expect(kimball.map((finding) => finding.node)).toEqual(['model.shop.orders_report']);
    const custom = naming(
      evaluateGovernance(
        inputFor(project, { manifest: strictManifest({ naming: { pattern: 'custom', custom_patterns: ['^dim_', '_report$'], enforcement: 'strict' } }) }),
      ),
    );
    expect(custom.map((finding) => finding.node)).toEqual(['model.shop.fact_sales']);
  });

  it('reports a broken custom regex against the manifest instead of crashing', () => {
    const project = handBuiltProject([{ name: 'dim_customer' }]);
    const findings = naming(evaluateGovernance(inputFor(project, { manifest: strictManifest({ naming: { pattern: 'custom', custom_patterns: ['(unclosed'], enforcement: 'strict' } }) })));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ file: 'manifest.yaml', severity: 'error' });
    expect(findings[0].message).toContain('(unclosed');
  });

  it('follows naming.enforcement: warn gives warnings, off skips the rule', () => {
    const project = handBuiltProject([{ name: 'orders' }]);
    const warn = naming(evaluateGovernance(inputFor(project, { manifest: strictManifest({ naming: { pattern: 'medallion', enforcement: 'warn' } }) })));
    expect(warn.map((finding) => finding.severity)).toEqual(['warning']);
    const off = naming(evaluateGovernance(inputFor(project, { manifest: strictManifest({ naming: { pattern: 'medallion', enforcement: 'off' } }) })));
    expect(off).toEqual([]);
  });

  it('ignores disabled models', () => {
    const project = handBuiltProject([{ name: 'old_thing', enabled: false }]);
    expect(naming(evaluateGovernance(inputFor(project)))).toEqual([]);
  });
});
