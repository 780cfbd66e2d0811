/**
 * The DaemonRegistry over SQL. Lease changes read the row FOR UPDATE (on
 * PostgreSQL; SQLite serializes write transactions), so two campaigners
 * never both win, and wait for fenced writes holding it FOR SHARE.
 */
import { sql } from './kysely-runtime.js';
import type { Selectable, Transaction } from 'kysely';
import type { DaemonsTable, LeasesTable, StateDatabase } from './database-schema.js';
import {
  DAEMON_LEASE_NAME,
  type AcquireLeaseInput,
  type DaemonRegistry,
  type HeartbeatInput,
  type LeaseClaim,
  type DatabaseSession,
} from './daemon-registry.js';
import { currentHostname, isProcessAlive } from './local-process.js';
import { isoTimestamp, requireOneOf, requireText, toNumberOrNull } from './record-mapping.js';
import { DAEMON_ROLES, type DaemonHeartbeat, type DaemonRole, type DaemonStatus, type LeaderLease } from './service-records.js';
import { invalidInputError } from './state-errors.js';
import type { StoreContext } from './store-context.js';

function leaseFromRow(row: Selectable<LeasesTable>): LeaderLease {
  return {
    name: row.name,
    holder: row.holder,
    holderSession: row.holder_session,
    term: Number(row.term),
    acquiredAt: row.acquired_at,
    renewedAt: row.renewed_at,
    expiresAt: row.expires_at,
  };
}

function daemonFromRow(row: Selectable<DaemonsTable>, now: Date): DaemonHeartbeat {
  return {
    id: row.id,
    hostname: row.hostname,
    pid: Number(row.pid),
    mode: row.mode as DaemonHeartbeat['mode'],
    role: row.role as DaemonRole,
    term: toNumberOrNull(row.term),
    version: row.version,
    startedAt: row.started_at,
    heartbeatAt: row.heartbeat_at,
    stoppedAt: row.stopped_at,
    ageSeconds: Math.max(0, (now.getTime() - Date.parse(row.heartbeat_at)) / 1000),
  };
}

function requireDuration(durationMs: number): void {
  if (!Number.isFinite(durationMs) || durationMs <= 0) throw invalidInputError(`durationMs must be a number > 0, got ${durationMs}.`);
}

export class SqlDaemonRegistry implements DaemonRegistry {
  readonly #context: StoreContext;

  constructor(context: StoreContext) {
    this.#context = context;
  }

  async recordHeartbeat(input: HeartbeatInput): Promise<void> {
    const now = this.#context.now().toISOString();
    const row = {
      id: requireText(input.id, 'id'),
      hostname: input.hostname,
      pid: input.pid,
      mode: requireOneOf(input.mode, ['single', 'ha'] as const, 'mode'),
      role: requireOneOf(input.role, DAEMON_ROLES, 'role'),
      term: input.term,
      version: input.version,
      started_at: isoTimestamp(input.startedAt, 'startedAt'),
      heartbeat_at: now,
      stopped_at: input.role === 'stopped' ? now : null,
    };
    await this.#context
      .db()
      .insertInto('daemons')
      .values(row)
      .onConflict((conflict) => conflict.column('id').doUpdateSet({ role: row.role, term: row.term, heartbeat_at: now, stopped_at: row.stopped_at }))
      .execute();
  }

  async markStopped(id: string): Promise<void> {
    const now = this.#context.now().toISOString();
    await this.#context.db().updateTable('daemons').set({ role: 'stopped', stopped_at: now, heartbeat_at: now }).where('id', '=', id).execute();
  }

  async listDaemons(options: { includeStopped?: boolean } = {}): Promise<DaemonHeartbeat[]> {
    const now = this.#context.now();
    let query = this.#context.db().selectFrom('daemons').selectAll().orderBy('heartbeat_at', 'desc').orderBy('id');
    if (!options.includeStopped) query = query.where('stopped_at', 'is', null);
    return (await query.execute()).map((row) => daemonFromRow(row, now));
  }

  async status(leaseName: string = DAEMON_LEASE_NAME): Promise<DaemonStatus> {
    const now = this.#context.now();
    const [daemons, lease] = await Promise.all([this.listDaemons(), this.getLease(leaseName)]);
    const leader = lease && lease.holder !== null ? { ...lease, expired: lease.expiresAt === null || lease.expiresAt < now.toISOString() } : null;
    return {
      now: now.toISOString(),
      leader,
      daemons,
      heartbeatAgeSeconds: daemons.length === 0 ? null : Math.min(...daemons.map((daemon) => daemon.ageSeconds)),
    };
  }

  async getLease(name: string): Promise<LeaderLease | undefined> {
    const row = await this.#context.db().selectFrom('leases').selectAll().where('name', '=', name).executeTakeFirst();
    return row ? leaseFromRow(row) : undefined;
  }

