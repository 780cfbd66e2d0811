import { describe, expect, it } from 'vitest';
import { FloeError } from '../../../src/errors/index.js';
import { planSchemaChange } from '../../../src/transform/execution/schema-change.js';
import type { SqlDialect } from '../../../src/compute/index.js';
import { node } from './hand-built-project.js';

const dialect = {
  renderRelation: (r: { schema: string; identifier: string }) => `"${r.schema}"."${r.identifier}"`,
  addColumn: (r: { identifier: string }, c: { name: string; dataType: string }) => `add ${c.name} ${c.dataType} to ${r.identifier}`,
  dropColumn: (r: { identifier: string }, c: string) => `drop ${c} from ${r.identifier}`,
  alterColumnType: (r: { identifier: string }, c: string, t: string) => `alter ${c} type ${t} on ${r.identifier}`,
} as unknown as SqlDialect; // only the four pure text builders planSchemaChange uses

const model = node({ name: 'events', config: { materialized: 'incremental' } });
const target = { schema: 'main', identifier: 'events' };
const existing = [{ name: 'id', dataType: 'INTEGER' }, { name: 'old', dataType: 'VARCHAR' }, { name: 'amount', dataType: 'INTEGER' }];
const incoming = [{ name: 'ID', dataType: 'INTEGER' }, { name: 'amount', dataType: 'DOUBLE' }, { name: 'added', dataType: 'DATE' }];

describe('planSchemaChange', () => {
  it('ignore: writes only the columns both sides have, alters nothing', () => {
    const plan = planSchemaChange(model, 'ignore', target, existing, incoming, dialect);
    expect(plan.alterStatements).toEqual([]);
    expect(plan.columns).toEqual(['id', 'amount']);
  });

  it('fail: throws naming the added and removed columns', () => {
    let error: unknown;
    try {
      planSchemaChange(model, 'fail', target, existing, incoming, dialect);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(FloeError);
    expect((error as FloeError).code).toBe('FLOE_SCHEMA_CHANGE');
    expect((error as FloeError).message).toContain('added column(s) added');
    expect((error as FloeError).message).toContain('removed column(s) old');
    expect((error as FloeError).position?.file).toBe('models/events.sql');
  });

  it('fail: passes when only types differ', () => {
    expect(() => planSchemaChange(model, 'fail', target, existing.slice(0, 1), incoming.slice(0, 1), dialect)).not.toThrow();
  });

  it('append_new_columns: adds new columns, keeps removed ones', () => {
    const plan = planSchemaChange(model, 'append_new_columns', target, existing, incoming, dialect);
    expect(plan.alterStatements).toEqual(['add added DATE to events']);
    expect(plan.columns).toEqual(['id', 'amount', 'added']);
  });

  it('sync_all_columns: drops removed, adds new, changes types', () => {
    const plan = planSchemaChange(model, 'sync_all_columns', target, existing, incoming, dialect);
    expect(plan.alterStatements).toEqual(['drop old from events', 'add added DATE to events', 'alter amount type DOUBLE on events']);
    expect(plan.columns).toEqual(['ID', 'amount', 'added']);
  });
});
