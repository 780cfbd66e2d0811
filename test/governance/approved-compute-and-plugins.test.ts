import { describe, expect, it } from 'vitest';
import { evaluateGovernance, RULES, type GovernanceInput } from '../../src/governance/index.js';
import { handBuiltProject } from './hand-built-project.js';
import { inputFor, strictManifest } from './governance-input.js';

const quiet = () =>
  strictManifest({ naming: { enforcement: 'off' }, quality_gates: { minimum_test_coverage: 0, layer_thresholds: { bronze: 0, silver: 0, gold: 0 } } });

describe('approved compute rule', () => {
  it('accepts an approved compute and the default when none is named', () => {
    const project = handBuiltProject([{ name: 'm' }]);
    expect(evaluateGovernance(inputFor(project, { manifest: quiet(), transform: { compute: 'duckdb' } })).findings).toEqual([]);
    expect(evaluateGovernance(inputFor(project, { manifest: quiet() })).findings).toEqual([]);
  });

  it('reports an unapproved compute at its floe.yaml key, with the approved list and a suggestion', () => {
    const project = handBuiltProject([{ name: 'm' }]);
    const input: GovernanceInput = {
      ...inputFor(project, { manifest: quiet(), transform: { name: 'main', compute: 'duckbd' } }),
      locate: { product: (path) => (path.join('.') === 'transforms.0.compute' ? { file: 'floe.yaml', line: 14, column: 14 } : undefined) },
    };
    const outcome = evaluateGovernance(input);
    expect(outcome.findings).toEqual([
      expect.objectContaining({ ruleId: RULES.unapprovedCompute.id, severity: 'error', file: 'floe.yaml', line: 14, column: 14 }),
    ]);
    expect(outcome.findings[0].message).toContain("'duckbd'");
    expect(outcome.findings[0].hint).toContain("did you mean 'duckdb'?");
  });
});

describe('approved plugins rule', () => {
  it('reports selected plugins and compute types outside approved_plugins', () => {
    const manifest = {
      ...quiet(),
      compute: { approved: [{ name: 'duckdb', type: 'duckdb' }, { name: 'warehouse', type: 'postgres' }], default: 'duckdb' },
      plugins: { compute: { type: 'duckdb' }, orchestrator: { type: 'airflow' }, catalog: { type: 'polaris' } },
      approved_plugins: { compute: ['duckdb'], orchestrator: ['floe', 'dagster'] },
    };
    const outcome = evaluateGovernance(inputFor(handBuiltProject([{ name: 'm' }]), { manifest }));
    expect(outcome.findings.map((finding) => finding.message)).toEqual([
      "compute 'warehouse' is of type 'postgres', which approved_plugins.compute does not allow (duckdb)",
      "orchestrator plugin 'airflow' is not approved (approved_plugins.orchestrator: floe, dagster)",
    ]);
    expect(outcome.findings.every((finding) => finding.ruleId === RULES.unapprovedPlugin.id && finding.file === 'manifest.yaml')).toBe(true);
  });

  it('leaves categories without a list unrestricted', () => {
    const manifest = { ...quiet(), plugins: { catalog: { type: 'anything' } }, approved_plugins: { orchestrator: ['floe'] } };
    expect(evaluateGovernance(inputFor(handBuiltProject([{ name: 'm' }]), { manifest })).findings).toEqual([]);
  });
});
