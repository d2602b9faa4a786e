import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { ParsedDigestSchema, type ParsedDigest } from '../../sources/digest/digest-types.js';
import { LiveDaySchema, type LiveDay } from '../../sources/huggingface/live-day.js';
import { FileRow, FollowPaperRow, PaperIdRow, toFollow, toLease, toPost, toRecap } from '../table-rows.js';
import { MIGRATIONS } from './migrations.js';
import { openFailureMessage, storageFault } from './sqlite-faults.js';
import {
  FollowSchema,
  StoreError,
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

/** How long a statement waits for another process's write lock before failing (SQLITE_BUSY). */
const BUSY_TIMEOUT_MS = 5000;
/** Tries of readiness's write, 100 ms apart, before a held write lock counts as not ready. */
const PING_ATTEMPTS = 4;

/** The database file under DATA_DIR. */
export const DB_FILE = 'paperbot.db';

const SubscriptionRow = z.object({ channel: z.string(), cadence: z.string(), time: z.string(), timezone: z.string(), source: z.string(), days: z.string() });
const LiveDayRow = z.object({ date: z.string(), papers: z.string(), fetched_at: z.number(), final: z.number() });
const LiveDayStatusRow = LiveDayRow.pick({ date: true, final: true });
const ParsedRow = z.object({ parsed: z.string() });
const ChangedFileRow = z.object({ file: z.string(), seq: z.number() });

/**
 * Opens (creating if needed) the SQLite store at `file`: WAL mode so readers
 * never block the writer, a busy timeout so two processes wait for each other
 * instead of failing, an integrity check, then pending migrations. A corrupt
 * or unreadable file is an error naming it: the bot never starts empty over
 * a user's data.
 */
export function openSqliteStore(file: string): Store {
  let db: Database.Database;
  const existed = existsSync(file);
  try {
    mkdirSync(dirname(file), { recursive: true });
    db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(`integrity check: ${String(check)}`);
    migrate(db);
  } catch (err) {
    throw new StoreError(openFailureMessage(err, file, existed));
  }
  return guardStorage(new SqliteStore(db, file), file);
}

function migrate(db: Database.Database): void {
  // One IMMEDIATE transaction for the whole upgrade, reading the version inside it: two processes
  // starting at once on a new file then migrate one after the other, and the second finds nothing to do.
  db.transaction(() => {
    const current = Number(db.pragma('user_version', { simple: true }));
    if (current > MIGRATIONS.length) {
      throw new Error(`schema version ${current} is newer than this paperbot knows (${MIGRATIONS.length}); upgrade paperbot`);
    }
    for (let v = current; v < MIGRATIONS.length; v++) db.exec(MIGRATIONS[v]!);
    if (current < MIGRATIONS.length) db.pragma(`user_version = ${MIGRATIONS.length}`);
  }).immediate();
}

/**
 * better-sqlite3 answers synchronously in microseconds; the methods are async
 * only to meet the Store interface that a network database also implements.
 */
class SqliteStore implements Store {
  #closed = false;
  constructor(
    private readonly db: Database.Database,
    readonly location: string,
  ) {}

  async listSubscriptions(): Promise<Subscription[]> {
    return this.db.prepare('SELECT * FROM subscriptions ORDER BY channel, cadence').all().map(toSubscription);
  }

  async getSubscription(channel: string, cadence: Cadence): Promise<Subscription | undefined> {
    const row = this.db.prepare('SELECT * FROM subscriptions WHERE channel = ? AND cadence = ?').get(channel, cadence);
    return row === undefined ? undefined : toSubscription(row);
  }

  async upsertSubscription(sub: Subscription): Promise<void> {
    const s = SubscriptionSchema.parse(sub);
    this.db
      .prepare(
        `INSERT INTO subscriptions (channel, cadence, time, timezone, source, days) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (channel, cadence) DO UPDATE SET time = excluded.time, timezone = excluded.timezone, source = excluded.source, days = excluded.days`,
      )
      .run(s.channel, s.cadence, s.time, s.timezone, s.source, s.days.join(','));
  }

  async removeSubscription(channel: string, cadence: Cadence): Promise<boolean> {
    return this.db.prepare('DELETE FROM subscriptions WHERE channel = ? AND cadence = ?').run(channel, cadence).changes > 0;
  }

  async claimPost(c: PostClaim): Promise<boolean> {
    return this.db.transaction(() => {
      const existing = this.#post(c.channel, c.localDay);
      if (existing) {
        // Only a failed attempt may be tried again, a few times, spaced out.
        const retryable = existing.status === 'failed' && existing.attempts < c.maxAttempts && c.now - existing.claimedAt >= c.retryAfterMs;
        if (!retryable) return false;
        if (this.#postedPaperIds(c.channel).has(c.paperId)) return false;
        this.db
          .prepare(`UPDATE posts SET status = 'sending', paper_id = ?, attempts = attempts + 1, claimed_at = ?, error = NULL WHERE channel = ? AND local_day = ?`)
          .run(c.paperId, c.now, c.channel, c.localDay);
        return true;
      }
      try {
        this.db
          .prepare(`INSERT INTO posts (channel, local_day, paper_id, status, attempts, claimed_at) VALUES (?, ?, ?, 'sending', 1, ?)`)
          .run(c.channel, c.localDay, c.paperId, c.now);
        return true;
      } catch (err) {
        // The unique index: this paper already went to this channel.
        if (err instanceof Database.SqliteError && err.code.startsWith('SQLITE_CONSTRAINT')) return false;
        throw err;
      }
    }).immediate();
  }

  async markSent(channel: string, localDay: string, messageId: string): Promise<void> {
    this.db.prepare(`UPDATE posts SET status = 'sent', message_id = ?, error = NULL WHERE channel = ? AND local_day = ?`).run(messageId, channel, localDay);
  }

  async markFailed(channel: string, localDay: string, error: string): Promise<void> {
    this.db.prepare(`UPDATE posts SET status = 'failed', error = ? WHERE channel = ? AND local_day = ?`).run(error.slice(0, 500), channel, localDay);
  }

  async getPost(channel: string, localDay: string): Promise<PostRow | undefined> {
    return this.#post(channel, localDay);
  }

  async postedPaperIds(channel: string): Promise<Set<string>> {
    return this.#postedPaperIds(channel);
  }

  async claimRecap(c: { channel: string; week: string } & RetryPolicy): Promise<boolean> {
    return this.db.transaction(() => {
      const existing = this.#recap(c.channel, c.week);
      if (!existing) {
        this.db.prepare(`INSERT INTO recaps (channel, week, status, attempts, claimed_at) VALUES (?, ?, 'sending', 1, ?)`).run(c.channel, c.week, c.now);
        return true;
      }
      if (existing.status !== 'failed' || existing.attempts >= c.maxAttempts || c.now - existing.claimedAt < c.retryAfterMs) return false;
      this.db.prepare(`UPDATE recaps SET status = 'sending', attempts = attempts + 1, claimed_at = ?, error = NULL WHERE channel = ? AND week = ?`).run(c.now, c.channel, c.week);
      return true;
    }).immediate();
  }

  async markRecapSent(channel: string, week: string, messageId: string): Promise<void> {
    this.db.prepare(`UPDATE recaps SET status = 'sent', message_id = ?, error = NULL WHERE channel = ? AND week = ?`).run(messageId, channel, week);
  }

  async markRecapFailed(channel: string, week: string, error: string): Promise<void> {
    this.db.prepare(`UPDATE recaps SET status = 'failed', error = ? WHERE channel = ? AND week = ?`).run(error.slice(0, 500), channel, week);
  }

  async getRecap(channel: string, week: string): Promise<RecapRow | undefined> {
    return this.#recap(channel, week);
  }

  async addFollow(follow: Omit<Follow, 'id'>, baseline: readonly string[]): Promise<Follow> {
    const f = FollowSchema.omit({ id: true }).parse(follow);
    return this.db.transaction(() => {
      const id = Number(this.db.prepare('INSERT INTO follows (owner, kind, words, created_at) VALUES (?, ?, ?, ?)').run(f.owner, f.kind, f.words, f.createdAt).lastInsertRowid);
      const mark = this.db.prepare(`INSERT OR IGNORE INTO follow_papers (follow_id, paper_id, status, claimed_at) VALUES (?, ?, 'baseline', ?)`);
      for (const paperId of baseline) mark.run(id, paperId, f.createdAt);
      return { id, ...f };
    }).immediate();
  }

  async listFollows(owner?: string): Promise<Follow[]> {
    const rows = owner === undefined ? this.db.prepare('SELECT * FROM follows ORDER BY id').all() : this.db.prepare('SELECT * FROM follows WHERE owner = ? ORDER BY id').all(owner);
    return rows.map(toFollow);
  }

  async removeFollow(owner: string, id: number): Promise<boolean> {
    return this.db.transaction(() => {
      const removed = this.db.prepare('DELETE FROM follows WHERE owner = ? AND id = ?').run(owner, id).changes > 0;
      if (removed) this.db.prepare('DELETE FROM follow_papers WHERE follow_id = ?').run(id);
      return removed;
    }).immediate();
  }

  async removeAllFollows(owner: string): Promise<number> {
    return this.db.transaction(() => {
      this.db.prepare('DELETE FROM follow_papers WHERE follow_id IN (SELECT id FROM follows WHERE owner = ?)').run(owner);
      return this.db.prepare('DELETE FROM follows WHERE owner = ?').run(owner).changes;
    }).immediate();
  }

  async claimAlerts(followId: number, paperIds: readonly string[], p: RetryPolicy): Promise<string[]> {
    return this.db.transaction(() => {
      // A follow removed meanwhile gets nothing.
      if (this.db.prepare('SELECT 1 FROM follows WHERE id = ?').get(followId) === undefined) return [];
      const insert = this.db.prepare(`INSERT OR IGNORE INTO follow_papers (follow_id, paper_id, status, attempts, claimed_at) VALUES (?, ?, 'sending', 1, ?)`);
      const retry = this.db.prepare(
        `UPDATE follow_papers SET status = 'sending', attempts = attempts + 1, claimed_at = ?, error = NULL
         WHERE follow_id = ? AND paper_id = ? AND status = 'failed' AND attempts < ? AND claimed_at <= ?`,
      );
      return paperIds.filter((id) => insert.run(followId, id, p.now).changes === 1 || retry.run(p.now, followId, id, p.maxAttempts, p.now - p.retryAfterMs).changes === 1);
    }).immediate();
  }

  async markAlertsSent(followId: number, paperIds: readonly string[], messageId: string): Promise<void> {
    const mark = this.db.prepare(`UPDATE follow_papers SET status = 'sent', message_id = ?, error = NULL WHERE follow_id = ? AND paper_id = ?`);
    this.db.transaction(() => paperIds.forEach((id) => mark.run(messageId, followId, id)))();
  }

  async markAlertsFailed(followId: number, paperIds: readonly string[], error: string): Promise<void> {
    const mark = this.db.prepare(`UPDATE follow_papers SET status = 'failed', error = ? WHERE follow_id = ? AND paper_id = ?`);
    this.db.transaction(() => paperIds.forEach((id) => mark.run(error.slice(0, 500), followId, id)))();
  }

  async retryableAlerts(p: RetryPolicy): Promise<{ followId: number; paperIds: string[] }[]> {
    const rows = this.db
      .prepare(`SELECT follow_id, paper_id FROM follow_papers WHERE status = 'failed' AND attempts < ? AND claimed_at <= ? ORDER BY follow_id, paper_id`)
      .all(p.maxAttempts, p.now - p.retryAfterMs)
      .map((r) => FollowPaperRow.parse(r));
    const byFollow = new Map<number, string[]>();
    for (const r of rows) byFollow.set(r.follow_id, [...(byFollow.get(r.follow_id) ?? []), r.paper_id]);
    return [...byFollow].map(([followId, paperIds]) => ({ followId, paperIds }));
  }

  async archiveDigest(digest: ParsedDigest, now: number): Promise<void> {
    // Only a digest with papers replaces what is kept: a file that later breaks must not erase it.
    if (!digest.sections.some((s) => s.papers.length > 0)) return;
    // An unchanged digest (every start re-reads the folder) is not written again. Each write takes the next
    // change number: SQLite has one writer at a time, so the numbers are committed in order, and a reader
    // that saw number n has seen every write up to n (see archivedSince).
    this.db
      .prepare(
        `INSERT INTO digests (file, parsed, ingested_at, seq) VALUES (?, ?, ?, (SELECT coalesce(max(seq), 0) + 1 FROM digests))
         ON CONFLICT (file) DO UPDATE SET parsed = excluded.parsed, ingested_at = excluded.ingested_at, seq = excluded.seq WHERE parsed IS NOT excluded.parsed`,
      )
      .run(digest.file, JSON.stringify({ file: digest.file, sections: digest.sections, problems: [] }), now);
  }

  async archivedDigests(files: readonly string[]): Promise<ParsedDigest[]> {
    const get = this.db.prepare('SELECT parsed FROM digests WHERE file = ?');
    return files.flatMap((file) => {
      const row = get.get(file);
      if (row === undefined) return [];
      return [ParsedDigestSchema.parse(JSON.parse(ParsedRow.parse(row).parsed))];
    });
  }

  async archivedFiles(): Promise<string[]> {
    return this.db.prepare('SELECT file FROM digests ORDER BY file').all().map((r) => FileRow.parse(r).file);
  }

  async archivedSince(cursor: ArchiveCursor | undefined): Promise<{ files: string[]; cursor: ArchiveCursor }> {
    const since = cursor === undefined ? 0 : seqOf(cursor);
    // The index on seq makes a look with nothing new one index probe, whatever the archive's size. Sorted
    // here, not by ORDER BY file: that makes SQLite walk the primary key through every row instead.
    const rows = this.db.prepare('SELECT file, seq FROM digests WHERE seq > ?').all(since).map((r) => ChangedFileRow.parse(r));
    return { files: rows.map((r) => r.file).sort(), cursor: String(rows.reduce((max, r) => Math.max(max, r.seq), since)) };
  }

  async saveLiveDay(day: LiveDay): Promise<void> {
    const d = LiveDaySchema.parse(day);
    this.db
      .prepare(
        `INSERT INTO live_days (date, papers, fetched_at, final) VALUES (?, ?, ?, ?)
         ON CONFLICT (date) DO UPDATE SET papers = excluded.papers, fetched_at = excluded.fetched_at, final = excluded.final`,
      )
      .run(d.date, JSON.stringify(d.papers), d.fetchedAt, d.final ? 1 : 0);
  }

  async liveDays(): Promise<LiveDay[]> {
    return this.db
      .prepare('SELECT date, papers, fetched_at, final FROM live_days ORDER BY date')
      .all()
      .map((row) => {
        const r = LiveDayRow.parse(row);
        return LiveDaySchema.parse({ date: r.date, papers: JSON.parse(r.papers), fetchedAt: r.fetched_at, final: r.final === 1 });
      });
  }

  async liveDayStatus(): Promise<{ date: string; final: boolean }[]> {
    return this.db
      .prepare('SELECT date, final FROM live_days ORDER BY date')
      .all()
      .map((row) => {
        const r = LiveDayStatusRow.parse(row);
        return { date: r.date, final: r.final === 1 };
      });
  }

  async claimRun(key: string, owner: string, now: number, ttlMs: number): Promise<boolean> {
    return this.db.transaction(() => {
      this.db.prepare('DELETE FROM run_claims WHERE expires_at <= ?').run(now);
      return this.db.prepare('INSERT OR IGNORE INTO run_claims (key, owner, expires_at) VALUES (?, ?, ?)').run(key, owner, now + ttlMs).changes === 1;
    }).immediate();
  }

  async claimOnce(key: string, now: number, ttlMs: number): Promise<boolean> {
    return this.db.transaction(() => {
      this.db.prepare('DELETE FROM once_keys WHERE expires_at <= ?').run(now);
      return this.db.prepare('INSERT OR IGNORE INTO once_keys (key, expires_at) VALUES (?, ?)').run(key, now + ttlMs).changes === 1;
    }).immediate();
  }

  async releaseOnce(key: string): Promise<void> {
    this.db.prepare('DELETE FROM once_keys WHERE key = ?').run(key);
  }

  async acquireLease(name: string, owner: string, now: number, ttlMs: number): Promise<boolean> {
    const taken = this.db
      .prepare(
        `INSERT INTO leases (name, owner, expires_at) VALUES (?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
         WHERE leases.owner = excluded.owner OR leases.expires_at <= ?`,
      )
      .run(name, owner, now + ttlMs, now);
    return taken.changes === 1;
  }

  async releaseLease(name: string, owner: string): Promise<void> {
    this.db.prepare('DELETE FROM leases WHERE name = ? AND owner = ?').run(name, owner);
  }

  async getLease(name: string): Promise<Lease | undefined> {
    const row = this.db.prepare('SELECT name, owner, expires_at FROM leases WHERE name = ?').get(name);
    return row === undefined ? undefined : toLease(row);
  }

  async ping(): Promise<void> {
    // Readiness: the file takes writes now, not only reads. A committed upsert of one heartbeat key
    // needs the write lock (another process holding it for long makes every write wait, then fail) and
    // disk space for the WAL. Asked without SQLite's busy wait, which would block the event loop for
    // up to 5 s; a writer's moment is waited out here, a few times 100 ms apart, without blocking.
    for (let attempt = 1; ; attempt++) {
      try {
        this.#withoutBusyWait(() => this.db.prepare(`INSERT INTO once_keys (key, expires_at) VALUES ('paperbot:readyz', 0) ON CONFLICT (key) DO UPDATE SET expires_at = 0`).run());
        return;
      } catch (err) {
        const busy = err instanceof Database.SqliteError && err.code.startsWith('SQLITE_BUSY');
        if (!busy || attempt >= PING_ATTEMPTS) throw err;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  #withoutBusyWait<T>(work: () => T): T {
    this.db.pragma('busy_timeout = 0');
    try {
      return work();
    } finally {
      this.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.db.close();
  }

  #post(channel: string, localDay: string): PostRow | undefined {
    const row = this.db.prepare('SELECT * FROM posts WHERE channel = ? AND local_day = ?').get(channel, localDay);
    return row === undefined ? undefined : toPost(row);
  }

  #recap(channel: string, week: string): RecapRow | undefined {
    const row = this.db.prepare('SELECT * FROM recaps WHERE channel = ? AND week = ?').get(channel, week);
    return row === undefined ? undefined : toRecap(row);
  }

  #postedPaperIds(channel: string): Set<string> {
    const rows = this.db.prepare(`SELECT paper_id FROM posts WHERE channel = ? AND status != 'failed'`).all(channel);
    return new Set(rows.map((r) => PaperIdRow.parse(r).paper_id));
  }
}

/** The change number in a cursor this store handed out. */
function seqOf(cursor: ArchiveCursor): number {
  const seq = Number(cursor);
  if (!Number.isSafeInteger(seq) || seq < 0) throw new Error(`not a digest archive cursor of this store: ${JSON.stringify(cursor)}`);
  return seq;
}

/** Rows are validated on the way out: a hand-edited or foreign row is an error, not a silent default. */
function toSubscription(row: unknown): Subscription {
  const r = SubscriptionRow.parse(row);
  return SubscriptionSchema.parse({ channel: r.channel, cadence: r.cadence, time: r.time, timezone: r.timezone, source: r.source, days: r.days.split(',').map(Number) });
}


/**
 * What each store method does, in words for a storage fault, and whether it
 * writes. A full, read-only or forbidden disk then becomes a StorageFault
 * naming the file, the operation and the real cause (ENOSPC, EROFS, EACCES),
 * instead of a bare SqliteError. The record type makes a new Store method
 * without an entry here a type error.
 */
const OPERATIONS: Record<Exclude<keyof Store, 'location'>, [operation: string, write: boolean]> = {
  listSubscriptions: ['read the subscriptions', false],
  getSubscription: ['read the subscription', false],
  upsertSubscription: ['save the subscription', true],
  removeSubscription: ['remove the subscription', true],
  claimPost: ['claim the daily post', true],
  markSent: ['record the daily post as sent', true],
  markFailed: ['record the daily post as failed', true],
  getPost: ['read the posted ledger', false],
  postedPaperIds: ['read the posted ledger', false],
  claimRecap: ['claim the weekly recap', true],
  markRecapSent: ['record the weekly recap as sent', true],
  markRecapFailed: ['record the weekly recap as failed', true],
  getRecap: ['read the recap ledger', false],
  addFollow: ['save the follow', true],
  listFollows: ['read the follows', false],
  removeFollow: ['remove the follow', true],
  removeAllFollows: ['remove the follows', true],
  claimAlerts: ['claim the follow alert', true],
  markAlertsSent: ['record the follow alert as sent', true],
  markAlertsFailed: ['record the follow alert as failed', true],
  retryableAlerts: ['read the follow alerts', false],
  archiveDigest: ['archive the digest', true],
  archivedDigests: ['read the digest archive', false],
  archivedFiles: ['read the digest archive', false],
  archivedSince: ['read the digest archive', false],
  saveLiveDay: ['save the fetched day', true],
  liveDays: ['read the fetched days', false],
  liveDayStatus: ['read the fetched days', false],
  claimRun: ['claim the scheduled run', true],
  claimOnce: ['claim the key', true],
  releaseOnce: ['release the key', true],
  acquireLease: ['take the lease', true],
  releaseLease: ['release the lease', true],
  getLease: ['read the lease', false],
  ping: ['check that the database takes writes', true],
  close: ['close the database', false],
};

/** The store with every method's storage trouble mapped to a StorageFault (see OPERATIONS). */
function guardStorage(store: Store, file: string): Store {
  return new Proxy(store, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      const what = typeof key === 'string' ? OPERATIONS[key as keyof typeof OPERATIONS] : undefined;
      if (typeof value !== 'function' || what === undefined) return value;
      return async (...args: unknown[]) => {
        try {
          return await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        } catch (err) {
          throw storageFault(err, file, what[0], what[1]) ?? err;
        }
      };
    },
  });
}
