/** Building blocks every route's schemas share. */
import { z } from 'zod';
import type { JsonObject } from '../../orchestrator/index.js';

export const timestampSchema = z.string().describe('ISO 8601 UTC with milliseconds.');

export const jsonObjectSchema = z.record(z.string(), z.unknown()).describe('A JSON object.') as unknown as z.ZodType<JsonObject>;

export const nextCursorSchema = z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page.');

export const limitQuerySchema = (fallback: number, max: number) =>
  z.coerce.number().int().min(1).max(max).default(fallback).describe(`Page size (1–${max}, default ${fallback}).`);

/** A run id, or a unique prefix of at least 8 hex digits. */
export const runIdParamsSchema = z.strictObject({
  id: z.string().regex(/^[0-9a-fA-F-]{8,36}$/, 'must be a run id or a prefix of at least 8 hex digits').describe('A run id, or a unique prefix of at least 8 hex digits.'),
});

export const productNameParamsSchema = z.strictObject({
  name: z.string().min(1).max(200).describe('The product name.'),
});

/** Comma-separated (or repeated) query values, each one of `values`. */
export function listQuerySchema<const T extends readonly [string, ...string[]]>(values: T, what: string) {
  return z
    .union([z.string(), z.array(z.string())])
    .transform((value) => (Array.isArray(value) ? value : [value]).flatMap((part) => part.split(',')).map((part) => part.trim()).filter((part) => part !== ''))
    .pipe(z.array(z.enum(values)))
    .describe(`${what}: one or more of ${values.join(', ')}, comma-separated.`);
}
