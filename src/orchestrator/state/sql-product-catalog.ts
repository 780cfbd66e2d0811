/**
 * The ProductCatalog over SQL. Recording a version is one transaction: the
 * product row, the version (unique per product and digest, so a repeat is a
 * no-op), and — for a new version — the product's schedule and sensor in
 * that environment, keeping what an operator set (paused) and where they
 * had read up to.
 */
import { sql } from './kysely-runtime.js';
import type { Selectable, Transaction } from 'kysely';
import type { ProductVersionsTable, StateDatabase } from './database-schema.js';
import type { FindVersionOptions, ListVersionsOptions, ProductCatalog, RecordVersionInput, RecordVersionResult } from './product-catalog.js';
import { requireOneOf, requireText } from './record-mapping.js';
import type { JsonObject } from './records.js';
import { CATCH_UP_POLICIES, type ProductSummary, type ProductVersion } from './service-records.js';
import { requireDigest } from './sql-bundle-store.js';
import { invalidInputError } from './state-errors.js';
import { boundedLimit, type StoreContext } from './store-context.js';

export function scheduleIdOf(product: string, environment: string): string {
  return `${product}:${environment}`;
}

export function sensorIdOf(product: string, environment: string): string {
  return `${product}:${environment}:input_ports`;
}

export function versionFromRow(row: Omit<Selectable<ProductVersionsTable>, 'artifacts'>): ProductVersion {
  return {
    sequence: Number(row.sequence),
    product: row.product,
    version: row.version,
    digest: row.digest,
    environment: row.environment,
    artifactsHash: row.artifacts_hash,
    sizeBytes: Number(row.size_bytes),
    registeredAt: row.registered_at,
    registeredBy: row.registered_by,
  };
}

const VERSION_COLUMNS = ['sequence', 'product', 'version', 'digest', 'environment', 'artifacts_hash', 'size_bytes', 'registered_at', 'registered_by'] as const;

export class SqlProductCatalog implements ProductCatalog {
  readonly #context: StoreContext;

  constructor(context: StoreContext) {
    this.#context = context;
  }

  async recordVersion(input: RecordVersionInput): Promise<RecordVersionResult> {
    const product = requireText(input.product, 'product');
    const environment = requireText(input.environment, 'environment');
    requireText(input.version, 'version');
    requireDigest(input.digest);
    if (!Number.isInteger(input.sizeBytes) || input.sizeBytes < 0) throw invalidInputError(`sizeBytes must be a whole number ≥ 0, got ${input.sizeBytes}.`);
    if (input.schedule) requireOneOf(input.schedule.catchUp, CATCH_UP_POLICIES, 'schedule catch-up policy');
    const now = this.#context.now().toISOString();
    return this.#context
      .db()
      .transaction()
      .execute(async (trx) => {
        await trx
          .insertInto('products')
          .values({ name: product, product_id: input.productId, domain: input.domain ?? null, created_at: now, updated_at: now })
          .onConflict((conflict) => conflict.column('name').doNothing())
          .execute();
        const inserted = await trx
          .insertInto('product_versions')
          .values({
            product,
            version: input.version,
            digest: input.digest,
            environment,
            artifacts_hash: input.artifactsHash,
            artifacts: JSON.stringify(input.artifacts),
            size_bytes: input.sizeBytes,
            registered_at: now,
            registered_by: input.registeredBy ?? null,
          })
          .onConflict((conflict) => conflict.columns(['product', 'digest']).doNothing())
          .returning(VERSION_COLUMNS)
          .executeTakeFirst();
        if (!inserted) {
          const existing = await trx.selectFrom('product_versions').select(VERSION_COLUMNS).where('product', '=', product).where('digest', '=', input.digest).executeTakeFirstOrThrow();
          return { version: versionFromRow(existing), created: false };
        }
        await trx.updateTable('products').set({ updated_at: now, product_id: input.productId, domain: input.domain ?? null }).where('name', '=', product).execute();
        await syncSchedule(trx, input, now);
        await syncSensor(trx, input, now);
        return { version: versionFromRow(inserted), created: true };
      });
  }

  async listProducts(): Promise<ProductSummary[]> {
    return this.#summaries();
  }

