/**
 * `materialized: snapshot` — dbt's type-2 slowly changing dimension. The
 * first run copies the source with validity columns (`dbt_scd_id`,
 * `dbt_updated_at`, `dbt_valid_from`, `dbt_valid_to`). Later runs stage the
 * source into `__dbt_tmp`, then in one transaction close the current version
 * of every changed row (and of deleted rows, per `hard_deletes`) and insert
 * the new versions. Changed means a newer `updated_at` (timestamp strategy)
 * or a different value in `check_cols` (check strategy). Never rebuilt by
 * --full-refresh, as in dbt: history cannot be recomputed.
 */
import type { ColumnDescription, RelationRef, SqlDialect } from '../../compute/index.js';
import { FloeError } from '../../errors/index.js';
import type { ManifestNode } from '../types.js';
import { uniqueKeyColumns } from './incremental-materialization.js';
import { adapterResponse, requireRelation } from './materialization-context.js';
import type { MaterializationContext, MaterializationResult } from './materialization-context.js';
import { buildAndSwap, cleanUp, dropLeftover, suffixed, TMP_SUFFIX } from './relation-swap.js';

interface MetaColumns {
  scdId: string;
  updatedAt: string;
  validFrom: string;
  validTo: string;
  isDeleted: string;
}

interface SnapshotPlan {
  strategy: 'timestamp' | 'check';
  keys: string[];
  updatedAt?: string;
  checkCols: string[] | 'all';
  hardDeletes: 'ignore' | 'invalidate' | 'new_record';
  validToCurrent?: string;
  meta: MetaColumns;
}

function planOf(node: ManifestNode): SnapshotPlan {
  const config = node.config as Record<string, unknown>;
  const names = (config.snapshot_meta_column_names ?? {}) as Record<string, unknown>;
  const name = (key: string, fallback: string): string => (typeof names[key] === 'string' && names[key] !== '' ? String(names[key]) : fallback);
  const legacyInvalidate = config.invalidate_hard_deletes === true || String(config.invalidate_hard_deletes).toLowerCase() === 'true';
  const hardDeletes = config.hard_deletes === undefined || config.hard_deletes === null ? (legacyInvalidate ? 'invalidate' : 'ignore') : (String(config.hard_deletes) as SnapshotPlan['hardDeletes']);
  const checkCols = config.check_cols === 'all' ? 'all' : (Array.isArray(config.check_cols) ? config.check_cols : config.check_cols === undefined ? [] : [config.check_cols]).map(String);
  return {
    strategy: config.strategy === 'check' ? 'check' : 'timestamp',
    keys: uniqueKeyColumns(config.unique_key as string | string[] | undefined),
    ...(config.updated_at !== undefined && config.updated_at !== null ? { updatedAt: String(config.updated_at) } : {}),
    checkCols,
    hardDeletes,
    ...(config.dbt_valid_to_current !== undefined && config.dbt_valid_to_current !== null ? { validToCurrent: String(config.dbt_valid_to_current) } : {}),
    meta: {
      scdId: name('dbt_scd_id', 'dbt_scd_id'),
      updatedAt: name('dbt_updated_at', 'dbt_updated_at'),
      validFrom: name('dbt_valid_from', 'dbt_valid_from'),
      validTo: name('dbt_valid_to', 'dbt_valid_to'),
      isDeleted: name('dbt_is_deleted', 'dbt_is_deleted'),
    },
  };
}

/** SQL pieces over the dialect (quoting, types, the engine's clock). */
class SnapshotSql {
  constructor(
    private readonly dialect: SqlDialect,
    private readonly plan: SnapshotPlan,
  ) {}

  q(name: string): string {
    return this.dialect.quoteIdentifier(name);
  }
  get now(): string {
    return `cast(${this.dialect.currentTimestamp()} as ${this.dialect.typeName('timestamp')})`;
  }
  /** The value a version's validity starts at: the row's updated_at, or now for the check strategy. */
  updatedExpr(alias: string): string {
    return this.plan.strategy === 'timestamp' ? `${alias}.${this.q(this.plan.updatedAt as string)}` : this.now;
  }
  scdId(alias: string): string {
    const text = this.dialect.typeName('string');
    const parts = [...this.plan.keys.map((k) => `coalesce(cast(${alias}.${this.q(k)} as ${text}), '')`), `coalesce(cast(${this.updatedExpr(alias)} as ${text}), '')`];
    return `md5(${parts.join(" || '|' || ")})`;
  }
  keyMatch(left: string, right: string): string {
    return this.plan.keys.map((k) => `${left}.${this.q(k)} = ${right}.${this.q(k)}`).join(' and ');
  }
  /** The version of a key that is current (no end yet). */
  isCurrent(alias: string): string {
    const validTo = `${alias}.${this.q(this.plan.meta.validTo)}`;
    return this.plan.validToCurrent ? `(${validTo} is null or ${validTo} = ${this.plan.validToCurrent})` : `${validTo} is null`;
  }
  get openEnd(): string {
    return this.plan.validToCurrent ?? `cast(null as ${this.dialect.typeName('timestamp')})`;
  }
}

