import { describe, expect, it } from 'vitest';
import { evaluateGovernance, RULES, type GovernanceManifest } from '../../src/governance/index.js';
import { handBuiltProject } from './hand-built-project.js';
import { inputFor, NOW, strictManifest } from './governance-input.js';

type Override = NonNullable<NonNullable<GovernanceManifest['governance']>['policy_overrides']>[number];

// Only naming findings: stg_orders (staging folder) and legacy_report break the medallion pattern.
const project = handBuiltProject([{ name: 'stg_orders', folders: ['staging'] }, { name: 'legacy_report' }, { name: 'gold_ok' }]);
const withOverrides = (policy_overrides: Override[]) =>
  inputFor(project, {
    manifest: strictManifest({
      quality_gates: { minimum_test_coverage: 0, layer_thresholds: { bronze: 0, silver: 0, gold: 0 } },
      policy_overrides,
    }),
  });
const summary = (outcome: ReturnType<typeof evaluateGovernance>) => outcome.findings.map((finding) => `${finding.ruleId} ${finding.severity} ${finding.node ?? finding.file}`);

describe('policy overrides', () => {
  it('exclude drops the findings of matching models (a path glob exempts a folder)', () => {
    const outcome = evaluateGovernance(withOverrides([{ pattern: 'models/staging/**', action: 'exclude', reason: 'staging follows stg_ naming', expires: '2026-12-31' }]));
    expect(summary(outcome)).toEqual([`${RULES.naming.id} error model.shop.legacy_report`]);
  });

  it('downgrade turns errors of matching models into warnings and says why', () => {
    const outcome = evaluateGovernance(withOverrides([{ pattern: 'legacy_*', action: 'downgrade', reason: 'migration ticket DATA-12', expires: '2026-06-15' }]));
    expect(summary(outcome)).toEqual([`${RULES.naming.id} warning model.shop.legacy_report`, `${RULES.naming.id} error model.shop.stg_orders`]);
    expect(outcome.findings[0].message).toContain('DATA-12');
    expect(outcome.validUntil).toBe('2026-06-15');
  });

  it('reports validUntil as the earliest expiry among the overrides that applied', () => {
    const outcome = evaluateGovernance(
      withOverrides([
        { pattern: 'legacy_*', action: 'exclude', reason: 'r', expires: '2026-09-01' },
        { pattern: 'stg_*', action: 'exclude', reason: 'r', expires: '2026-08-01' },
        { pattern: 'unused_*', action: 'exclude', reason: 'r', expires: '2026-07-01' },
      ]),
    );
    expect(outcome.validUntil).toBe('2026-08-01');
    expect(evaluateGovernance(withOverrides([])).validUntil).toBeUndefined();
  });

  it('accepts /regex/ patterns and can be limited to some rules', () => {
    const limitedToOtherRule = evaluateGovernance(
      withOverrides([{ pattern: '/^(stg|legacy)_/', action: 'exclude', rules: [RULES.modelDescription.id], reason: 'r', expires: '2026-12-31' }]),
    );
    expect(limitedToOtherRule.findings.filter((finding) => finding.ruleId === RULES.naming.id)).toHaveLength(2);
    const byName = evaluateGovernance(withOverrides([{ pattern: '/^(stg|legacy)_/', action: 'exclude', rules: ['naming'], reason: 'r', expires: '2026-12-31' }]));
    expect(byName.findings).toEqual([]);
  });

  it('an override without a reason does not apply and is itself an error', () => {
    const outcome = evaluateGovernance(withOverrides([{ pattern: 'legacy_*', action: 'exclude', reason: ' ', expires: '2026-12-31' }]));
    expect(summary(outcome)).toContain(`${RULES.overrideMissingReason.id} error manifest.yaml`);
    expect(summary(outcome)).toContain(`${RULES.naming.id} error model.shop.legacy_report`);
  });

  it('an expired override no longer applies and is itself an error; it still applies on its last day', () => {
    const expired = evaluateGovernance(withOverrides([{ pattern: 'legacy_*', action: 'exclude', reason: 'r', expires: '2026-06-14' }]));
    const finding = expired.findings.find((f) => f.ruleId === RULES.overrideExpired.id)!;
    expect(finding.message).toContain('expired on 2026-06-14');
    expect(summary(expired)).toContain(`${RULES.naming.id} error model.shop.legacy_report`);
    const lastDay = evaluateGovernance(withOverrides([{ pattern: 'legacy_*', action: 'exclude', reason: 'r', expires: NOW.toISOString().slice(0, 10) }]));
    expect(summary(lastDay)).toEqual([`${RULES.naming.id} error model.shop.stg_orders`]);
  });

  it('reports invalid dates and patterns, and overrides that match nothing', () => {
    const outcome = evaluateGovernance(
      withOverrides([
        { pattern: 'legacy_*', action: 'exclude', reason: 'r', expires: '2026-02-30' },
        { pattern: '/(/', action: 'exclude', reason: 'r', expires: '2026-12-31' },
        { pattern: 'nothing_*', action: 'exclude', reason: 'r', expires: '2026-12-31' },
      ]),
    );
    const about = outcome.findings.filter((finding) => finding.file === 'manifest.yaml').map((finding) => `${finding.ruleId} ${finding.severity}`);
    expect(about.sort()).toEqual([`${RULES.overrideInvalid.id} error`, `${RULES.overrideInvalid.id} error`, `${RULES.overrideUnused.id} info`]);
  });
});

describe('enforcement levels', () => {
  const failing = handBuiltProject([{ name: 'orders' }]);
  const at = (policy_enforcement_level: 'off' | 'warn' | 'strict') =>
    evaluateGovernance(inputFor(failing, { manifest: strictManifest({ policy_enforcement_level }) }));

  it('strict keeps errors and fails', () => {
    const outcome = at('strict');
    expect(outcome.level).toBe('strict');
    expect(outcome.passed).toBe(false);
    expect(outcome.findings.some((finding) => finding.severity === 'error')).toBe(true);
  });

  it('warn reports the same findings as warnings and passes', () => {
    const strict = at('strict');
    const warn = at('warn');
    expect(warn.passed).toBe(true);
    expect(warn.findings.map((finding) => finding.ruleId)).toEqual(strict.findings.map((finding) => finding.ruleId));
    expect(new Set(warn.findings.map((finding) => finding.severity))).toEqual(new Set(['warning']));
  });

  it('off checks nothing', () => {
    expect(at('off')).toEqual({ level: 'off', findings: [], passed: true });
  });
});
