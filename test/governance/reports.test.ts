import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { evaluateGovernance, formatFindings, renderGovernanceReport, toJsonReport, toSarif, type Finding } from '../../src/governance/index.js';
import { handBuiltProject } from './hand-built-project.js';
import { inputFor } from './governance-input.js';

/**
 * The parts of the SARIF 2.1.0 schema (docs.oasis-open.org/sarif/sarif/v2.1.0)
 * that floe fills, with the same constraints: required keys, the level enum,
 * 1-based regions.
 */
const sarifSubsetSchema = {
  type: 'object',
  required: ['version', 'runs', '$schema'],
  properties: {
    $schema: { type: 'string', format: 'uri' },
    version: { const: '2.1.0' },
    runs: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['tool', 'results'],
        properties: {
          tool: {
            type: 'object',
            required: ['driver'],
            properties: {
              driver: {
                type: 'object',
                required: ['name', 'rules'],
                properties: {
                  name: { type: 'string' },
                  version: { type: 'string' },
                  rules: {
                    type: 'array',
                    uniqueItems: true,
                    items: {
                      type: 'object',
                      required: ['id'],
                      properties: {
                        id: { type: 'string' },
                        name: { type: 'string' },
                        shortDescription: { type: 'object', required: ['text'], properties: { text: { type: 'string' } } },
                        defaultConfiguration: { type: 'object', properties: { level: { enum: ['none', 'note', 'warning', 'error'] } } },
                      },
                    },
                  },
                },
              },
            },
          },
          results: {
            type: 'array',
            items: {
              type: 'object',
              required: ['message', 'ruleId', 'level', 'locations'],
              properties: {
                ruleId: { type: 'string' },
                ruleIndex: { type: 'integer', minimum: -1 },
                level: { enum: ['none', 'note', 'warning', 'error'] },
                message: { type: 'object', required: ['text'], properties: { text: { type: 'string', minLength: 1 } } },
                locations: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: {
                      physicalLocation: {
                        type: 'object',
                        required: ['artifactLocation'],
                        properties: {
                          artifactLocation: { type: 'object', required: ['uri'], properties: { uri: { type: 'string', format: 'uri-reference' } } },
                          region: {
                            type: 'object',
                            required: ['startLine'],
                            properties: { startLine: { type: 'integer', minimum: 1 }, startColumn: { type: 'integer', minimum: 1 } },
                          },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
};

const outcome = evaluateGovernance(
  inputFor(handBuiltProject([{ name: 'orders', columns: [{ name: 'email', meta: { classification: 'pii' } }] }]), {
    outputPorts: [{ name: 'orders', model: 'orders' }],
    manifest: undefined,
  }),
);

describe('governance reports', () => {
  it('prints findings for people with location, rule, message, hint and a count', () => {
    const text = formatFindings(outcome.findings);
    expect(text).toContain('transform/models/orders.sql:1:1: error FLOE-G001 naming:');
    expect(text).toMatch(/\n {2}hint: /);
    expect(text.split('\n').at(-1)).toMatch(/^governance: \d+ errors?, 0 warnings$/);
    expect(formatFindings([])).toBe('governance: no findings');
  });

  it('writes a JSON report with level, pass/fail, counts and every finding', () => {
    const report = toJsonReport(outcome);
    expect(report.level).toBe('strict');
    expect(report.passed).toBe(false);
    expect(report.summary.error).toBe(outcome.findings.length);
    expect(JSON.parse(JSON.stringify(report)).findings).toHaveLength(outcome.findings.length);
  });

  it('writes SARIF 2.1.0 that validates and points each result at its rule and region', async () => {
    const { default: addFormats } = await import('ajv-formats');
    const ajv = new Ajv({ strict: true, allErrors: true });
    addFormats.default(ajv);
    const sarif = toSarif(outcome.findings, { toolVersion: '0.1.0' });
    const valid = ajv.validate(sarifSubsetSchema, sarif);
    expect(ajv.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    const run = sarif.runs[0];
    expect(run.tool.driver.name).toBe('floe');
    expect(run.results).toHaveLength(outcome.findings.length);
    for (const result of run.results) expect(run.tool.driver.rules[result.ruleIndex].id).toBe(result.ruleId);
    const naming = run.results.find((result) => result.ruleId === 'FLOE-G001')!;
    expect(naming.level).toBe('error');
    expect(naming.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'transform/models/orders.sql' }, region: { startLine: 1, startColumn: 1 } });
  });

  it('maps info to note and leaves out the region when a finding has no line', () => {
    const finding: Finding = { ruleId: 'FLOE-G016', rule: 'override-unused', severity: 'info', message: 'm', file: 'manifest.yaml', hint: 'h' };
    const [result] = toSarif([finding]).runs[0].results;
    expect(result.level).toBe('note');
    expect(result.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'manifest.yaml' } });
  });

  it('renders the same outcome as text, JSON or SARIF for --report', () => {
    expect(renderGovernanceReport(outcome, 'text')).toBe(`${formatFindings(outcome.findings)}\n`);
    expect(JSON.parse(renderGovernanceReport(outcome, 'json'))).toEqual(JSON.parse(JSON.stringify(toJsonReport(outcome))));
    expect(JSON.parse(renderGovernanceReport(outcome, 'sarif')).version).toBe('2.1.0');
  });
});
