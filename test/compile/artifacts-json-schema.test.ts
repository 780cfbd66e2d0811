import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderArtifactsJsonSchema } from '../../src/compile/index.js';

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
    const undocumented: string[] = [];
    const visit = (node: unknown, path: string) => {
      if (Array.isArray(node)) return node.forEach((item, index) => visit(item, `${path}[${index}]`));
      if (!node || typeof node !== 'object') return;
      const object = node as Record<string, unknown>;
      if (object.properties && typeof object.properties === 'object') {
        for (const [key, property] of Object.entries(object.properties as Record<string, Record<string, unknown>>)) {
          if (!property.description && !property.$ref) undocumented.push(`${path}.${key}`);
        }
      }
      for (const [key, child] of Object.entries(object)) visit(child, `${path}/${key}`);
    };
    visit(JSON.parse(renderArtifactsJsonSchema()), '');
    expect(undocumented).toEqual([]);
  });
});
