/** Type names for result columns: built-ins from a table, others looked up once per adapter via format_type(). */
import { BUILTIN_TYPE_NAMES } from './postgres-values.js';

interface Lookup {
  query(sql: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

export class PostgresTypeNames {
  private readonly known = new Map<number, string>(BUILTIN_TYPE_NAMES);

  async namesFor(oids: number[], session: Lookup): Promise<Map<number, string>> {
    const missing = [...new Set(oids.filter((oid) => !this.known.has(oid)))];
    if (missing.length > 0) {
      try {
        const result = await session.query('select oid::int as oid, format_type(oid, null) as name from pg_catalog.pg_type where oid = any($1::oid[])', [missing]);
        for (const row of result.rows) this.known.set(Number(row.oid), String(row.name));
      } catch {
        // Only cosmetic: the caller falls back to "oid N".
      }
    }
    return this.known;
  }
}
