/**
 * Errors from the database driver (a lost connection, a full disk, a
 * read-only file) reach callers as FloeErrors saying what the store was
 * doing, with the driver's error kept as the cause.
 */
import { FloeError, isFloeError } from '../../errors/index.js';
import { STATE_ERROR_CODES } from './state-errors.js';
import type { StateStore } from './state-store.js';

export function withDatabaseErrors(store: StateStore): StateStore {
  const guard =
    <A extends unknown[], R>(doing: string, method: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await method(...args);
      } catch (error) {
        throw translateDatabaseError(error, doing, store.kind);
      }
    };
  return {
    kind: store.kind,
    products: guardFacet(store.products, 'read or write registered products', store.kind),
    bundles: guardFacet(store.bundles, 'read or write product bundles', store.kind),
    queue: guardFacet(store.queue, 'read or write the run queue', store.kind),
    instigators: guardFacet(store.instigators, 'read or write schedules and sensors', store.kind),
    daemons: guardFacet(store.daemons, 'read or write daemon heartbeats and leases', store.kind),
    saveRunResults: guard("keep a run's results", (runId, transform, results) => store.saveRunResults(runId, transform, results)),
    getRunResults: guard("read a run's results", (runId) => store.getRunResults(runId)),
    createRun: guard('record a new run', (input) => store.createRun(input)),
    updateRunStatus: guard('update the run status', (id, status, fields) => store.updateRunStatus(id, status, fields)),
    heartbeat: guard('record a heartbeat', (runId) => store.heartbeat(runId)),
    upsertStep: guard('record a step', (runId, step) => store.upsertStep(runId, step)),
    upsertSteps: guard('record steps', (runId, steps) => store.upsertSteps(runId, steps)),
    appendEvents: guard('record events', (runId, events) => store.appendEvents(runId, events)),
    getRun: guard('read a run', (idOrPrefix) => store.getRun(idOrPrefix)),
    findRun: guard('read a run', (idOrPrefix) => store.findRun(idOrPrefix)),
    listRuns: guard('list runs', (options) => store.listRuns(options)),
    getSteps: guard("read a run's steps", (runId) => store.getSteps(runId)),
    getEvents: guard("read a run's events", (runId, options) => store.getEvents(runId, options)),
    listNodeSteps: guard("read a node's steps", (query) => store.listNodeSteps(query)),
    migrationStatus: guard('read which migrations are applied', () => store.migrationStatus()),
    markInterruptedRuns: guard('mark interrupted runs', (options) => store.markInterruptedRuns(options)),
    close: guard('close the state store', () => store.close()),
  };
}

/** The same translation for every method of one part of the store. */
function guardFacet<T extends object>(facet: T, doing: string, kind: StateStore['kind']): T {
  const guarded: Record<string, unknown> = {};
  for (const name of methodNames(facet)) {
    const method = (facet as Record<string, (...args: unknown[]) => Promise<unknown>>)[name];
    guarded[name] = async (...args: unknown[]) => {
      try {
        return await method.apply(facet, args);
      } catch (error) {
        throw translateDatabaseError(error, doing, kind);
      }
    };
  }
  return guarded as T;
}

function methodNames(object: object): string[] {
  const names = new Set<string>();
  for (let proto = Object.getPrototypeOf(object) as object | null; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto) as object | null) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (name !== 'constructor' && typeof (object as Record<string, unknown>)[name] === 'function') names.add(name);
    }
  }
  return [...names];
}

export function translateDatabaseError(error: unknown, doing: string, kind: StateStore['kind']): FloeError {
  if (isFloeError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  let hint = kind === 'postgres' ? 'Check that the state database is reachable and that floe’s user may read and write its tables.' : undefined;
  if (code === 'SQLITE_READONLY' || code === 'SQLITE_CANTOPEN') hint = 'The state database file or its folder is not writable by this user.';
  if (code === 'SQLITE_FULL') hint = 'The disk holding the state database is full.';
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') hint = 'The state database file is damaged. Move it aside; floe will start a fresh one.';
  return new FloeError(STATE_ERROR_CODES.database, `The state store could not ${doing}: ${message}`, { cause: error, ...(hint ? { hint } : {}) });
}
