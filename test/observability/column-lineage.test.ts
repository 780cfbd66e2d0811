import { describe, expect, it } from 'vitest';
import { deriveColumnLineage, parseSqlWithDuckDb, type ColumnLineageInput } from '../../src/observability/index.js';
import { isFloeError } from '../../src/errors/index.js';

const NS = 'duckdb:///tmp/warehouse.duckdb';
const customers: ColumnLineageInput = { namespace: NS, name: 'warehouse.raw.customers', columns: ['id', 'name', 'email', 'country'] };
const orders: ColumnLineageInput = { namespace: NS, name: 'warehouse.main.orders', columns: ['id', 'customer_id', 'amount', 'status', 'ordered_at'] };
const inputs = [customers, orders];

async function lineageOf(sql: string, outputColumns?: string[]) {
  return deriveColumnLineage(await parseSqlWithDuckDb(sql), inputs, { outputColumns });
}

/** `table.field:TYPE/SUBTYPE` strings, sorted, for compact assertions. */
function sources(lineage: Awaited<ReturnType<typeof lineageOf>>, column: string): string[] {
  const field = lineage.fields[column];
  if (!field) return [];
  return field.inputFields
    .flatMap((f) => f.transformations.map((t) => `${f.name.split('.').pop()}.${f.field}:${t.type}/${t.subtype}${t.masking ? '/masked' : ''}`))
    .sort();
}

function datasetSources(lineage: Awaited<ReturnType<typeof lineageOf>>): string[] {
  return lineage.dataset.flatMap((f) => f.transformations.map((t) => `${f.name.split('.').pop()}.${f.field}:${t.subtype}`)).sort();
}

