import pg from 'pg';
import { ParsedDigestSchema, type ParsedDigest } from '../../sources/digest/digest-types.js';
import type { Logger } from '../../ops/logger.js';
import { LiveDaySchema, type LiveDay } from '../../sources/huggingface/live-day.js';
import {
  FollowSchema,
  StoreError,
  StoreUnavailableError,
  SubscriptionSchema,
  type ArchiveCursor,
  type Cadence,
  type Follow,
  type Lease,
  type PostClaim,
  type PostRow,
  type RecapRow,
  type RetryPolicy,
  type Store,
  type Subscription,
} from '../store.js';
import { describeDatabaseUrl } from './database-url.js';
import { migrate, NewerSchemaError } from './migrate.js';
import { isUnavailable, isUniqueViolation } from './pg-errors.js';
import { FileRow, FollowPaperRow, PaperIdRow, toFollow, toLease, toPost, toRecap } from '../table-rows.js';
import { ArchiveChangesRow, DigestRow, FollowIdRow, LiveDayStatusRow, RelnameRow, toLiveDay, toSubscription } from './rows.js';

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
      return new PostgresStore(pool, location, opts.logger);
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
const WRITTEN_TABLES = ['subscriptions', 'posts', 'recaps', 'follows', 'follow_papers', 'digests', 'live_days', 'run_claims', 'once_keys', 'leases'] as const;
/** How long readiness waits for a table's write lock: a busy moment passes within it, a LOCK TABLE does not. */
const PING_LOCK_TIMEOUT_MS = 500;
/** SQLSTATE lock_not_available: lock_timeout expired. */
const LOCK_NOT_AVAILABLE = '55P03';

class PostgresStore implements Store {
  #closed = false;
  #lastPurge = 0;
  constructor(
    private readonly pool: pg.Pool,
    readonly location: string,
    private readonly logger?: Logger,
  ) {}

  async listSubscriptions(): Promise<Subscription[]> {
    return (await this.#query('SELECT channel, cadence, time, timezone, source, days FROM subscriptions ORDER BY channel COLLATE "C", cadence')).map(toSubscription);
  }

  async getSubscription(channel: string, cadence: Cadence): Promise<Subscription | undefined> {
    const [row] = await this.#query('SELECT channel, cadence, time, timezone, source, days FROM subscriptions WHERE channel = $1 AND cadence = $2', [channel, cadence]);
    return row === undefined ? undefined : toSubscription(row);
  }

  async upsertSubscription(sub: Subscription): Promise<void> {
    const s = SubscriptionSchema.parse(sub);
    await this.#query(
      `INSERT INTO subscriptions (channel, cadence, time, timezone, source, days) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (channel, cadence) DO UPDATE SET time = EXCLUDED.time, timezone = EXCLUDED.timezone, source = EXCLUDED.source, days = EXCLUDED.days`,
      [s.channel, s.cadence, s.time, s.timezone, s.source, s.days],
    );
  }