  async getProduct(name: string): Promise<ProductSummary | undefined> {
    return (await this.#summaries(name))[0];
  }

  async listVersions(product: string, options: ListVersionsOptions = {}): Promise<ProductVersion[]> {
    const limit = boundedLimit(options.limit, 50, 1000);
    let query = this.#context.db().selectFrom('product_versions').select(VERSION_COLUMNS).where('product', '=', product).orderBy('sequence', 'desc').limit(limit);
    if (options.environment !== undefined) query = query.where('environment', '=', options.environment);
    if (options.beforeSequence !== undefined) query = query.where('sequence', '<', options.beforeSequence);
    return (await query.execute()).map(versionFromRow);
  }

  async findVersion(product: string, options: FindVersionOptions = {}): Promise<ProductVersion | undefined> {
    let query = this.#context.db().selectFrom('product_versions').select(VERSION_COLUMNS).where('product', '=', product).orderBy('sequence', 'desc').limit(1);
    if (options.version !== undefined) {
      query = options.version.startsWith('sha256:') ? query.where('digest', '=', options.version) : query.where('version', '=', options.version);
    }
    if (options.environment !== undefined) query = query.where('environment', '=', options.environment);
    const row = await query.executeTakeFirst();
    return row ? versionFromRow(row) : undefined;
  }

  async getVersionArtifacts(product: string, digest: string): Promise<JsonObject | undefined> {
    const row = await this.#context.db().selectFrom('product_versions').select('artifacts').where('product', '=', product).where('digest', '=', digest).executeTakeFirst();
    return row ? (JSON.parse(row.artifacts) as JsonObject) : undefined;
  }

  async #summaries(name?: string): Promise<ProductSummary[]> {
    const db = this.#context.db();
    let products = db.selectFrom('products').selectAll().orderBy('name');
    if (name !== undefined) products = products.where('name', '=', name);
    const rows = await products.execute();
    if (rows.length === 0) return [];
    let latest = db
      .selectFrom('product_versions as v')
      .select(VERSION_COLUMNS.map((column) => `v.${column}` as const))
      .where('v.sequence', '=', (eb) => eb.selectFrom('product_versions as w').select((w) => w.fn.max('w.sequence').as('s')).whereRef('w.product', '=', 'v.product'));
    let counts = db.selectFrom('product_versions').select((eb) => ['product', eb.fn.countAll().as('n')]).groupBy('product');
    if (name !== undefined) {
      latest = latest.where('v.product', '=', name);
      counts = counts.where('product', '=', name);
    }
    const latestByProduct = new Map((await latest.execute()).map((row) => [row.product, versionFromRow(row)]));
    const countByProduct = new Map((await counts.execute()).map((row) => [row.product, Number(row.n)]));
    return rows.flatMap((row) => {
      const version = latestByProduct.get(row.name);
      if (!version) return [];
      return [{ name: row.name, productId: row.product_id, domain: row.domain, createdAt: row.created_at, updatedAt: row.updated_at, latest: version, versionCount: countByProduct.get(row.name) ?? 0 }];
    });
  }
}

async function syncSchedule(trx: Transaction<StateDatabase>, input: RecordVersionInput, now: string): Promise<void> {
  const id = scheduleIdOf(input.product, input.environment);
  if (!input.schedule) {
    await trx.updateTable('schedules').set({ enabled: 0, updated_at: now }).where('id', '=', id).execute();
    return;
  }
  const { cron, timezone, enabled, catchUp } = input.schedule;
  await trx
    .insertInto('schedules')
    .values({ id, product: input.product, environment: input.environment, cron, timezone, catch_up: catchUp, enabled: enabled ? 1 : 0, paused: 0, paused_by: null, cursor: now, created_at: now, updated_at: now })
    .onConflict((conflict) =>
      conflict.column('id').doUpdateSet((eb) => ({
        cron: eb.ref('excluded.cron'),
        timezone: eb.ref('excluded.timezone'),
        catch_up: eb.ref('excluded.catch_up'),
        enabled: eb.ref('excluded.enabled'),
        updated_at: eb.ref('excluded.updated_at'),
        // A schedule switched back on starts from now: ticks while it was off are not missed ones.
        cursor: sql<string>`case when ${sql.ref('schedules.enabled')} = 0 then ${sql.ref('excluded.cursor')} else ${sql.ref('schedules.cursor')} end`,
      })),
    )
    .execute();
}

async function syncSensor(trx: Transaction<StateDatabase>, input: RecordVersionInput, now: string): Promise<void> {
  const id = sensorIdOf(input.product, input.environment);
  if (input.inputPorts.length === 0) {
    await trx.updateTable('sensors').set({ enabled: 0, updated_at: now }).where('id', '=', id).execute();
    return;
  }
  const inputs = JSON.stringify(input.inputPorts.map(({ product, port }) => ({ product, port })));
  await trx
    .insertInto('sensors')
    .values({ id, product: input.product, environment: input.environment, kind: 'input_ports', inputs, enabled: 1, paused: 0, paused_by: null, cursor: null, created_at: now, updated_at: now })
    .onConflict((conflict) => conflict.column('id').doUpdateSet((eb) => ({ inputs: eb.ref('excluded.inputs'), enabled: 1, updated_at: eb.ref('excluded.updated_at') })))
    .execute();
}
