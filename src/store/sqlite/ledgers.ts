import Database from 'better-sqlite3';
import { PaperIdRow, toPost, toRecap } from '../table-rows.js';
import type { PostClaim, PostLedger, PostRow, RecapLedger, RecapRow, RetryPolicy } from '../store.js';

// SQLite's post ledgers: the daily post of each channel and local day, and the
// weekly recap of each channel and ISO week. A claim is one IMMEDIATE
// transaction, so two processes on one file take turns.

export function sqlitePostLedger(db: Database.Database): PostLedger {
  return {
    async claimPost(c: PostClaim): Promise<boolean> {
      return db.transaction(() => {
        const existing = post(db, c.channel, c.localDay);
        if (existing) {
          // Only a failed attempt may be tried again, a few times, spaced out.
          const retryable = existing.status === 'failed' && existing.attempts < c.maxAttempts && c.now - existing.claimedAt >= c.retryAfterMs;
          if (!retryable) return false;
          if (postedPaperIds(db, c.channel).has(c.paperId)) return false;
          db.prepare(`UPDATE posts SET status = 'sending', paper_id = ?, attempts = attempts + 1, claimed_at = ?, error = NULL WHERE channel = ? AND local_day = ?`)
            .run(c.paperId, c.now, c.channel, c.localDay);
          return true;
        }
        try {
          db.prepare(`INSERT INTO posts (channel, local_day, paper_id, status, attempts, claimed_at) VALUES (?, ?, ?, 'sending', 1, ?)`).run(c.channel, c.localDay, c.paperId, c.now);
          return true;
        } catch (err) {
          // The unique index: this paper already went to this channel.
          if (err instanceof Database.SqliteError && err.code.startsWith('SQLITE_CONSTRAINT')) return false;
          throw err;
        }
      }).immediate();
    },

    async markSent(channel: string, localDay: string, messageId: string): Promise<void> {
      db.prepare(`UPDATE posts SET status = 'sent', message_id = ?, error = NULL WHERE channel = ? AND local_day = ?`).run(messageId, channel, localDay);
    },

    async markFailed(channel: string, localDay: string, error: string): Promise<void> {
      db.prepare(`UPDATE posts SET status = 'failed', error = ? WHERE channel = ? AND local_day = ?`).run(error.slice(0, 500), channel, localDay);
    },

    async getPost(channel: string, localDay: string): Promise<PostRow | undefined> {
      return post(db, channel, localDay);
    },

    async postedPaperIds(channel: string): Promise<Set<string>> {
      return postedPaperIds(db, channel);
    },
  };
}

export function sqliteRecapLedger(db: Database.Database): RecapLedger {
  return {
    async claimRecap(c: { channel: string; week: string } & RetryPolicy): Promise<boolean> {
      return db.transaction(() => {
        const existing = recap(db, c.channel, c.week);
        if (!existing) {
          db.prepare(`INSERT INTO recaps (channel, week, status, attempts, claimed_at) VALUES (?, ?, 'sending', 1, ?)`).run(c.channel, c.week, c.now);
          return true;
        }
        if (existing.status !== 'failed' || existing.attempts >= c.maxAttempts || c.now - existing.claimedAt < c.retryAfterMs) return false;
        db.prepare(`UPDATE recaps SET status = 'sending', attempts = attempts + 1, claimed_at = ?, error = NULL WHERE channel = ? AND week = ?`).run(c.now, c.channel, c.week);
        return true;
      }).immediate();
    },

    async markRecapSent(channel: string, week: string, messageId: string): Promise<void> {
      db.prepare(`UPDATE recaps SET status = 'sent', message_id = ?, error = NULL WHERE channel = ? AND week = ?`).run(messageId, channel, week);
    },

    async markRecapFailed(channel: string, week: string, error: string): Promise<void> {
      db.prepare(`UPDATE recaps SET status = 'failed', error = ? WHERE channel = ? AND week = ?`).run(error.slice(0, 500), channel, week);
    },

    async getRecap(channel: string, week: string): Promise<RecapRow | undefined> {
      return recap(db, channel, week);
    },
  };
}

function post(db: Database.Database, channel: string, localDay: string): PostRow | undefined {
  const row = db.prepare('SELECT * FROM posts WHERE channel = ? AND local_day = ?').get(channel, localDay);
  return row === undefined ? undefined : toPost(row);
}

function postedPaperIds(db: Database.Database, channel: string): Set<string> {
  const rows = db.prepare(`SELECT paper_id FROM posts WHERE channel = ? AND status != 'failed'`).all(channel);
  return new Set(rows.map((r) => PaperIdRow.parse(r).paper_id));
}

function recap(db: Database.Database, channel: string, week: string): RecapRow | undefined {
  const row = db.prepare('SELECT * FROM recaps WHERE channel = ? AND week = ?').get(channel, week);
  return row === undefined ? undefined : toRecap(row);
}
