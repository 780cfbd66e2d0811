/**
 * Parse-time rendering of a model or singular test: find its ref(), source()
 * and config() calls. The static parser handles the common case; anything it
 * does not understand goes through Jinja with `execute = false`.
 */
import { FloeError, FloeErrors, isFloeError, type SourcePosition } from '../../errors/index.js';
import type { RefCall } from '../types.js';
import { extractStatically } from './static-sql-parser.js';
import type { ParseHooks, TemplateEngine } from './template-engine.js';
import { recordingEnv, type EnvReads, type PartialParseCache } from './partial-parse.js';

export interface RenderFindings {
  refs: RefCall[];
  sources: Array<{ sourceName: string; tableName: string; position: SourcePosition }>;
  configs: Array<Record<string, unknown>>;
}

export type HookBase = Omit<ParseHooks, 'ref' | 'source' | 'config' | 'isIncremental'>;

/** Partial parsing for one file's render (see partial-parse.ts). */
export interface RenderCacheSlot {
  cache: PartialParseCache;
  /** The entry's name in the cache (default: the file; several snapshots can share one file). */
  entry?: string;
  /** The file's key, from what its render will see (computed only when the static parser gives up). */
  key(base: HookBase): string;
}

export function findCalls(
  source: string,
  file: string,
  /** undefined: no engine; null: the engine failed to build and that was reported already. */
  engine: () => TemplateEngine | undefined | null,
  hookBase: () => HookBase,
  errors: FloeError[],
  cacheSlot?: RenderCacheSlot,
): RenderFindings {
  const fast = extractStatically(source, file);
  if (fast) {
    return {
      refs: fast.refs,
      sources: fast.sources.map((s) => ({ sourceName: s.sourceName, tableName: s.tableName, position: { file, line: s.line, column: s.column } })),
      configs: fast.configs,
    };
  }
  const findings: RenderFindings = { refs: [], sources: [], configs: [] };
  const jinja = engine();
  if (jinja === null) return findings;
  if (!jinja) {
    errors.push(
      new FloeError('FLOE_JINJA_UNAVAILABLE', 'this file uses Jinja beyond ref()/source()/config(), and the Jinja engine is not available', {
        position: { file },
      }),
    );
    return findings;
  }
  const base = hookBase();
  const key = cacheSlot?.key(base);
  if (cacheSlot && key !== undefined) {
    const cached = cacheSlot.cache.lookup(cacheSlot.entry ?? file, key, base.env);
    if (cached) return cached;
  }
  const envReads: EnvReads = new Map();
  const hooks: ParseHooks = {
    ...base,
    env: cacheSlot ? recordingEnv(base.env, envReads) : base.env,
    ref(args: RefCall) {
      findings.refs.push({ ...args, position: args.position ?? { file } });
      return undefined;
    },
    source(sourceName: string, tableName: string) {
      findings.sources.push({ sourceName, tableName, position: { file } });
      return undefined;
    },
    config(values: Record<string, unknown>) {
      findings.configs.push({ ...values });
    },
    isIncremental: () => false,
  };
  const errorsBefore = errors.length;
  try {
    jinja.renderSync(source, file, hooks);
    if (cacheSlot && key !== undefined && errors.length === errorsBefore) cacheSlot.cache.store(cacheSlot.entry ?? file, key, findings, envReads);
  } catch (error) {
    if (error instanceof FloeErrors) errors.push(...error.errors);
    else if (isFloeError(error)) errors.push(error);
    else errors.push(new FloeError('FLOE_JINJA', `could not render: ${error instanceof Error ? error.message : String(error)}`, { position: { file }, cause: error }));
  }
  return findings;
}
