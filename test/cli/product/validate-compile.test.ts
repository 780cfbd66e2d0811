import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { registerProductCommands } from '../../../src/cli/commands/product-commands.js';
import { scaffoldProduct } from '../../../src/cli/scaffold/index.js';
import { runFloe } from './run-floe.js';

const floe = (args: string[]) => runFloe([registerProductCommands], args);

/** A fresh scaffolded product (valid in strict mode) to break in one way. */
function freshProduct(): string {
  return scaffoldProduct('shop', { dir: join(mkdtempSync(join(tmpdir(), 'floe-validate-')), 'shop') }).dir;
}

function edit(dir: string, file: string, from: string, to: string): void {
  const text = readFileSync(join(dir, file), 'utf8');
  if (!text.includes(from)) throw new Error(`${file} does not contain ${from}`);
  writeFileSync(join(dir, file), text.replace(from, to));
}

/** Let personal data reach the output port: the classification rule must catch it. */
function leakPiiToOutputPort(dir: string): void {
  edit(dir, 'models/gold/gold_customer_revenue.sql', 'customers.country_code,\n', 'customers.country_code,\n    customers.email,\n');
  edit(dir, 'models/gold/gold_customer_revenue.sql', 'group by customers.customer_id, customers.country_code', 'group by customers.customer_id, customers.country_code, customers.email');
  edit(dir, 'models/gold/_gold.yml', '      - name: order_count', '      - name: email\n        description: Contact email.\n        meta: {classification: pii}\n        data_tests: [not_null]\n      - name: order_count');
}

describe('floe validate', () => {
  it('reports an unknown key in floe.yaml at its line and column, suggests the right one, exits 1 and writes nothing', async () => {
    const dir = freshProduct();
    edit(dir, 'floe.yaml', 'schedule:', 'schedul:');
    const line = readFileSync(join(dir, 'floe.yaml'), 'utf8').split('\n').findIndex((text) => text.startsWith('schedul:')) + 1;
    const result = await floe(['validate', '--project-dir', dir]);
    expect(result.code).toBe(1);
    expect(result.err).toContain(`floe.yaml:${line}:1`);
    expect(result.err).toContain('schedule');
    expect(result.out).toContain('✗ not valid: 1 configuration error');
    expect(existsSync(join(dir, '.floe'))).toBe(false);
  });

  it('fails strict governance with the rule id, the place and a hint when pii reaches an output port', async () => {
    const dir = freshProduct();
    leakPiiToOutputPort(dir);
    const result = await floe(['validate', '--project-dir', dir]);
    expect(result.code).toBe(1);
    expect(result.err).toBe('');
    expect(result.out).toMatch(/^models\/gold\/_gold\.yml:\d+:\d+: error FLOE-G008 classification-output-port: pii column 'email' .* reaches output port 'customer-revenue'$/m);
    expect(result.out).toContain('hint:');
    // pii in a gold model also needs a masking note (FLOE-G009).
    expect(result.out).toContain('✗ not valid: governance strict: 2 errors, 0 warnings');
    expect(existsSync(join(dir, '.floe'))).toBe(false);
  });

  it('--json prints one machine-readable report on stdout', async () => {
    const dir = freshProduct();
    leakPiiToOutputPort(dir);
    const result = await floe(['validate', '--project-dir', dir, '--json']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.out) as { valid: boolean; environment: string; errors: unknown[]; governance: { level: string; passed: boolean; findings: Array<{ ruleId: string; file: string }> } };
    expect(report.valid).toBe(false);
    expect(report.environment).toBe('dev');
    expect(report.errors).toEqual([]);
    expect(report.governance.level).toBe('strict');
    expect(report.governance.passed).toBe(false);
    expect(report.governance.findings.map((finding) => finding.ruleId)).toContain('FLOE-G008');

    const ok = await floe(['validate', '--project-dir', freshProduct(), '--json', '--env', 'prod']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out)).toMatchObject({ valid: true, product: 'shop', environment: 'prod', governance: { passed: true, findings: [] } });
  });

  it('--report writes SARIF 2.1.0 (.sarif) or the JSON report (.json) for CI', async () => {
    const dir = freshProduct();
    leakPiiToOutputPort(dir);
    const sarifFile = join(dir, 'governance.sarif');
    const result = await floe(['validate', '--project-dir', dir, '--report', sarifFile]);
    expect(result.code).toBe(1);
    const sarif = JSON.parse(readFileSync(sarifFile, 'utf8')) as { version: string; runs: Array<{ results: Array<{ ruleId: string; level: string }> }> };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]?.results).toContainEqual(expect.objectContaining({ ruleId: 'FLOE-G008', level: 'error' }));

    const jsonFile = join(dir, 'governance.json');
    await floe(['validate', '--project-dir', dir, '--report', jsonFile]);
    expect(JSON.parse(readFileSync(jsonFile, 'utf8'))).toMatchObject({ valid: false, governance: { passed: false } });
  });

  it('refuses a --report file that is neither .sarif nor .json', async () => {
    const dir = freshProduct();
    const result = await floe(['validate', '--project-dir', dir, '--report', join(dir, 'report.txt')]);
    expect(result.code).toBe(1);
    expect(result.err).toContain('FLOE_CLI_REPORT');
    expect(existsSync(join(dir, 'report.txt'))).toBe(false);
  });

  it('says where to look when the folder has no floe.yaml', async () => {
    const result = await floe(['validate', '--project-dir', mkdtempSync(join(tmpdir(), 'floe-empty-'))]);
    expect(result.code).toBe(1);
    expect(result.err).toContain('floe.yaml');
  });
});

