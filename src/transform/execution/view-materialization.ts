/** `materialized: view` — CREATE VIEW as `__dbt_tmp`, then swap like a table, so a broken view never replaces a working one. */
import { adapterResponse, requireRelation } from './materialization-context.js';
import type { MaterializationContext, MaterializationResult } from './materialization-context.js';
import { buildAndSwap } from './relation-swap.js';

export async function materializeView(context: MaterializationContext): Promise<MaterializationResult> {
  const relation = requireRelation(context.node);
  await buildAndSwap(context, relation, 'view', context.existing, async (tmp) => {
    await context.statements.execute(context.adapter.dialect.createViewAs(tmp, context.compiledSql));
  });
  return {
    status: 'success',
    message: 'CREATE VIEW',
    adapterResponse: adapterResponse('CREATE VIEW', 'CREATE VIEW', undefined),
    relation,
  };
}
