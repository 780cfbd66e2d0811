/**
 * JSON Schema for editors and other tools, generated from the zod schemas so
 * there is one source of truth. `schemas/*.schema.json` are these, written
 * by the sync test (`FLOE_UPDATE_SCHEMAS=1 npx vitest run test/config/json-schema.test.ts`).
 */
import { z } from 'zod';
import { manifestSchema } from './manifest-schema.js';
import { productSchema } from './product-schema.js';

export const SCHEMA_BASE_URL = 'https://floe.dev/schemas';

/** File name in `schemas/` → its JSON Schema document. */
export const JSON_SCHEMA_FILES = {
  'manifest.schema.json': () => configJsonSchema(manifestSchema, 'manifest.schema.json', 'floe platform manifest (manifest.yaml)'),
  'floe.schema.json': () => configJsonSchema(productSchema, 'floe.schema.json', 'floe data product (floe.yaml)'),
} as const;

export type JsonSchemaFileName = keyof typeof JSON_SCHEMA_FILES;

function configJsonSchema(schema: z.ZodType, fileName: string, title: string): Record<string, unknown> {
  // io 'input': what a person writes (keys with defaults are optional).
  const generated = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'throw' }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return { $schema, $id: `${SCHEMA_BASE_URL}/${fileName}`, title, ...rest };
}

/** The JSON text of one schema file, as written to `schemas/` (2-space indent, trailing newline). */
export function renderJsonSchema(fileName: JsonSchemaFileName): string {
  return `${JSON.stringify(JSON_SCHEMA_FILES[fileName](), null, 2)}\n`;
}