export async function materializeSnapshot(context: MaterializationContext): Promise<MaterializationResult> {
  const { node, adapter } = context;
  const target = requireRelation(node);
  const plan = planOf(node);
  if (plan.keys.length === 0) throw new FloeError('FLOE_SNAPSHOT_INVALID', `snapshot ${node.name} has no unique_key`, { position: node.position, hint: 'set unique_key=' });
  if (context.existing && context.existing.kind !== 'table') {
    throw new FloeError('FLOE_SNAPSHOT_INVALID', `snapshot ${node.name}: ${target.schema}.${target.identifier} exists as a ${context.existing.kind}, not a snapshot table`, {
      position: node.position,
      hint: 'drop it (or point the snapshot elsewhere with target_schema / alias)',
    });
  }
  const sql = new SnapshotSql(adapter.dialect, plan);
  if (!context.existing) {
    const rows = await buildAndSwap(context, target, 'table', undefined, (tmp) => createSnapshotTable(context, sql, plan, tmp));
    return { status: 'success', message: `SNAPSHOT ${rows}`, rowsAffected: rows, adapterResponse: adapterResponse(`SELECT ${rows}`, 'SELECT', rows), relation: target };
  }
  return mergeIntoSnapshot(context, sql, plan, target);
}

function metaSelect(sql: SnapshotSql, plan: SnapshotPlan, alias: string): string {
  const meta = plan.meta;
  const updated = sql.updatedExpr(alias);
  return [
    `${sql.scdId(alias)} as ${sql.q(meta.scdId)}`,
    `${updated} as ${sql.q(meta.updatedAt)}`,
    `${updated} as ${sql.q(meta.validFrom)}`,
    `${sql.openEnd} as ${sql.q(meta.validTo)}`,
    ...(plan.hardDeletes === 'new_record' ? [`'False' as ${sql.q(meta.isDeleted)}`] : []),
  ].join(',\n  ');
}

async function createSnapshotTable(context: MaterializationContext, sql: SnapshotSql, plan: SnapshotPlan, relation: RelationRef): Promise<number> {
  const { adapter, statements } = context;
  const select = `select snapshot_source.*,\n  ${metaSelect(sql, plan, 'snapshot_source')}\nfrom (\n${context.compiledSql.replace(/[\s;]+$/, '')}\n) as snapshot_source`;
  const created = await statements.execute(adapter.dialect.createTableAs(relation, select));
  if (created.rowsAffected !== undefined && created.rowsAffected >= 0) return created.rowsAffected;
  const counted = await statements.execute(`select count(*) as row_count from ${adapter.dialect.renderRelation(relation)}`);
  return Number(counted.rows[0]?.row_count ?? 0);
}

