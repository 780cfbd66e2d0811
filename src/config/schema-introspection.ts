/**
 * Walks a zod schema along a config path, to find what an error needs for
 * its hint: the keys valid at that spot (for "did you mean") and the key's
 * description.
 */
import type { z } from 'zod';
import { valueAt, type ConfigPath } from './yaml-source.js';

// zod 4 keeps a schema's structure in `_zod.def`; its static types are a deep
// union that is impractical to narrow here, so we read the few fields we need
// through this loose view.
interface LooseDef {
  type: string;
  innerType?: LooseSchema;
  in?: LooseSchema;
  shape?: Record<string, LooseSchema>;
  element?: LooseSchema;
  valueType?: LooseSchema;
  options?: LooseSchema[];
  discriminator?: string;
  values?: unknown[];
  getter?: () => LooseSchema;
}
interface LooseSchema {
  _zod: { def: LooseDef };
  description?: string;
}

const WRAPPERS = new Set(['optional', 'default', 'nullable', 'prefault', 'readonly', 'catch', 'nonoptional']);

interface Unwrapped {
  schema: LooseSchema;
  description?: string;
}

function unwrap(schema: LooseSchema): Unwrapped {
  let current = schema;
  let description = schema.description;
  for (let guard = 0; guard < 50; guard++) {
    const def = current._zod.def;
    if (WRAPPERS.has(def.type) && def.innerType) current = def.innerType;
    else if (def.type === 'pipe' && def.in) current = def.in;
    else if (def.type === 'lazy' && def.getter) current = def.getter();
    else break;
    description ??= current.description;
  }
  return { schema: current, description };
}

/** The union option that applies to `data` (by discriminator), else all options. */
function unionOptions(def: LooseDef, data: unknown): LooseSchema[] {
  const options = def.options ?? [];
  if (def.discriminator && data && typeof data === 'object') {
    const tag = (data as Record<string, unknown>)[def.discriminator];
    const matching = options.filter((option) => {
      const shape = unwrap(option).schema._zod.def.shape;
      const discriminant = shape?.[def.discriminator as string];
      return discriminant && unwrap(discriminant).schema._zod.def.values?.includes(tag);
    });
    if (matching.length > 0) return matching;
  }
  return options;
}

function child(schema: LooseSchema, segment: PropertyKey, data: unknown): LooseSchema | undefined {
  const { schema: inner } = unwrap(schema);
  const def = inner._zod.def;
  switch (def.type) {
    case 'object':
      return def.shape?.[String(segment)];
    case 'array':
      return def.element;
    case 'record':
      return def.valueType;
    case 'union':
      for (const option of unionOptions(def, data)) {
        const found = child(option, segment, data);
        if (found) return found;
      }
      return undefined;
    default:
      return undefined;
  }
}

function objectKeys(schema: LooseSchema, data: unknown): string[] {
  const { schema: inner } = unwrap(schema);
  const def = inner._zod.def;
  if (def.type === 'object') return Object.keys(def.shape ?? {});
  if (def.type === 'union') return [...new Set(unionOptions(def, data).flatMap((option) => objectKeys(option, data)))];
  return [];
}

export interface SchemaSpot {
  /** Keys valid in the object at this path (empty when it is not an object). */
  keys: string[];
  /** The description of the key at this path, if any. */
  description?: string;
}

export function schemaAt(root: z.ZodType, path: ConfigPath, data: unknown): SchemaSpot | undefined {
  let schema: LooseSchema | undefined = root as unknown as LooseSchema;
  for (let index = 0; index < path.length && schema; index++) {
    schema = child(schema, path[index], valueAt(data, path.slice(0, index)));
  }
  if (!schema) return undefined;
  return { keys: objectKeys(schema, valueAt(data, path)), description: unwrap(schema).description };
}
