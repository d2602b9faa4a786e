import type { PostClaim, PostLedger, PostRow, RecapLedger, RecapRow, RetryPolicy } from '../store.js';
import { PaperIdRow, toPost, toRecap } from '../table-rows.js';
import type { PgConnection } from './pg-connection.js';
import { isUniqueViolation } from './pg-errors.js';

// PostgreSQL's post ledgers: the daily post of each channel and local day, and
// the weekly recap of each channel and ISO week. A claim locks its row, so
// replicas retrying the same failed day or week cannot both take it.

export function pgPostLedger(db: PgConnection): PostLedger {
  return {
    async claimPost(c: PostClaim): Promise<boolean> {
      try {
        return await db.transaction(async (tx) => {
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
    },

    async markSent(channel: string, localDay: string, messageId: string): Promise<void> {
      await db.query(`UPDATE posts SET status = 'sent', message_id = $1, error = NULL WHERE channel = $2 AND local_day = $3`, [messageId, channel, localDay]);
    },

    async markFailed(channel: string, localDay: string, error: string): Promise<void> {
      await db.query(`UPDATE posts SET status = 'failed', error = $1 WHERE channel = $2 AND local_day = $3`, [error.slice(0, 500), channel, localDay]);
    },

    async getPost(channel: string, localDay: string): Promise<PostRow | undefined> {
      const [row] = await db.query('SELECT * FROM posts WHERE channel = $1 AND local_day = $2', [channel, localDay]);
      return row === undefined ? undefined : toPost(row);
    },

    async postedPaperIds(channel: string): Promise<Set<string>> {
      const rows = await db.query(`SELECT paper_id FROM posts WHERE channel = $1 AND status <> 'failed'`, [channel]);
      return new Set(rows.map((r) => PaperIdRow.parse(r).paper_id));
    },
  };
}

export function pgRecapLedger(db: PgConnection): RecapLedger {
  return {
    async claimRecap(c: { channel: string; week: string } & RetryPolicy): Promise<boolean> {
      return db.transaction(async (tx) => {
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
    },

    async markRecapSent(channel: string, week: string, messageId: string): Promise<void> {
      await db.query(`UPDATE recaps SET status = 'sent', message_id = $1, error = NULL WHERE channel = $2 AND week = $3`, [messageId, channel, week]);
    },

    async markRecapFailed(channel: string, week: string, error: string): Promise<void> {
      await db.query(`UPDATE recaps SET status = 'failed', error = $1 WHERE channel = $2 AND week = $3`, [error.slice(0, 500), channel, week]);
    },

    async getRecap(channel: string, week: string): Promise<RecapRow | undefined> {
      const [row] = await db.query('SELECT * FROM recaps WHERE channel = $1 AND week = $2', [channel, week]);
      return row === undefined ? undefined : toRecap(row);
    },
  };
}
