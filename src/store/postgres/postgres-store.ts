import pg from 'pg';
import type { Logger } from '../../ops/logger.js';
import { StoreError, StoreUnavailableError, type Store, type StoreLifecycle } from '../store.js';
import { pgCoordination } from './coordination.js';
import { describeDatabaseUrl } from './database-url.js';
import { pgDigestArchive } from './digest-archive.js';
import { pgFollows } from './follows.js';
import { pgSignals } from './signals.js';
import { pgPostLedger, pgRecapLedger } from './ledgers.js';
import { pgLiveDays } from './live-days.js';
import { migrate, NewerSchemaError } from './migrate.js';
import { pgConnection, type PgConnection } from './pg-connection.js';
import { isUnavailable, reason } from './pg-errors.js';
import { RelnameRow } from './rows.js';
import { pgSubscriptions } from './subscriptions.js';
import { pgWatches } from './watches.js';

// The PostgreSQL store, for several replicas: every role (each in its own
// module beside this one, over one pool), opened after the pending migrations.

/** How the store connects; tests shorten the waits. */
export interface PostgresStoreOptions {
  logger?: Logger;
  /** How long start-up waits for an unreachable database before giving up (default 30 s). */
  startupWaitMs?: number;
  /** Connections per replica (default 5: every query is short). */
  poolSize?: number;
  /** How long a query waits for a connection before the database counts as unavailable (default 5 s). */
  connectTimeoutMs?: number;
  /** How long a query waits for its answer before the database counts as unavailable (default 20 s). */
  queryTimeoutMs?: number;
}

// BIGINT columns hold milliseconds since the epoch, well inside a double: read them as numbers, not strings.
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 && format !== 'binary' ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * Opens the PostgreSQL store at `url` (DATABASE_URL): a connection pool,
 * then the pending migrations. An unreachable database is waited for a
 * while (replicas often start with their database); a database of a newer
 * schema, or one that refuses the login, is a StoreError naming it (without
 * the password) at once.
 */
export async function openPostgresStore(url: string, opts: PostgresStoreOptions = {}): Promise<Store> {
  const location = describeDatabaseUrl(url);
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.poolSize ?? 5,
    connectionTimeoutMillis: opts.connectTimeoutMs ?? 5000,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    // Server-side, a query may run 15 s; client-side, an answer that never comes (a database host that
    // vanished without closing the connection) fails after 20 s instead of hanging the caller forever.
    statement_timeout: 15_000,
    query_timeout: opts.queryTimeoutMs ?? 20_000,
    application_name: 'paperbot',
    types,
  });
  // An idle connection that the server drops (a restart) emits here; without a listener it would crash
  // the process. The pool replaces it on the next query: nothing to do but say so.
  pool.on('error', (err) => opts.logger?.warn(`store: an idle connection to ${location} was closed (${err.message}); the pool reconnects on the next query`));
  // One line when the waiting starts and one when it ends, either way; each attempt (a second apart) is a debug line.
  const waitMs = opts.startupWaitMs ?? 30_000;
  const started = Date.now();
  const waited = () => `${Math.round((Date.now() - started) / 1000)} s`;
  let waiting = false;
  for (;;) {
    try {
      const { from, to } = await migrate(pool);
      if (waiting) opts.logger?.info(`store: the database ${location} answers, after ${waited()} of waiting`);
      if (from !== to) opts.logger?.info(`store: migrated ${location} from schema version ${from} to ${to}`);
      const db = pgConnection(pool, location);
      return {
        ...pgSubscriptions(db),
        ...pgPostLedger(db),
        ...pgRecapLedger(db),
        ...pgFollows(db),
        ...pgWatches(db),
        ...pgSignals(db),
        ...pgDigestArchive(db),
        ...pgLiveDays(db),
        ...pgCoordination(db, opts.logger),
        ...pgLifecycle(db, pool),
      };
    } catch (err) {
      if (isUnavailable(err) && Date.now() - started < waitMs) {
        if (!waiting) opts.logger?.warn(`store: waiting for the database ${location} (${reason(err)}); trying again every second for up to ${Math.round(waitMs / 1000)} s`);
        else opts.logger?.debug(`store: the database ${location} still cannot be reached (${reason(err)})`);
        waiting = true;
        await new Promise((r) => setTimeout(r, 1000));
        continue;
      }
      await pool.end().catch(() => undefined);
      const what =
        err instanceof NewerSchemaError ? err.message : isUnavailable(err) ? `it cannot be reached (${reason(err)})${waiting ? `, after waiting ${waited()}` : ''}` : reason(err);
      throw new StoreError(`cannot open the paperbot database ${location}: ${what}`);
    }
  }
}

/** Every table paperbot writes (see migrations.ts): readiness checks each would take a write now. */
const WRITTEN_TABLES = ['subscriptions', 'posts', 'recaps', 'follows', 'follow_papers', 'watches', 'watch_alerts', 'saves', 'votes', 'foryou_subscriptions', 'recap_teams', 'digests', 'live_days', 'looked_up_papers', 'run_claims', 'once_keys', 'leases'] as const;
/** How long readiness waits for a table's write lock: a busy moment passes within it, a LOCK TABLE does not. */
const PING_LOCK_TIMEOUT_MS = 500;
/** SQLSTATE lock_not_available: lock_timeout expired. */
const LOCK_NOT_AVAILABLE = '55P03';

/** Where the database is, whether it takes writes now, and closing the pool. */
function pgLifecycle(db: PgConnection, pool: pg.Pool): StoreLifecycle {
  let closed = false;
  return {
    location: db.location,

    async ping(): Promise<void> {
      // Readiness: the database takes writes now, not only reads. Taking every table's write lock (ROW
      // EXCLUSIVE, what an INSERT takes) finds a LOCK TABLE or a migration in the way; the committed
      // upsert of one shared heartbeat key finds a read-only server or one that cannot write its WAL.
      try {
        await db.transaction(async (tx) => {
          await tx.query(`SET LOCAL lock_timeout = '${PING_LOCK_TIMEOUT_MS}ms'`);
          await tx.query(`LOCK TABLE ${WRITTEN_TABLES.join(', ')} IN ROW EXCLUSIVE MODE`);
          await tx.query(`INSERT INTO once_keys (key, expires_at) VALUES ('paperbot:readyz', 0) ON CONFLICT (key) DO UPDATE SET expires_at = 0`);
        });
      } catch (err) {
        if (err instanceof StoreUnavailableError) throw err;
        if ((err as { code?: unknown }).code === LOCK_NOT_AVAILABLE) {
          const held = await lockedTables(db).catch(() => []);
          const which = held.length === 0 ? 'a table paperbot writes is locked' : `${held.length === 1 ? 'table' : 'tables'} ${held.join(', ')} ${held.length === 1 ? 'is' : 'are'} locked`;
          throw new StoreError(`${db.location} does not take writes: ${which} by another session (waited ${PING_LOCK_TIMEOUT_MS} ms)`);
        }
        throw new StoreError(`${db.location} does not take writes: ${reason(err)}`);
      }
    },

    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

/** Which of paperbot's tables another session holds a lock on that keeps writers out. */
async function lockedTables(db: PgConnection): Promise<string[]> {
  const rows = await db.query(
    `SELECT DISTINCT c.relname FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
     WHERE l.granted AND l.pid <> pg_backend_pid() AND c.relname = ANY($1::text[]) AND c.relnamespace = current_schema()::regnamespace
       AND l.mode IN ('ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock')
     ORDER BY c.relname`,
    [[...WRITTEN_TABLES]],
  );
  return rows.map((r) => RelnameRow.parse(r).relname);
}
