/** Overlays: the same keys as a settings object, all optional and without defaults (absent means "keep"). */
import { z } from 'zod';

type Shape = Record<string, z.ZodType>;

function withoutDefault(schema: z.ZodType): z.ZodType {
  let current = schema;
  let description = schema.description;
  // Peel optional/default wrappers so an absent key stays absent.
  while (current instanceof z.ZodDefault || current instanceof z.ZodOptional || current instanceof z.ZodPrefault) {
    current = current.unwrap() as z.ZodType;
    description ??= current.description;
  }
  const optional = current.optional();
  return description ? optional.describe(description) : optional;
}

export function overlayOf<T extends Shape>(object: z.ZodObject<T>, description: string): z.ZodObject<{ [K in keyof T]: z.ZodOptional<z.ZodType<z.output<T[K]>, z.input<T[K]>>> }> {
  const shape = Object.fromEntries(Object.entries(object.shape).map(([key, schema]) => [key, withoutDefault(schema)]));
  // The mapped type above is what the loop builds; TypeScript cannot follow Object.fromEntries.
  return z.strictObject(shape).describe(description) as unknown as z.ZodObject<{ [K in keyof T]: z.ZodOptional<z.ZodType<z.output<T[K]>, z.input<T[K]>>> }>;
}