  async acquireLease(input: AcquireLeaseInput): Promise<LeaseClaim> {
    requireText(input.holder, 'holder');
    requireDuration(input.durationMs);
    const now = this.#context.now();
    const nowIso = now.toISOString();
    const expires = new Date(now.getTime() + input.durationMs).toISOString();
    return this.#context
      .db()
      .transaction()
      .execute(async (trx) => {
        const row = await lockedLease(trx, this.#context.kind, input.name);
        const valid = row.expires_at !== null && row.expires_at >= nowIso;
        const session = input.session ?? null;
        if (row.holder === input.holder) {
          const renewed = await trx.updateTable('leases').set({ renewed_at: nowIso, expires_at: expires, holder_session: session }).where('name', '=', input.name).returningAll().executeTakeFirstOrThrow();
          return { lease: leaseFromRow(renewed), held: true };
        }
        if (row.holder !== null && valid && !input.takeOver) return { lease: leaseFromRow(row), held: false };
        const taken = await trx
          .updateTable('leases')
          .set({ holder: input.holder, holder_session: session, term: Number(row.term) + 1, acquired_at: nowIso, renewed_at: nowIso, expires_at: expires })
          .where('name', '=', input.name)
          .returningAll()
          .executeTakeFirstOrThrow();
        return { lease: leaseFromRow(taken), held: true };
      });
  }

  async renewLease(input: { name: string; holder: string; term: number; durationMs: number }): Promise<boolean> {
    requireDuration(input.durationMs);
    const now = this.#context.now();
    const result = await this.#context
      .db()
      .updateTable('leases')
      .set({ renewed_at: now.toISOString(), expires_at: new Date(now.getTime() + input.durationMs).toISOString() })
      .where('name', '=', input.name)
      .where('holder', '=', input.holder)
      .where('term', '=', input.term)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async releaseLease(input: { name: string; holder: string; term: number }): Promise<void> {
    const now = this.#context.now().toISOString();
    await this.#context
      .db()
      .updateTable('leases')
      .set({ holder: null, holder_session: null, expires_at: now, renewed_at: now })
      .where('name', '=', input.name)
      .where('holder', '=', input.holder)
      .where('term', '=', input.term)
      .execute();
  }

  async openSession(): Promise<DatabaseSession> {
    if (this.#context.kind === 'postgres') return holdConnection(this.#context.db());
    return { id: `proc:${currentHostname()}:${process.pid}`, close: async () => undefined };
  }

  async isSessionAlive(session: string): Promise<boolean | undefined> {
    const pg = /^pg:(\d+)$/.exec(session);
    if (pg) {
      if (this.#context.kind !== 'postgres') return undefined;
      const row = await this.#context.db().selectNoFrom(sql<number>`(select count(*) from pg_stat_activity where pid = ${Number(pg[1])})`.as('n')).executeTakeFirstOrThrow();
      return Number(row.n) > 0;
    }
    const local = /^proc:(.+):(\d+)$/.exec(session);
    if (local && local[1] === currentHostname()) return isProcessAlive(Number(local[2]));
    return undefined;
  }

  async recordExternalTerm(input: { name: string; holder: string; term: number; durationMs: number }): Promise<boolean> {
    requireDuration(input.durationMs);
    if (!Number.isInteger(input.term) || input.term < 1) throw invalidInputError(`term must be a whole number ≥ 1, got ${input.term}.`);
    const now = this.#context.now();
    const nowIso = now.toISOString();
    return this.#context
      .db()
      .transaction()
      .execute(async (trx) => {
        const row = await lockedLease(trx, this.#context.kind, input.name);
        const current = Number(row.term);
        if (current > input.term || (current === input.term && row.holder !== input.holder && row.holder !== null)) return false;
        await trx
          .updateTable('leases')
          .set({
            holder: input.holder,
            holder_session: null,
            term: input.term,
            ...(current === input.term ? {} : { acquired_at: nowIso }),
            renewed_at: nowIso,
            expires_at: new Date(now.getTime() + input.durationMs).toISOString(),
          })
          .where('name', '=', input.name)
          .execute();
        return true;
      });
  }
}

/** A pool connection kept open until closed: the session a standby watches in pg_stat_activity. */
async function holdConnection(db: ReturnType<StoreContext['db']>): Promise<DatabaseSession> {
  let reportPid: (pid: number | Error) => void = () => undefined;
  const opened = new Promise<number | Error>((resolve) => (reportPid = resolve));
  let letGo: () => void = () => undefined;
  const closed = new Promise<void>((resolve) => (letGo = resolve));
  const holding = db
    .connection()
    .execute(async (connection) => {
      const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(connection);
      reportPid(Number(rows[0]?.pid));
      await closed;
    })
    .catch((error: unknown) => reportPid(error instanceof Error ? error : new Error(String(error))));
  const pid = await opened;
  if (pid instanceof Error) throw pid;
  return {
    id: `pg:${pid}`,
    close: async () => {
      letGo();
      await holding;
    },
  };
}

/** The lease row, created empty when missing, locked for this transaction. */
async function lockedLease(trx: Transaction<StateDatabase>, kind: StoreContext['kind'], name: string): Promise<Selectable<LeasesTable>> {
  requireText(name, 'lease name');
  await trx
    .insertInto('leases')
    .values({ name, holder: null, holder_session: null, term: 0, acquired_at: null, renewed_at: null, expires_at: null })
    .onConflict((conflict) => conflict.column('name').doNothing())
    .execute();
  let query = trx.selectFrom('leases').selectAll().where('name', '=', name);
  if (kind === 'postgres') query = query.forUpdate();
  return query.executeTakeFirstOrThrow();
}
