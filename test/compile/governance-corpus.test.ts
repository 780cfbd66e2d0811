/**
 * The broken-product corpus (test/fixtures/governance/broken): each case must
 * fail compile under strict governance with its specific, located findings,
 * and write nothing.
 */
import { cpSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { compileProduct } from '../../src/compile/index.js';
import { copyTinyProduct, edit } from './tiny-product.js';

interface Case {
  description: string;
  edits: Array<{ file: string; from: string; to: string }>;
  expect: { errors: string[]; findings: Array<{ ruleId: string; severity: string; file: string; line?: number }> };
}

const corpus = join(import.meta.dirname, '../fixtures/governance/broken');
const cases = readdirSync(corpus, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
const created: string[] = [];
afterEach(() => {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('broken products fail governance with located findings', () => {
  it('has cases', () => expect(cases.length).toBeGreaterThanOrEqual(8));

  for (const name of cases) {
    const spec = JSON.parse(readFileSync(join(corpus, name, 'case.json'), 'utf8')) as Case;
    it(`${name}: ${spec.description}`, async () => {
      const dir = copyTinyProduct();
      created.push(dir);
      if (existsSync(join(corpus, name, 'files'))) cpSync(join(corpus, name, 'files'), dir, { recursive: true });
      for (const change of spec.edits) edit(dir, change.file, change.from, change.to);

      const result = await compileProduct({ productDir: dir, now: new Date('2026-06-15T12:00:00Z') });
      expect(result.artifacts).toBeUndefined();
      expect(result.errors.map((error) => error.code)).toEqual(spec.expect.errors);
      const found = result.findings.map((finding) => ({
        ruleId: finding.ruleId,
        severity: finding.severity,
        file: finding.file,
        ...(finding.line !== undefined ? { line: finding.line } : {}),
      }));
      for (const expected of spec.expect.findings) {
        expect(found, JSON.stringify(found)).toContainEqual(expected.line === undefined ? expect.objectContaining(expected) : expected);
      }
      for (const finding of result.findings) expect(finding.hint.length).toBeGreaterThan(10);
      expect(existsSync(join(dir, '.floe'))).toBe(false);
    });
  }
});