  async removeSubscription(channel: string, cadence: Cadence): Promise<boolean> {
    return (await this.#query('DELETE FROM subscriptions WHERE channel = $1 AND cadence = $2 RETURNING channel', [channel, cadence])).length > 0;
  }

  async claimPost(c: PostClaim): Promise<boolean> {
    try {
      return await this.#transaction(async (tx) => {
        // Lock the day's row, if any, so two replicas retrying a failed day cannot both take it.
        const existing = (await tx.query('SELECT * FROM posts WHERE channel = $1 AND local_day = $2 FOR UPDATE', [c.channel, c.localDay])).rows[0];
        if (existing === undefined) {
          // No row yet: the primary key and the (channel, paper) index decide between concurrent inserts.
          const inserted = await tx.query(
            `INSERT INTO posts (channel, local_day, paper_id, status, attempts, claimed_at) VALUES ($1, $2, $3, 'sending', 1, $4) ON CONFLICT DO NOTHING`,
            [c.channel, c.localDay, c.paperId, c.now],
          );
          return inserted.rowCount === 1;
        }
        // Only a failed attempt may be tried again, a few times, spaced out.
        const row = toPost(existing);
        const retryable = row.status === 'failed' && row.attempts < c.maxAttempts && c.now - row.claimedAt >= c.retryAfterMs;
        if (!retryable) return false;
        const sent = await tx.query(`SELECT 1 FROM posts WHERE channel = $1 AND paper_id = $2 AND status <> 'failed'`, [c.channel, c.paperId]);
        if ((sent.rowCount ?? 0) > 0) return false;
        await tx.query(
          `UPDATE posts SET status = 'sending', paper_id = $1, attempts = attempts + 1, claimed_at = $2, error = NULL WHERE channel = $3 AND local_day = $4`,
          [c.paperId, c.now, c.channel, c.localDay],
        );
        return true;
      });
    } catch (err) {
      // Another replica sent this paper to the channel for another day in the meantime.
      if (isUniqueViolation(err)) return false;
      throw err;
    }
  }

  async markSent(channel: string, localDay: string, messageId: string): Promise<void> {
    await this.#query(`UPDATE posts SET status = 'sent', message_id = $1, error = NULL WHERE channel = $2 AND local_day = $3`, [messageId, channel, localDay]);
  }

  async markFailed(channel: string, localDay: string, error: string): Promise<void> {
    await this.#query(`UPDATE posts SET status = 'failed', error = $1 WHERE channel = $2 AND local_day = $3`, [error.slice(0, 500), channel, localDay]);
  }

  async getPost(channel: string, localDay: string): Promise<PostRow | undefined> {
    const [row] = await this.#query('SELECT * FROM posts WHERE channel = $1 AND local_day = $2', [channel, localDay]);
    return row === undefined ? undefined : toPost(row);
  }

  async postedPaperIds(channel: string): Promise<Set<string>> {
    const rows = await this.#query(`SELECT paper_id FROM posts WHERE channel = $1 AND status <> 'failed'`, [channel]);
    return new Set(rows.map((r) => PaperIdRow.parse(r).paper_id));
  }

  async claimRecap(c: { channel: string; week: string } & RetryPolicy): Promise<boolean> {
    return this.#transaction(async (tx) => {
      const existing = (await tx.query('SELECT * FROM recaps WHERE channel = $1 AND week = $2 FOR UPDATE', [c.channel, c.week])).rows[0];
      if (existing === undefined) {
        const inserted = await tx.query(`INSERT INTO recaps (channel, week, status, attempts, claimed_at) VALUES ($1, $2, 'sending', 1, $3) ON CONFLICT DO NOTHING`, [c.channel, c.week, c.now]);
        return inserted.rowCount === 1;
      }
      const row = toRecap(existing);
      if (row.status !== 'failed' || row.attempts >= c.maxAttempts || c.now - row.claimedAt < c.retryAfterMs) return false;
      await tx.query(`UPDATE recaps SET status = 'sending', attempts = attempts + 1, claimed_at = $1, error = NULL WHERE channel = $2 AND week = $3`, [c.now, c.channel, c.week]);
      return true;
    });
  }

  async markRecapSent(channel: string, week: string, messageId: string): Promise<void> {
    await this.#query(`UPDATE recaps SET status = 'sent', message_id = $1, error = NULL WHERE channel = $2 AND week = $3`, [messageId, channel, week]);
  }

  async markRecapFailed(channel: string, week: string, error: string): Promise<void> {
    await this.#query(`UPDATE recaps SET status = 'failed', error = $1 WHERE channel = $2 AND week = $3`, [error.slice(0, 500), channel, week]);
  }

  async getRecap(channel: string, week: string): Promise<RecapRow | undefined> {
    const [row] = await this.#query('SELECT * FROM recaps WHERE channel = $1 AND week = $2', [channel, week]);
    return row === undefined ? undefined : toRecap(row);
  }

  async addFollow(follow: Omit<Follow, 'id'>, baseline: readonly string[]): Promise<Follow> {
    const f = FollowSchema.omit({ id: true }).parse(follow);
    return this.#transaction(async (tx) => {
      const { rows } = await tx.query('INSERT INTO follows (owner, kind, words, created_at) VALUES ($1, $2, $3, $4) RETURNING id', [f.owner, f.kind, f.words, f.createdAt]);
      const id = FollowIdRow.parse(rows[0]).id;
      if (baseline.length > 0) {
        await tx.query(
          `INSERT INTO follow_papers (follow_id, paper_id, status, claimed_at) SELECT $1, unnest($2::text[]), 'baseline', $3 ON CONFLICT DO NOTHING`,
          [id, [...baseline], f.createdAt],
        );
      }
      return { id, ...f };
    });
  }

  async listFollows(owner?: string): Promise<Follow[]> {
    const rows = owner === undefined ? await this.#query('SELECT * FROM follows ORDER BY id') : await this.#query('SELECT * FROM follows WHERE owner = $1 ORDER BY id', [owner]);
    return rows.map(toFollow);
  }

  async removeFollow(owner: string, id: number): Promise<boolean> {
    return this.#transaction(async (tx) => {
      const removed = ((await tx.query('DELETE FROM follows WHERE owner = $1 AND id = $2', [owner, id])).rowCount ?? 0) > 0;
      if (removed) await tx.query('DELETE FROM follow_papers WHERE follow_id = $1', [id]);
      return removed;
    });
  }

  async removeAllFollows(owner: string): Promise<number> {
    return this.#transaction(async (tx) => {
      await tx.query('DELETE FROM follow_papers WHERE follow_id IN (SELECT id FROM follows WHERE owner = $1)', [owner]);
      return (await tx.query('DELETE FROM follows WHERE owner = $1', [owner])).rowCount ?? 0;
    });
  }

  async claimAlerts(followId: number, paperIds: readonly string[], p: RetryPolicy): Promise<string[]> {
    if (paperIds.length === 0) return [];
    const claimed = await this.#transaction(async (tx) => {
      // A follow removed meanwhile gets nothing; FOR SHARE keeps it from being removed mid-claim.
      if ((await tx.query('SELECT 1 FROM follows WHERE id = $1 FOR SHARE', [followId])).rowCount === 0) return new Set<string>();
      // New papers: the primary key lets exactly one concurrent claim insert each row.
      const inserted = await tx.query(
        `INSERT INTO follow_papers (follow_id, paper_id, status, attempts, claimed_at) SELECT $1, unnest($2::text[]), 'sending', 1, $3
         ON CONFLICT DO NOTHING RETURNING paper_id`,
        [followId, [...paperIds], p.now],
      );
      // Failed ones due for a retry: the row lock lets exactly one concurrent claim take each.
      const retried = await tx.query(
        `UPDATE follow_papers SET status = 'sending', attempts = attempts + 1, claimed_at = $3, error = NULL
         WHERE follow_id = $1 AND paper_id = ANY($2::text[]) AND status = 'failed' AND attempts < $4 AND claimed_at <= $5 RETURNING paper_id`,
        [followId, [...paperIds], p.now, p.maxAttempts, p.now - p.retryAfterMs],
      );
      return new Set([...inserted.rows, ...retried.rows].map((r) => PaperIdRow.parse(r).paper_id));
    });
    return paperIds.filter((id) => claimed.has(id));
  }

  async markAlertsSent(followId: number, paperIds: readonly string[], messageId: string): Promise<void> {
    await this.#query(`UPDATE follow_papers SET status = 'sent', message_id = $1, error = NULL WHERE follow_id = $2 AND paper_id = ANY($3::text[])`, [messageId, followId, [...paperIds]]);
  }

  async markAlertsFailed(followId: number, paperIds: readonly string[], error: string): Promise<void> {
    await this.#query(`UPDATE follow_papers SET status = 'failed', error = $1 WHERE follow_id = $2 AND paper_id = ANY($3::text[])`, [error.slice(0, 500), followId, [...paperIds]]);
  }

  async retryableAlerts(p: RetryPolicy): Promise<{ followId: number; paperIds: string[] }[]> {
    const rows = (
      await this.#query(
        `SELECT follow_id, paper_id FROM follow_papers WHERE status = 'failed' AND attempts < $1 AND claimed_at <= $2 ORDER BY follow_id, paper_id COLLATE "C"`,
        [p.maxAttempts, p.now - p.retryAfterMs],
      )
    ).map((r) => FollowPaperRow.parse(r));
    const byFollow = new Map<number, string[]>();
    for (const r of rows) byFollow.set(r.follow_id, [...(byFollow.get(r.follow_id) ?? []), r.paper_id]);
    return [...byFollow].map(([followId, paperIds]) => ({ followId, paperIds }));
  }

  async saveLiveDay(day: LiveDay): Promise<void> {
    const d = LiveDaySchema.parse(day);
    await this.#query(
      `INSERT INTO live_days (date, papers, fetched_at, final) VALUES ($1, $2, $3, $4)
       ON CONFLICT (date) DO UPDATE SET papers = EXCLUDED.papers, fetched_at = EXCLUDED.fetched_at, final = EXCLUDED.final`,
      [d.date, JSON.stringify(d.papers), d.fetchedAt, d.final],
    );
  }

  async liveDays(): Promise<LiveDay[]> {
    return (await this.#query('SELECT date, papers, fetched_at, final FROM live_days ORDER BY date')).map(toLiveDay);
  }

  async liveDayStatus(): Promise<{ date: string; final: boolean }[]> {
    return (await this.#query('SELECT date, final FROM live_days ORDER BY date')).map((r) => LiveDayStatusRow.parse(r));
  }

  async archiveDigest(digest: ParsedDigest, now: number): Promise<void> {
    // Only a digest with papers replaces what is kept: a file that later breaks must not erase it.
    if (!digest.sections.some((s) => s.papers.length > 0)) return;
    // TEXT, not JSONB: jsonb refuses the \u0000 escape, which a digest's text may hold.
    const parsed = JSON.stringify({ file: digest.file, sections: digest.sections, problems: [] });
    await this.#query(
      // An unchanged digest (every start re-reads the folder) is not written again. A write records its
      // transaction (changed_xid: the column's default on insert), which archivedSince compares with a snapshot.
      `INSERT INTO digests (file, parsed, ingested_at) VALUES ($1, $2, $3)
       ON CONFLICT (file) DO UPDATE SET parsed = EXCLUDED.parsed, ingested_at = EXCLUDED.ingested_at, changed_xid = pg_current_xact_id()
       WHERE digests.parsed IS DISTINCT FROM EXCLUDED.parsed`,
      [digest.file, parsed, now],
    );
  }

  async archivedDigests(files: readonly string[]): Promise<ParsedDigest[]> {
    if (files.length === 0) return [];
    const rows = (await this.#query('SELECT file, parsed FROM digests WHERE file = ANY($1::text[])', [files])).map((r) => DigestRow.parse(r));
    const byFile = new Map(rows.map((r) => [r.file, r.parsed]));
    return files.flatMap((file) => {
      const parsed = byFile.get(file);
      return parsed === undefined ? [] : [ParsedDigestSchema.parse(JSON.parse(parsed))];
    });
  }

  async archivedFiles(): Promise<string[]> {
    return (await this.#query('SELECT file FROM digests ORDER BY file COLLATE "C"')).map((r) => FileRow.parse(r).file);
  }

  async archivedSince(cursor: ArchiveCursor | undefined): Promise<{ files: string[]; cursor: ArchiveCursor }> {
    // The cursor is the snapshot the last look ran in. Changed since: written by a transaction that snapshot
    // did not see (in progress then, or later), which a sequence number could not tell apart: numbers are
    // taken in one order and committed in another, so a reader may see 12 before 11 commits. One statement,
    // so the new snapshot is the one its rows were read in; the index on changed_xid bounds the scan to
    // the transactions at or after the old snapshot's oldest one.
    const [row] = await this.#query(
      cursor === undefined
        ? `SELECT pg_current_snapshot()::text AS snapshot, array(SELECT file FROM digests ORDER BY file COLLATE "C") AS files`
        : `SELECT pg_current_snapshot()::text AS snapshot,
                  array(SELECT file FROM digests
                        WHERE changed_xid >= pg_snapshot_xmin($1::pg_snapshot) AND NOT pg_visible_in_snapshot(changed_xid, $1::pg_snapshot)) AS files`,
      cursor === undefined ? [] : [cursor],
    );
    const r = ArchiveChangesRow.parse(row);
    // Sorted here (by code point, as COLLATE "C" would): an ORDER BY could lead the planner to walk every row by file.
    return { files: r.files.sort(), cursor: r.snapshot };
  }

  async claimRun(key: string, owner: string, now: number, ttlMs: number): Promise<boolean> {
    // One key a minute: dropping the expired ones each time keeps the table at a row or two.
    await this.#query('DELETE FROM run_claims WHERE expires_at <= $1', [now]);
    const rows = await this.#query(
      `INSERT INTO run_claims (key, owner, expires_at) VALUES ($1, $2, $3)
       ON CONFLICT (key) DO UPDATE SET owner = EXCLUDED.owner, expires_at = EXCLUDED.expires_at WHERE run_claims.expires_at <= $4
       RETURNING key`,
      [key, owner, now + ttlMs, now],
    );
    return rows.length === 1;
  }

  async claimOnce(key: string, now: number, ttlMs: number): Promise<boolean> {
    // An expired key is taken over in the same statement; the others are swept at most once a minute.
    const rows = await this.#query(
      `INSERT INTO once_keys (key, expires_at) VALUES ($1, $2)
       ON CONFLICT (key) DO UPDATE SET expires_at = EXCLUDED.expires_at WHERE once_keys.expires_at <= $3
       RETURNING key`,
      [key, now + ttlMs, now],
    );
    if (now - this.#lastPurge >= 60_000) {
      this.#lastPurge = now;
      await this.#query('DELETE FROM once_keys WHERE expires_at <= $1', [now]).catch((err: unknown) => this.logger?.debug(`store: sweeping expired keys failed: ${reason(err)}`));
    }
    return rows.length === 1;
  }

  async releaseOnce(key: string): Promise<void> {
    await this.#query('DELETE FROM once_keys WHERE key = $1', [key]);
  }

  async acquireLease(name: string, owner: string, now: number, ttlMs: number): Promise<boolean> {
    const rows = await this.#query(
      `INSERT INTO leases (name, owner, expires_at) VALUES ($1, $2, $3)
       ON CONFLICT (name) DO UPDATE SET owner = EXCLUDED.owner, expires_at = EXCLUDED.expires_at
       WHERE leases.owner = EXCLUDED.owner OR leases.expires_at <= $4
       RETURNING name`,
      [name, owner, now + ttlMs, now],
    );
    return rows.length === 1;
  }

  async releaseLease(name: string, owner: string): Promise<void> {
    await this.#query('DELETE FROM leases WHERE name = $1 AND owner = $2', [name, owner]);
  }

  async getLease(name: string): Promise<Lease | undefined> {
    const [row] = await this.#query('SELECT name, owner, expires_at FROM leases WHERE name = $1', [name]);
    return row === undefined ? undefined : toLease(row);
  }

  async ping(): Promise<void> {
    // Readiness: the database takes writes now, not only reads. Taking every table's write lock (ROW
    // EXCLUSIVE, what an INSERT takes) finds a LOCK TABLE or a migration in the way; the committed
    // upsert of one shared heartbeat key finds a read-only server or one that cannot write its WAL.
    try {
      await this.#transaction(async (tx) => {
        await tx.query(`SET LOCAL lock_timeout = '${PING_LOCK_TIMEOUT_MS}ms'`);
        await tx.query(`LOCK TABLE ${WRITTEN_TABLES.join(', ')} IN ROW EXCLUSIVE MODE`);
        await tx.query(`INSERT INTO once_keys (key, expires_at) VALUES ('paperbot:readyz', 0) ON CONFLICT (key) DO UPDATE SET expires_at = 0`);
      });
    } catch (err) {
      if (err instanceof StoreUnavailableError) throw err;
      if ((err as { code?: unknown }).code === LOCK_NOT_AVAILABLE) {
        const held = await this.#lockedTables().catch(() => []);
        const which = held.length === 0 ? 'a table paperbot writes is locked' : `${held.length === 1 ? 'table' : 'tables'} ${held.join(', ')} ${held.length === 1 ? 'is' : 'are'} locked`;
        throw new StoreError(`${this.location} does not take writes: ${which} by another session (waited ${PING_LOCK_TIMEOUT_MS} ms)`);
      }
      throw new StoreError(`${this.location} does not take writes: ${reason(err)}`);
    }
  }

  /** Which of paperbot's tables another session holds a lock on that keeps writers out. */
  async #lockedTables(): Promise<string[]> {
    const rows = await this.#query(
      `SELECT DISTINCT c.relname FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
       WHERE l.granted AND l.pid <> pg_backend_pid() AND c.relname = ANY($1::text[]) AND c.relnamespace = current_schema()::regnamespace
         AND l.mode IN ('ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock')
       ORDER BY c.relname`,
      [[...WRITTEN_TABLES]],
    );
    return rows.map((r) => RelnameRow.parse(r).relname);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.pool.end();
  }

  /** One statement on any pooled connection; an unreachable database becomes StoreUnavailableError. */
  async #query(text: string, values?: unknown[]): Promise<unknown[]> {
    try {
      return (await this.pool.query(text, values)).rows as unknown[];
    } catch (err) {
      throw this.#wrap(err);
    }
  }

  /** Runs `work` in one transaction on one connection; rolls back on any error. */
  async #transaction<T>(work: (tx: pg.PoolClient) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      throw this.#wrap(err);
    }
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      if (isUnavailable(err)) broken = err as Error;
      else await client.query('ROLLBACK').catch(() => undefined);
      throw this.#wrap(err);
    } finally {
      // A connection that failed mid-transaction is discarded, not handed to the next caller.
      client.release(broken);
    }
  }

  #wrap(err: unknown): unknown {
    return isUnavailable(err) ? new StoreUnavailableError(this.location, { cause: err }) : err;
  }
}

function reason(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length > 0) return err.errors.map(reason).join('; ');
  const code = (err as { code?: unknown }).code;
  const message = err instanceof Error ? err.message : String(err);
  return typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message;
}
