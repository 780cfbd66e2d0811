/**
 * Build-then-swap, shared by table, view, seed and incremental's full
 * rebuild: the new version is built as `<identifier>__dbt_tmp`; then, in one
 * transaction, the old version is renamed to `<identifier>__dbt_backup`, the
 * new one renamed into place and the backup dropped. Readers see the old or
 * the new relation, never a half-built one; on any failure the old one is
 * intact and no `__dbt_tmp` / `__dbt_backup` is left behind.
 */
import type { ExistingRelation, RelationKind, RelationRef } from '../../compute/index.js';
import type { MaterializationContext } from './materialization-context.js';

export const TMP_SUFFIX = '__dbt_tmp';
export const BACKUP_SUFFIX = '__dbt_backup';

export function suffixed(relation: RelationRef, suffix: string): RelationRef {
  return { ...relation, identifier: `${relation.identifier}${suffix}` };
}

/** Drops `relation` if it exists now (asks the engine). */
export async function dropIfExists(context: MaterializationContext, relation: RelationRef): Promise<void> {
  const existing = await context.adapter.getRelation(context.statements.session, relation);
  // `cleanup` runs even after Ctrl-C: temporary relations must not be left behind.
  if (existing) await context.statements.cleanup(context.adapter.dialect.dropRelation(relation, existing.kind));
}

/**
 * Builds `target` through `build(tmp)` and swaps it in. Returns what `build` returned.
 * `existing` is the relation currently at `target` (any kind: changing view ↔ table works).
 */
export async function buildAndSwap<T>(
  context: MaterializationContext,
  target: RelationRef,
  kind: RelationKind,
  existing: ExistingRelation | undefined,
  build: (tmp: RelationRef) => Promise<T>,
): Promise<T> {
  const { adapter, statements } = context;
  const dialect = adapter.dialect;
  const tmp = suffixed(target, TMP_SUFFIX);
  const backup = suffixed(target, BACKUP_SUFFIX);
  await context.schemas.ensure(statements, target);
  await dropLeftover(context, tmp);
  await dropLeftover(context, backup);
  let swapped = false;
  try {
    const built = await build(tmp);
    await statements.transaction(async () => {
      if (existing) await statements.execute(dialect.renameRelation(target, existing.kind, backup.identifier));
      await statements.execute(dialect.renameRelation(tmp, kind, target.identifier));
      if (existing) await statements.execute(dialect.dropRelation(backup, existing.kind));
    });
    swapped = true;
    return built;
  } finally {
    // After a committed swap neither exists; otherwise check and drop whatever is there.
    if (!swapped) await cleanUp(context, [tmp, backup]);
  }
}

/** Drops a temporary relation left by a run that was killed hard (power loss, SIGKILL), if the run-start listing shows one. */
export async function dropLeftover(context: MaterializationContext, relation: RelationRef): Promise<void> {
  const leftover = await context.relations.lookup(context.statements.session, relation);
  if (leftover) await context.statements.cleanup(context.adapter.dialect.dropRelation(relation, leftover.kind));
}

/** Best effort: a cleanup failure must not hide the error that got us here. */
export async function cleanUp(context: MaterializationContext, relations: RelationRef[]): Promise<void> {
  for (const relation of relations) {
    try {
      await dropIfExists(context, relation);
    } catch {
      // Reported through the listener's onStatement already; the original outcome stands.
    }
  }
}
