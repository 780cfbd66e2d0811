/**
 * Partial parsing, as dbt does it: what parse-time Jinja found in a file (its
 * ref / source / config calls) is kept in `target/partial_parse.json`, so an
 * unchanged file is not rendered again in the next process. Rendering is most
 * of a cold parse (nunjucks compiles every template the first time).
 *
 * An entry is used only when everything its render could see is unchanged:
 * - the project key: floe's code, every macro file, dbt_project.yml, the
 *   target (profile, target name, type, schema, …), all vars, the doc blocks;
 * - the file key: its path and text, and the config and `this` it was
 *   rendered with (config trees and property YAML feed these);
 * - the env_var() values the render read, compared one by one.
 * A different project key drops the whole cache. Renders that reported an
 * error are never cached (the error must be reported again). The cache is an
 * optimisation only: a missing, corrupt or unwritable file means a full parse.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../../files/index.js';
import type { RenderFindings } from './parse-time-render.js';

export const PARTIAL_PARSE_FILE = 'partial_parse.json';
/** Bump when the shape of an entry changes. */
const FORMAT = 1;

interface CacheEntry {
  key: string;
  /** env_var() reads during the render: name → value (null: unset). */
  env: Record<string, string | null>;
  findings: RenderFindings;
}

interface CacheFile {
  format: number;
  projectKey: string;
  files: Record<string, CacheEntry>;
}

/** What a file's parse-time render read from the environment. */
export type EnvReads = Map<string, string | undefined>;

export interface PartialParseCache {
  /** Cached findings for `file` when its key and the env values it read still match. */
  lookup(file: string, key: string, env: Record<string, string | undefined>): RenderFindings | undefined;
  store(file: string, key: string, findings: RenderFindings, envReads: EnvReads): void;
  /** Writes the cache (atomically) if it changed; entries not looked up or stored in this parse are dropped. Never throws. */
  save(): void;
}

export function hashOf(...parts: unknown[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(typeof part === 'string' ? part : (JSON.stringify(part) ?? 'undefined')).update('\0');
  return hash.digest('hex');
}

let codeStamp: string | undefined;
/**
 * Identifies the running parser code: the size and mtime of every file in the
 * transform module's parsing folders (and package.json's version through
 * them). A new floe build or an edited source file invalidates every cache.
 */
function parserCodeStamp(): string {
  if (codeStamp !== undefined) return codeStamp;
  const here = dirname(fileURLToPath(import.meta.url));
  const stamps: string[] = [];
  for (const folder of [here, join(here, '../jinja'), join(here, '../jinja/builtin'), join(here, '../packages'), join(here, '../../../package.json')]) {
    try {
      const entries = statSync(folder).isDirectory() ? readdirSync(folder).sort().map((name) => join(folder, name)) : [folder];
      for (const path of entries) {
        const stat = statSync(path);
        stamps.push(`${path}:${stat.size}:${stat.mtimeMs}`);
      }
    } catch {
      stamps.push(`${folder}:missing`);
    }
  }
  codeStamp = hashOf(FORMAT, ...stamps);
  return codeStamp;
}

/** The project-wide part of every entry's validity (see the file comment). */
export function projectKeyOf(inputs: Record<string, unknown>): string {
  return hashOf(parserCodeStamp(), inputs);
}

function readCache(path: string, projectKey: string): Record<string, CacheEntry> {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<CacheFile>;
    if (parsed.format !== FORMAT || parsed.projectKey !== projectKey || typeof parsed.files !== 'object' || parsed.files === null) return {};
    return parsed.files;
  } catch {
    return {}; // missing or corrupt: rebuilt by this parse
  }
}

function isEntry(value: unknown): value is CacheEntry {
  const entry = value as CacheEntry;
  return (
    typeof entry === 'object' && entry !== null && typeof entry.key === 'string' && typeof entry.env === 'object' && entry.env !== null &&
    typeof entry.findings === 'object' && entry.findings !== null &&
    Array.isArray(entry.findings.refs) && Array.isArray(entry.findings.sources) && Array.isArray(entry.findings.configs)
  );
}

/** Plain JSON survives the round trip unchanged; anything else (Python-like objects, functions) is not cached. */
function isPlainJson(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return Object.getPrototypeOf(value) === Array.prototype && value.every(isPlainJson);
  if (typeof value === 'object') {
    const prototype = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null) return false;
    // An undefined property is dropped by JSON, which reads the same to every consumer.
    return Object.values(value).every((item) => item === undefined || isPlainJson(item));
  }
  return false;
}

/** A deep copy of a value isPlainJson accepted (structuredClone's result, several times faster on small values). */
function copyJson<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(copyJson) as T;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    // An own `__proto__` key (JSON.parse makes one) must stay a key, not become the prototype.
    if (key === '__proto__') Object.defineProperty(copy, key, { value: copyJson(item), enumerable: true, writable: true, configurable: true });
    else copy[key] = copyJson(item);
  }
  return copy as T;
}

export function openPartialParseCache(path: string, projectKey: string): PartialParseCache {
  const previous = readCache(path, projectKey);
  const next: Record<string, CacheEntry> = {};
  let changed = false;
  return {
    lookup(file, key, env) {
      const entry = previous[file];
      if (!isEntry(entry) || entry.key !== key) return undefined;
      for (const [name, value] of Object.entries(entry.env)) if ((env[name] ?? null) !== value) return undefined;
      next[file] = entry;
      return copyJson(entry.findings);
    },
    store(file, key, findings, envReads) {
      if (!isPlainJson(findings)) return;
      const env: Record<string, string | null> = {};
      for (const [name, value] of envReads) env[name] = value ?? null;
      next[file] = { key, env, findings: copyJson(findings) };
      changed = true;
    },
    save() {
      if (!changed && Object.keys(next).length === Object.keys(previous).length) return;
      try {
        writeFileAtomic(path, JSON.stringify({ format: FORMAT, projectKey, files: next } satisfies CacheFile));
      } catch {
        // A read-only project folder only costs speed.
      }
    },
  };
}

/** An env object that records what is read from it (env_var() at parse time). */
export function recordingEnv(env: Record<string, string | undefined>, reads: EnvReads): Record<string, string | undefined> {
  return new Proxy(env, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver) as string | undefined;
      if (typeof name === 'string') reads.set(name, value);
      return value;
    },
  });
}