describe('deriveColumnLineage over DuckDB parse trees', () => {
  it('maps plain and aliased columns as IDENTITY and computed ones as TRANSFORMATION', async () => {
    const lineage = await lineageOf('select id, name as customer_name, upper(country) as country_code, id * 10 + 1 as big from raw.customers');
    expect(sources(lineage, 'id')).toEqual(['customers.id:DIRECT/IDENTITY']);
    expect(sources(lineage, 'customer_name')).toEqual(['customers.name:DIRECT/IDENTITY']);
    expect(sources(lineage, 'country_code')).toEqual(['customers.country:DIRECT/TRANSFORMATION']);
    expect(sources(lineage, 'big')).toEqual(['customers.id:DIRECT/TRANSFORMATION']);
    expect(lineage.fields.customer_name.transformationType).toBe('IDENTITY');
    expect(lineage.fields.country_code.transformationType).toBe('TRANSFORMATION');
    expect(lineage.fields.id.inputFields[0]).toMatchObject({ namespace: NS, name: 'warehouse.raw.customers', field: 'id' });
  });

  it('follows columns through CTEs, joins with aliases, aggregates and GROUP BY', async () => {
    const lineage = await lineageOf(`
      with c as (select id as customer_id, name from raw.customers),
           o as (select customer_id, amount from main.orders where status = 'paid')
      select c.customer_id, c.name, sum(o.amount) as revenue, count(*) as order_count
      from c left join o on o.customer_id = c.customer_id
      group by 1, 2`);
    expect(sources(lineage, 'customer_id')).toEqual(['customers.id:DIRECT/IDENTITY']);
    expect(sources(lineage, 'name')).toEqual(['customers.name:DIRECT/IDENTITY']);
    expect(sources(lineage, 'revenue')).toEqual(['orders.amount:DIRECT/AGGREGATION']);
    expect(lineage.fields.order_count).toBeUndefined(); // count(*) reads no column
    expect(datasetSources(lineage)).toEqual(['customers.id:JOIN', 'orders.customer_id:JOIN', 'orders.status:FILTER']);
  });

  it('expands * from the known input columns, honours EXCLUDE, REPLACE and qualified stars', async () => {
    const lineage = await lineageOf('select * exclude (email) replace (lower(name) as name) from raw.customers');
    expect(Object.keys(lineage.fields)).toEqual(['id', 'name', 'country']);
    expect(sources(lineage, 'name')).toEqual(['customers.name:DIRECT/TRANSFORMATION']);

    const joined = await lineageOf('select o.*, c.name as customer from main.orders o join raw.customers c on c.id = o.customer_id');
    expect(Object.keys(joined.fields)).toEqual(['id', 'customer_id', 'amount', 'status', 'ordered_at', 'customer']);
    expect(sources(joined, 'id')).toEqual(['orders.id:DIRECT/IDENTITY']);
  });

  it('reads subqueries, CASE, window functions, set operations and masking hashes', async () => {
    const lineage = await lineageOf(`
      select s.customer_id,
             case when s.amount > 100 then 'big' else s.status end as size,
             row_number() over (partition by s.customer_id order by s.ordered_at) as nth,
             md5(s.status) as status_hash
      from (select customer_id, amount, status, ordered_at from main.orders) as s`);
    expect(sources(lineage, 'customer_id')).toEqual(['orders.customer_id:DIRECT/IDENTITY']);
    expect(sources(lineage, 'size')).toEqual(['orders.amount:INDIRECT/CONDITIONAL', 'orders.status:DIRECT/TRANSFORMATION']);
    expect(sources(lineage, 'nth')).toEqual(['orders.customer_id:INDIRECT/WINDOW', 'orders.ordered_at:INDIRECT/WINDOW']);
    expect(sources(lineage, 'status_hash')).toEqual(['orders.status:DIRECT/TRANSFORMATION/masked']);
    expect(lineage.fields.status_hash.transformationType).toBe('MASKED');

    const union = await lineageOf('select id, name from raw.customers union all select id, status from main.orders');
    expect(sources(union, 'name')).toEqual(['customers.name:DIRECT/IDENTITY', 'orders.status:DIRECT/IDENTITY']);
  });

  it('handles quoted full names, USING joins, recursive CTEs, alias reuse and correlated subqueries', async () => {
    const using = await lineageOf('select * from "warehouse"."raw"."customers" join (select customer_id as id, amount from main.orders) o using (id)');
    expect(Object.keys(using.fields)).toEqual(['id', 'name', 'email', 'country', 'amount']); // `id` once
    expect(datasetSources(using)).toEqual(['customers.id:JOIN', 'orders.customer_id:JOIN']);

    const recursive = await lineageOf('with recursive r(n) as (select id from raw.customers union all select n + 1 from r where n < 3) select n from r');
    expect(sources(recursive, 'n')).toEqual(['customers.id:DIRECT/IDENTITY', 'customers.id:DIRECT/TRANSFORMATION']);

    const reuse = await lineageOf('select amount * 2 as doubled, doubled + 1 as plus_one from main.orders');
    expect(sources(reuse, 'plus_one')).toEqual(['orders.amount:DIRECT/TRANSFORMATION']);

    const correlated = await lineageOf('select c.id, (select max(o.amount) from main.orders o where o.customer_id = c.id) as top from raw.customers c');
    expect(sources(correlated, 'top')).toEqual(['customers.id:INDIRECT/FILTER', 'orders.amount:DIRECT/AGGREGATION', 'orders.customer_id:INDIRECT/FILTER']);

    const nested = await lineageOf('select * from (with x as (select email from raw.customers) select email as mail from x) s');
    expect(sources(nested, 'mail')).toEqual(['customers.email:DIRECT/IDENTITY']);
  });

  it('prefers the engine-given output names when the column count matches', async () => {
    const lineage = await lineageOf('select coalesce(name, email) from raw.customers', ['coalesce(name, email)']);
    expect(sources(lineage, 'coalesce(name, email)')).toEqual(['customers.email:DIRECT/TRANSFORMATION', 'customers.name:DIRECT/TRANSFORMATION']);
  });

  it('contributes nothing for tables it does not know, instead of guessing', async () => {
    const lineage = await lineageOf("select a.x, c.name from read_parquet('f.parquet') a join raw.customers c on c.id = a.id");
    expect(lineage.fields.x).toBeUndefined();
    expect(sources(lineage, 'name')).toEqual(['customers.name:DIRECT/IDENTITY']);
  });

  it('reports SQL DuckDB cannot parse as a FloeError with the position', async () => {
    const error = await parseSqlWithDuckDb('selec broken from').catch((e: unknown) => e);
    expect(isFloeError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'FLOE_COLUMN_LINEAGE_PARSE_ERROR' });
    expect(String((error as Error).message)).toContain('syntax error');
    expect(() => deriveColumnLineage({ error: true, error_message: 'boom' }, inputs)).toThrow(/boom/);
    expect(() => deriveColumnLineage('not a tree', inputs)).toThrow(/json_serialize_sql/);
  });
});
