/**
 * Kysely's runtime values, taken from its CommonJS build. Its ESM build is
 * ~280 modules that Node 20 resolves and links one by one: about 60 ms more
 * on every `floe run` / `floe status` than the CommonJS build. Every value
 * the state store uses comes from here (one copy of Kysely in the process:
 * its `instanceof` checks need that); the classes are exported as types too,
 * and other types still come from `import type … from 'kysely'`.
 */
import { createRequire } from 'node:module';
import type * as KyselyModule from 'kysely';

const kysely = createRequire(import.meta.url)('kysely') as typeof KyselyModule;

export const { Migrator, SelectQueryNode, SqliteAdapter, SqliteDialect, sql } = kysely;

export const Kysely = kysely.Kysely;
export type Kysely<DB> = KyselyModule.Kysely<DB>;
export const CompiledQuery = kysely.CompiledQuery;
export type CompiledQuery<O = unknown> = KyselyModule.CompiledQuery<O>;
export const PostgresDialect = kysely.PostgresDialect;
export type PostgresDialect = KyselyModule.PostgresDialect;
