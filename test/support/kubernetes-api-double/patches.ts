/**
 * The three patch formats the Kubernetes API accepts, as far as floe's
 * clients need them: JSON Patch (RFC 6902, client-node's default), JSON Merge
 * Patch (RFC 7386), and strategic merge patch (merge patch, except that lists
 * of named things — containers, env, volumes, ports, conditions — merge by
 * their key instead of being replaced, and `$patch: delete|replace` works).
 */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export class PatchError extends Error {}

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

export function mergePatch(target: Json | undefined, patch: Json): Json {
  if (!isObject(patch)) return structuredClone(patch);
  const result: JsonObject = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

/** List field → the key its items merge on, as in the Kubernetes API's patchMergeKey tags. */
const MERGE_KEYS: Record<string, string | ((item: JsonObject) => string)> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  volumes: 'name',
  env: 'name',
  volumeMounts: 'mountPath',
  imagePullSecrets: 'name',
  conditions: 'type',
  ports: (item) => ('containerPort' in item ? 'containerPort' : 'port'),
  ownerReferences: 'uid',
};

function mergeKeyOf(field: string, items: Json[]): string | undefined {
  const rule = MERGE_KEYS[field];
  const first = items.find(isObject);
  if (!rule || !first) return undefined;
  return typeof rule === 'string' ? rule : rule(first);
}

export function strategicMergePatch(target: Json | undefined, patch: Json): Json {
  if (!isObject(patch)) return structuredClone(patch);
  if (patch.$patch === 'replace') {
    const { $patch: _directive, ...rest } = patch;
    return structuredClone(rest);
  }
  const result: JsonObject = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete result[key];
      continue;
    }
    const current = result[key];
    const mergeKey = Array.isArray(value) && Array.isArray(current) ? mergeKeyOf(key, [...value, ...current]) : undefined;
    if (mergeKey && Array.isArray(value) && Array.isArray(current)) {
      const merged = [...current];
      for (const item of value) {
        if (!isObject(item)) continue;
        const at = merged.findIndex((existing) => isObject(existing) && existing[mergeKey] === item[mergeKey]);
        if (item.$patch === 'delete') {
          if (at >= 0) merged.splice(at, 1);
        } else if (at >= 0) merged[at] = strategicMergePatch(merged[at], item);
        else merged.push(strategicMergePatch(undefined, item));
      }
      result[key] = merged;
    } else {
      result[key] = strategicMergePatch(current, value);
    }
  }
  return result;
}

function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new PatchError(`invalid JSON pointer '${pointer}'`);
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function parentOf(document: Json, segments: string[], pointer: string): { parent: JsonObject | Json[]; last: string } {
  let node: Json = document;
  for (const segment of segments.slice(0, -1)) {
    const next: Json | undefined = Array.isArray(node) ? node[Number(segment)] : isObject(node) ? node[segment] : undefined;
    if (next === undefined || next === null || typeof next !== 'object') throw new PatchError(`path '${pointer}' does not exist`);
    node = next;
  }
  if (node === null || typeof node !== 'object') throw new PatchError(`path '${pointer}' does not exist`);
  return { parent: node, last: segments[segments.length - 1] };
}

function readPointer(document: Json, pointer: string): Json {
  let node: Json | undefined = document;
  for (const segment of pointerSegments(pointer)) {
    node = Array.isArray(node) ? node[Number(segment)] : isObject(node) ? node[segment] : undefined;
    if (node === undefined) throw new PatchError(`path '${pointer}' does not exist`);
  }
  return node;
}

export interface JsonPatchOperation {
  op: 'add' | 'remove' | 'replace' | 'test' | 'move' | 'copy';
  path: string;
  value?: Json;
  from?: string;
}

export function jsonPatch(target: Json, operations: JsonPatchOperation[]): Json {
  let document = structuredClone(target);
  const add = (pointer: string, value: Json): void => {
    const segments = pointerSegments(pointer);
    if (segments.length === 0) {
      document = value;
      return;
    }
    const { parent, last } = parentOf(document, segments, pointer);
    if (Array.isArray(parent)) parent.splice(last === '-' ? parent.length : Number(last), 0, value);
    else parent[last] = value;
  };
  const remove = (pointer: string): void => {
    const segments = pointerSegments(pointer);
    const { parent, last } = parentOf(document, segments, pointer);
    if (Array.isArray(parent)) {
      if (Number(last) >= parent.length) throw new PatchError(`path '${pointer}' does not exist`);
      parent.splice(Number(last), 1);
    } else {
      if (!(last in parent)) throw new PatchError(`path '${pointer}' does not exist`);
      delete parent[last];
    }
  };
  for (const operation of operations) {
    switch (operation.op) {
      case 'add':
        add(operation.path, structuredClone(operation.value ?? null));
        break;
      case 'remove':
        remove(operation.path);
        break;
      case 'replace':
        remove(operation.path);
        add(operation.path, structuredClone(operation.value ?? null));
        break;
      case 'test':
        if (JSON.stringify(readPointer(document, operation.path)) !== JSON.stringify(operation.value)) {
          throw new PatchError(`test at '${operation.path}' failed`);
        }
        break;
      case 'move': {
        const value = readPointer(document, operation.from ?? '');
        remove(operation.from ?? '');
        add(operation.path, value);
        break;
      }
      case 'copy':
        add(operation.path, structuredClone(readPointer(document, operation.from ?? '')));
        break;
      default:
        throw new PatchError(`unknown JSON Patch operation '${String((operation as { op: unknown }).op)}'`);
    }
  }
  return document;
}
