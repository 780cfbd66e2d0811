import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderArtifactsJsonSchema } from '../../src/compile/index.js';
import { undocumentedProperties } from '../support/json-schema.js';

const schemaFile = join(import.meta.dirname, '../../schemas/artifacts.schema.json');

describe('schemas/artifacts.schema.json', () => {
  it('matches the zod schema of the artifacts', () => {
    const expected = renderArtifactsJsonSchema();
    if (process.env.FLOE_UPDATE_SCHEMAS === '1') writeFileSync(schemaFile, expected);
    let actual = '';
    try {
      actual = readFileSync(schemaFile, 'utf8');
    } catch {
      // reported below
    }
    expect(actual, 'schemas/artifacts.schema.json is out of date; regenerate: FLOE_UPDATE_SCHEMAS=1 npx vitest run test/compile/artifacts-json-schema.test.ts').toBe(expected);
  });

  it('describes every property', () => {
    expect(undocumentedProperties(JSON.parse(renderArtifactsJsonSchema()))).toEqual([]);
  });
});