describe('floe compile', () => {
  it('writes .floe/artifacts.json and prints its path and a one-line summary', async () => {
    const dir = freshProduct();
    const result = await floe(['compile', '--project-dir', dir]);
    expect(result.code, result.err).toBe(0);
    expect(result.out).toContain(`✓ compiled shop for dev → ${join(dir, '.floe', 'artifacts.json')}`);
    expect(result.out).toMatch(/1 transform, \d+ nodes, 0 findings/);
    const artifacts = JSON.parse(readFileSync(join(dir, '.floe', 'artifacts.json'), 'utf8')) as { metadata: { environment: string }; output_ports: Array<{ name: string }> };
    expect(artifacts.metadata.environment).toBe('dev');
    expect(artifacts.output_ports.map((port) => port.name)).toEqual(['customer-revenue']);
  });

  it('recompiles only when an input changed (or with --force)', async () => {
    const dir = freshProduct();
    expect((await floe(['compile', '--project-dir', dir])).code).toBe(0);
    const again = await floe(['compile', '--project-dir', dir]);
    expect(again.code).toBe(0);
    expect(again.out).toContain('✓ shop for dev is up to date');
    const forced = await floe(['compile', '--project-dir', dir, '--force']);
    expect(forced.out).toContain('✓ compiled shop for dev');
    edit(dir, 'models/silver/silver_orders.sql', "where status = 'completed'", "where status = 'completed' and amount > 0");
    expect((await floe(['compile', '--project-dir', dir])).out).toContain('✓ compiled shop for dev');
    const sarif = join(dir, 'up-to-date.sarif');
    expect((await floe(['compile', '--project-dir', dir, '--report', sarif])).out).toContain('up to date');
    expect(JSON.parse(readFileSync(sarif, 'utf8'))).toMatchObject({ version: '2.1.0', runs: [{ results: [] }] });
  });

  it('fails under strict governance with an error finding, and writes nothing', async () => {
    const dir = freshProduct();
    leakPiiToOutputPort(dir);
    const result = await floe(['compile', '--project-dir', dir, '--env', 'staging']);
    expect(result.code).toBe(1);
    expect(result.out).toContain('FLOE-G008');
    expect(result.out).toContain('✗ compile failed: strict governance failed (2 errors, 0 warnings); nothing was written');
    expect(existsSync(join(dir, '.floe', 'artifacts.json'))).toBe(false);
  });

  it('fails on a YAML syntax error with its position, and writes nothing', async () => {
    const dir = freshProduct();
    edit(dir, 'manifest.yaml', 'compute:\n  approved:', 'compute:\n  approved: [');
    const result = await floe(['compile', '--project-dir', dir]);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/manifest\.yaml:\d+:\d+/);
    expect(result.out).toContain('✗ compile failed');
    expect(existsSync(join(dir, '.floe', 'artifacts.json'))).toBe(false);
  });

  it('rejects an unknown environment before doing anything', async () => {
    const result = await floe(['compile', '--project-dir', freshProduct(), '--env', 'qa']);
    expect(result.code).toBe(2);
    expect(result.err).toContain('qa');
  });
});
