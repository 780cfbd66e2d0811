import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { JSON_SCHEMA_FILES, renderConfigReference, renderJsonSchema, type JsonSchemaFileName } from '../../src/config/index.js';
import { undocumentedProperties } from '../support/json-schema.js';

const schemasDir = join(import.meta.dirname, '../../schemas');
const fixtures = join(import.meta.dirname, '../fixtures/config/valid');

describe('JSON Schema files in schemas/', () => {
  for (const fileName of Object.keys(JSON_SCHEMA_FILES) as JsonSchemaFileName[]) {
    it(`${fileName} matches the zod schema`, () => {
      const expected = renderJsonSchema(fileName);
      const path = join(schemasDir, fileName);
      if (process.env.FLOE_UPDATE_SCHEMAS === '1') writeFileSync(path, expected);
      let actual = '';
      try {
        actual = readFileSync(path, 'utf8');
      } catch {
        // reported below
      }
      expect(actual, `schemas/${fileName} is out of date with src/config; regenerate it with: FLOE_UPDATE_SCHEMAS=1 npx vitest run test/config/json-schema.test.ts`).toBe(expected);
    });
  }

  it('src/config/README.md lists every key with its description', () => {
    const readmePath = join(import.meta.dirname, '../../src/config/README.md');
    let readme = readFileSync(readmePath, 'utf8');
    for (const fileName of Object.keys(JSON_SCHEMA_FILES) as JsonSchemaFileName[]) {
      const begin = `<!-- BEGIN GENERATED ${fileName} -->\n`;
      const end = `<!-- END GENERATED ${fileName} -->`;
      const start = readme.indexOf(begin) + begin.length;
      const stop = readme.indexOf(end);
      expect(start >= begin.length && stop >= start, `markers for ${fileName} missing in src/config/README.md`).toBe(true);
      const expected = renderConfigReference(fileName);
      if (process.env.FLOE_UPDATE_SCHEMAS === '1') readme = readme.slice(0, start) + expected + readme.slice(stop);
      else expect(readme.slice(start, stop), `the key reference in src/config/README.md is out of date; regenerate it with: FLOE_UPDATE_SCHEMAS=1 npx vitest run test/config/json-schema.test.ts`).toBe(expected);
    }
    if (process.env.FLOE_UPDATE_SCHEMAS === '1') writeFileSync(readmePath, readme);
  });

  it('describes every property, so editors can explain each key', () => {
    const undocumented = (Object.keys(JSON_SCHEMA_FILES) as JsonSchemaFileName[]).flatMap((fileName) => undocumentedProperties(JSON.parse(renderJsonSchema(fileName)), fileName));
    expect(undocumented).toEqual([]);
  });

  it('accepts the example manifests and product, and rejects an unknown key', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    // ajv-formats is CommonJS; under ESM its function may sit on `.default`.
    const formats = addFormats as unknown as { default?: (instance: Ajv2020) => void } & ((instance: Ajv2020) => void);
    (formats.default ?? formats)(ajv);
    const manifest = ajv.compile(JSON.parse(renderJsonSchema('manifest.schema.json')));
    const product = ajv.compile(JSON.parse(renderJsonSchema('floe.schema.json')));
    for (const file of ['enterprise/manifest.yaml', 'domain/manifest.yaml']) {
      expect(manifest(parse(readFileSync(join(fixtures, file), 'utf8'))), JSON.stringify(manifest.errors)).toBe(true);
    }
    const data = parse(readFileSync(join(fixtures, 'product/floe.yaml'), 'utf8'));
    expect(product(data), JSON.stringify(product.errors)).toBe(true);
    expect(product({ ...data, extra: 1 })).toBe(false);
  });
});
