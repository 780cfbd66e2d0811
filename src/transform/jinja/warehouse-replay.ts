/**
 * Templates render synchronously, but warehouse calls are async. So at run
 * time a render is a loop: a call whose answer is not cached yet returns an
 * empty answer and is recorded; after the pass the recorded calls run through
 * the warehouse, and the template is rendered again with the answers cached.
 */
import type { ColumnDescription, ExistingRelation, QueryResult, RelationRef } from '../../compute/index.js';
import type { JinjaWarehouse } from './types.js';

export type WarehouseCall =
  | { kind: 'query'; sql: string }
  | { kind: 'columns'; relation: RelationRef }
  | { kind: 'relation'; relation: RelationRef };

interface Answer {
  value?: unknown;
  error?: unknown;
}

const EMPTY_RESULT: QueryResult = { columns: [], rows: [] };

function keyOf(call: WarehouseCall): string {
  if (call.kind === 'query') return `query\0${call.sql}`;
  const r = call.relation;
  return `${call.kind}\0${r.database ?? ''}\0${r.schema}\0${r.identifier}`;
}

export class WarehouseReplay {
  private readonly answers = new Map<string, Answer>();
  private pending = new Map<string, WarehouseCall>();

  /** `recording`: misses are recorded for the next pass (run time); otherwise they just answer empty (parse time). */
  constructor(private readonly recording: boolean) {}

  private answer<T>(call: WarehouseCall, empty: T): T {
    const key = keyOf(call);
    const answer = this.answers.get(key);
    if (answer) {
      if (answer.error !== undefined) throw answer.error;
      return answer.value as T;
    }
    if (this.recording) this.pending.set(key, call);
    return empty;
  }

  query(sql: string): QueryResult {
    return this.answer({ kind: 'query', sql }, EMPTY_RESULT);
  }

  columns(relation: RelationRef): ColumnDescription[] {
    return this.answer<ColumnDescription[]>({ kind: 'columns', relation }, []);
  }

  relation(relation: RelationRef): ExistingRelation | undefined {
    return this.answer<ExistingRelation | undefined>({ kind: 'relation', relation }, undefined);
  }

  get hasPending(): boolean {
    return this.pending.size > 0;
  }

  /** Run the calls recorded in the last pass (in order, one at a time) and cache their answers or errors. */
  async fetchPending(warehouse: JinjaWarehouse): Promise<void> {
    const calls = [...this.pending];
    this.pending = new Map();
    for (const [key, call] of calls) {
      try {
        const value =
          call.kind === 'query' ? await warehouse.runQuery(call.sql) : call.kind === 'columns' ? await warehouse.getColumns(call.relation) : await warehouse.getRelation(call.relation);
        this.answers.set(key, { value });
      } catch (error) {
        this.answers.set(key, { error });
      }
    }
  }

  discardPending(): void {
    this.pending = new Map();
  }
}
