import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { ParsedDigestSchema, type ParsedDigest } from '../../sources/digest/digest-types.js';
import { MIGRATIONS } from './migrations.js';
import { openFailureMessage, storageFault } from './sqlite-faults.js';
import { PostRowSchema, StoreError, SubscriptionSchema, type PostClaim, type PostRow, type Store, type Subscription } from '../store.js';

/** The database file under DATA_DIR. */
export const DB_FILE = 'paperbot.db';

const SubscriptionRow = z.object({ channel: z.string(), time: z.string(), timezone: z.string(), source: z.string(), days: z.string() });
const PostRow = z.object({
  channel: z.string(),
  local_day: z.string(),
  paper_id: z.string(),
  status: z.string(),
  attempts: z.number(),
  claimed_at: z.number(),
  message_id: z.string().nullable(),
  error: z.string().nullable(),
});

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
    db = new Database(file, { timeout: 5000 });
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(`integrity check: ${String(check)}`);
    migrate(db);
  } catch (err) {
    throw new StoreError(openFailureMessage(err, file, existed));
  }
  return new SqliteStore(db, file);
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
    return this.#read('read the subscriptions', () => this.db.prepare('SELECT * FROM subscriptions ORDER BY channel').all()).map(toSubscription);
  }

  async getSubscription(channel: string): Promise<Subscription | undefined> {
    const row = this.#read('read the subscription', () => this.db.prepare('SELECT * FROM subscriptions WHERE channel = ?').get(channel));
    return row === undefined ? undefined : toSubscription(row);
  }

  async upsertSubscription(sub: Subscription): Promise<void> {
    const s = SubscriptionSchema.parse(sub);
    this.#write('save the subscription', () =>
      this.db
        .prepare(
          `INSERT INTO subscriptions (channel, time, timezone, source, days) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (channel) DO UPDATE SET time = excluded.time, timezone = excluded.timezone, source = excluded.source, days = excluded.days`,
        )
        .run(s.channel, s.time, s.timezone, s.source, s.days.join(',')),
    );
  }

  async removeSubscription(channel: string): Promise<boolean> {
    return this.#write('remove the subscription', () => this.db.prepare('DELETE FROM subscriptions WHERE channel = ?').run(channel).changes > 0);
  }

  async claimPost(c: PostClaim): Promise<boolean> {
    return this.#write('claim the daily post', () => this.#claim(c));
  }

  #claim(c: PostClaim): boolean {
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
    this.#write('record the daily post as sent', () =>
      this.db.prepare(`UPDATE posts SET status = 'sent', message_id = ?, error = NULL WHERE channel = ? AND local_day = ?`).run(messageId, channel, localDay),
    );
  }

  async markFailed(channel: string, localDay: string, error: string): Promise<void> {
    this.#write('record the daily post as failed', () =>
      this.db.prepare(`UPDATE posts SET status = 'failed', error = ? WHERE channel = ? AND local_day = ?`).run(error.slice(0, 500), channel, localDay),
    );
  }

  async getPost(channel: string, localDay: string): Promise<PostRow | undefined> {
    return this.#read('read the posted ledger', () => this.#post(channel, localDay));
  }

  async postedPaperIds(channel: string): Promise<Set<string>> {
    return this.#read('read the posted ledger', () => this.#postedPaperIds(channel));
  }

  async archiveDigest(digest: ParsedDigest, now: number): Promise<void> {
    // Only a digest with papers replaces what is kept: a file that later breaks must not erase it.
    if (!digest.sections.some((s) => s.papers.length > 0)) return;
    this.#write(`archive the digest ${digest.file}`, () =>
      this.db
        .prepare(// An unchanged digest (every start re-reads the folder) is not written again.
          'INSERT INTO digests (file, parsed, ingested_at) VALUES (?, ?, ?) ON CONFLICT (file) DO UPDATE SET parsed = excluded.parsed, ingested_at = excluded.ingested_at WHERE parsed IS NOT excluded.parsed')
        .run(digest.file, JSON.stringify({ file: digest.file, sections: digest.sections, problems: [] }), now),
    );
  }

  async archivedDigests(files: readonly string[]): Promise<ParsedDigest[]> {
    const get = this.#read('read the digest archive', () => this.db.prepare('SELECT parsed FROM digests WHERE file = ?'));
    return files.flatMap((file) => {
      const row = this.#read('read the digest archive', () => get.get(file));
      if (row === undefined) return [];
      return [ParsedDigestSchema.parse(JSON.parse(z.object({ parsed: z.string() }).parse(row).parsed))];
    });
  }

  async archivedFiles(): Promise<string[]> {
    return this.#read('read the digest archive', () => this.db.prepare('SELECT file FROM digests ORDER BY file').all()).map((r) => z.object({ file: z.string() }).parse(r).file);
  }

  async claimRun(key: string, owner: string, now: number, ttlMs: number): Promise<boolean> {
    return this.#write('claim the scheduled run', () =>
      this.db.transaction(() => {
        this.db.prepare('DELETE FROM run_claims WHERE expires_at <= ?').run(now);
        return this.db.prepare('INSERT OR IGNORE INTO run_claims (key, owner, expires_at) VALUES (?, ?, ?)').run(key, owner, now + ttlMs).changes === 1;
      }).immediate(),
    );
  }

  /** Runs a write; a full, read-only or forbidden disk becomes a StorageFault naming the file and the cause. */
  #write<T>(operation: string, fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      throw storageFault(err, this.location, operation, true) ?? err;
    }
  }

  /** Runs a read, mapping storage trouble the same way. */
  #read<T>(operation: string, fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      throw storageFault(err, this.location, operation, false) ?? err;
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

  #postedPaperIds(channel: string): Set<string> {
    const rows = this.db.prepare(`SELECT paper_id FROM posts WHERE channel = ? AND status != 'failed'`).all(channel);
    return new Set(rows.map((r) => z.object({ paper_id: z.string() }).parse(r).paper_id));
  }
}

/** Rows are validated on the way out: a hand-edited or foreign row is an error, not a silent default. */
function toSubscription(row: unknown): Subscription {
  const r = SubscriptionRow.parse(row);
  return SubscriptionSchema.parse({ channel: r.channel, time: r.time, timezone: r.timezone, source: r.source, days: r.days.split(',').map(Number) });
}

function toPost(row: unknown): PostRow {
  const r = PostRow.parse(row);
  return PostRowSchema.parse({
    channel: r.channel,
    localDay: r.local_day,
    paperId: r.paper_id,
    status: r.status,
    attempts: r.attempts,
    claimedAt: r.claimed_at,
    messageId: r.message_id,
    error: r.error,
  });
}