async function mergeIntoSnapshot(context: MaterializationContext, sql: SnapshotSql, plan: SnapshotPlan, target: RelationRef): Promise<MaterializationResult> {
  const { adapter, statements, node } = context;
  const dialect = adapter.dialect;
  const staged = suffixed(target, TMP_SUFFIX);
  await dropLeftover(context, staged);
  let created = false;
  try {
    const select = `select snapshot_source.*,\n  ${metaSelect(sql, plan, 'snapshot_source')}\nfrom (\n${context.compiledSql.replace(/[\s;]+$/, '')}\n) as snapshot_source`;
    await statements.execute(dialect.createTableAs(staged, select));
    created = true;
    const session = statements.session;
    const [targetColumns, stagedColumns] = [await adapter.getColumns(session, target), await adapter.getColumns(session, staged)];
    const meta = plan.meta;
    const metaNames = new Set([meta.scdId, meta.updatedAt, meta.validFrom, meta.validTo, meta.isDeleted].map((n) => n.toLowerCase()));
    const known = new Set(targetColumns.map((c) => c.name.toLowerCase()));
    const sourceColumns = stagedColumns.filter((c) => !metaNames.has(c.name.toLowerCase()));
    const missingColumns: ColumnDescription[] = sourceColumns.filter((c) => !known.has(c.name.toLowerCase()));
    for (const key of [...plan.keys, ...(plan.updatedAt ? [plan.updatedAt] : [])]) {
      if (!stagedColumns.some((c) => c.name.toLowerCase() === key.toLowerCase())) {
        throw new FloeError('FLOE_SNAPSHOT_INVALID', `snapshot ${node.name}: the source query has no column '${key}'`, { position: node.position, hint: 'unique_key and updated_at name columns of the snapshot query' });
      }
    }
    const checkCols = plan.checkCols === 'all' ? sourceColumns.map((c) => c.name).filter((n) => !plan.keys.includes(n)) : plan.checkCols;
    const t = dialect.renderRelation(target);
    const n = dialect.renderRelation(staged);
    const changed =
      plan.strategy === 'timestamp'
        ? `snapshotted.${sql.q(meta.validFrom)} < staged.${sql.q(plan.updatedAt as string)}`
        : `not (${checkCols.map((c) => `snapshotted.${sql.q(c)} is not distinct from staged.${sql.q(c)}`).join(' and ') || 'true'})`;
    const revived = plan.hardDeletes === 'new_record' ? ` or snapshotted.${sql.q(meta.isDeleted)} = 'True'` : '';
    const columnList = [...sourceColumns.map((c) => sql.q(c.name)), sql.q(meta.scdId), sql.q(meta.updatedAt), sql.q(meta.validFrom), sql.q(meta.validTo), ...(plan.hardDeletes === 'new_record' ? [sql.q(meta.isDeleted)] : [])];
    let affected = 0;
    await statements.transaction(async () => {
      for (const column of missingColumns) await statements.execute(dialect.addColumn(target, column));
      if (plan.hardDeletes !== 'ignore') {
        const gone = `${sql.isCurrent('snapshotted')}${plan.hardDeletes === 'new_record' ? ` and snapshotted.${sql.q(meta.isDeleted)} = 'False'` : ''} and not exists (select 1 from ${n} as staged where ${sql.keyMatch('snapshotted', 'staged')})`;
        if (plan.hardDeletes === 'new_record') {
          const copied = [...sourceColumns.map((c) => (known.has(c.name.toLowerCase()) ? `snapshotted.${sql.q(c.name)}` : 'null')), `snapshotted.${sql.q(meta.scdId)}`, sql.now, sql.now, sql.openEnd, `'True'`];
          const inserted = await statements.execute(`insert into ${t} (${columnList.join(', ')})\nselect ${copied.join(', ')}\nfrom ${t} as snapshotted\nwhere ${gone}`);
          affected += Math.max(0, inserted.rowsAffected ?? 0);
          // Close the version the deletion record replaces (not the deletion record itself).
          await statements.execute(
            `update ${t} as snapshotted set ${sql.q(meta.validTo)} = ${sql.now}\nwhere ${sql.isCurrent('snapshotted')} and snapshotted.${sql.q(meta.isDeleted)} = 'False' and not exists (select 1 from ${n} as staged where ${sql.keyMatch('snapshotted', 'staged')})`,
          );
        } else {
          const closed = await statements.execute(`update ${t} as snapshotted set ${sql.q(meta.validTo)} = ${sql.now}\nwhere ${gone}`);
          affected += Math.max(0, closed.rowsAffected ?? 0);
        }
      }
      const closedChanged = await statements.execute(
        `update ${t} as snapshotted set ${sql.q(meta.validTo)} = staged.${sql.q(meta.updatedAt)}\nfrom ${n} as staged\nwhere ${sql.keyMatch('snapshotted', 'staged')} and ${sql.isCurrent('snapshotted')} and (${changed}${revived})`,
      );
      affected += Math.max(0, closedChanged.rowsAffected ?? 0);
      const inserted = await statements.execute(
        `insert into ${t} (${columnList.join(', ')})\nselect ${columnList.map((c) => `staged.${c}`).join(', ')}\nfrom ${n} as staged\nwhere not exists (select 1 from ${t} as snapshotted where ${sql.keyMatch('snapshotted', 'staged')} and ${sql.isCurrent('snapshotted')})`,
      );
      affected += Math.max(0, inserted.rowsAffected ?? 0);
    });
    return { status: 'success', message: `SNAPSHOT ${affected}`, rowsAffected: affected, adapterResponse: adapterResponse(`MERGE ${affected}`, 'MERGE', affected), relation: target };
  } finally {
    if (created) await statements.cleanup(dialect.dropRelation(staged, 'table')).catch(() => cleanUp(context, [staged]));
    else await cleanUp(context, [staged]);
  }
}
