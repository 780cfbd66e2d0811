/**
 * What relations existed when the run first looked at a schema: one listing
 * per schema per run instead of an information_schema lookup per relation
 * per node (those grow with the schema's size and dominated per-node
 * overhead). Valid for the names a node asks about — its own relation and
 * its `__dbt_tmp` / `__dbt_backup` — because within a run only that node
 * creates them, and it asks before creating them. One exception: on
 * PostgreSQL a parent's swap drops dependent *views* (DROP … CASCADE), so a
 * listed view is confirmed live before it is trusted (`current`).
 */
import type { ComputeAdapter, ComputeSession, ExistingRelation, RelationRef } from '../../compute/index.js';

export class RelationCache {
  private readonly schemas = new Map<string, Promise<ExistingRelation[]>>();

  constructor(private readonly adapter: ComputeAdapter) {}

  async lookup(session: ComputeSession, relation: RelationRef): Promise<ExistingRelation | undefined> {
    const listing = await this.listing(session, relation);
    const exact = listing.find((candidate) => candidate.identifier === relation.identifier);
    if (exact) return exact;
    // Unquoted names fold case in the engines; accept a single case-insensitive match.
    const folded = listing.filter((candidate) => candidate.identifier.toLowerCase() === relation.identifier.toLowerCase());
    return folded.length === 1 ? folded[0] : undefined;
  }

  /** The relation as it is now: from the listing, except that a listed view is checked with the engine. */
  async current(session: ComputeSession, relation: RelationRef): Promise<ExistingRelation | undefined> {
    const listed = await this.lookup(session, relation);
    if (listed?.kind !== 'view') return listed;
    return this.adapter.getRelation(session, relation);
  }

  private listing(session: ComputeSession, relation: RelationRef): Promise<ExistingRelation[]> {
    const key = `${relation.database ?? ''}\u0000${relation.schema}`;
    let pending = this.schemas.get(key);
    if (!pending) {
      pending = this.adapter.listRelations(session, relation.database, relation.schema);
      pending.catch(() => this.schemas.delete(key));
      this.schemas.set(key, pending);
    }
    return pending;
  }
}
