/**
 * Every folder under test/fixtures/config/broken/ is one broken input with an
 * expected.json naming the errors it must produce (code, file:line:column,
 * and text the message or hint must contain). Adding a case is adding a folder.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatError, type FloeError } from '../../src/errors/index.js';
import { loadDataProduct, loadManifestFile, resolveManifestChain } from '../../src/config/index.js';

interface Expected {
  load: 'manifest' | 'product' | 'chain';
  entry: string;
  errors: Array<{ code: string; at: string; message?: string; hint?: string }>;
  /** Strings (secrets) that must not appear anywhere in what the loader returns. */
  notInText?: string[];
}

const corpus = join(import.meta.dirname, '../fixtures/config/broken');
const cases = readdirSync(corpus).filter((name) => statSync(join(corpus, name)).isDirectory());

function load(dir: string, expected: Expected): { errors: FloeError[]; returned: unknown } {
  const entry = join(dir, expected.entry);
  if (expected.load === 'manifest') {
    const result = loadManifestFile(entry);
    return { errors: result.errors, returned: result };
  }
  if (expected.load === 'chain') {
    const result = resolveManifestChain(entry);
    return { errors: result.errors, returned: result };
  }
  const result = loadDataProduct(entry);
  return { errors: result.errors, returned: result };
}

describe('broken configuration corpus', () => {
  it('has the cases the issue asks for', () => {
    expect(cases).toEqual(
      expect.arrayContaining([
        'yaml-syntax',
        'wrong-type',
        'unknown-key',
        'credential-in-product',
        'unapproved-compute',
        'loosened-enforcement',
        'loosened-approved-compute',
        'loosened-coverage',
        'inheritance-cycle',
        'missing-parent',
        'domain-without-parent',
      ]),
    );
  });

  for (const name of cases) {
    it(name, () => {
      const dir = join(corpus, name);
      const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Expected;
      const { errors, returned } = load(dir, expected);
      const actual = errors.map((error) => ({
        code: error.code,
        at: `${relative(dir, error.position?.file ?? '')}:${error.position?.line}:${error.position?.column}`,
      }));
      const report = errors.map(formatError).join('\n');
      expect(actual, report).toEqual(expected.errors.map(({ code, at }) => ({ code, at })));
      expected.errors.forEach((want, index) => {
        if (want.message) expect(errors[index].message, report).toContain(want.message);
        if (want.hint) expect(errors[index].hint ?? '', report).toContain(want.hint);
      });
      for (const error of errors) {
        expect(error.severity).toBe('error');
        expect(error.message.length).toBeGreaterThan(10);
      }
      expect((returned as { value?: unknown; effective?: unknown; product?: unknown }).value).toBeUndefined();
      expect((returned as { effective?: unknown }).effective).toBeUndefined();
      expect((returned as { product?: unknown }).product).toBeUndefined();
      const text = JSON.stringify(returned) + report;
      for (const secret of expected.notInText ?? []) expect(text).not.toContain(secret);
    });
  }
});
