import { toWatch, toWatchAlert } from '../table-rows.js';
import { WatchSchema, WatchSeenSchema, type RetryPolicy, type Watch, type WatchAlert, type WatchSeen, type WatchStore } from '../store.js';
import type { PgConnection } from './pg-connection.js';

// PostgreSQL's watches role: the watched papers (one per owner and paper), and
// in watch_alerts each change alerted to each watch, once per key.

const NewWatchSchema = WatchSchema.omit({ id: true, checkedAt: true });

export function pgWatches(db: PgConnection): WatchStore {
  return {
    async addWatch(watch: Omit<Watch, 'id' | 'checkedAt'>): Promise<{ watch: Watch; created: boolean }> {
      const w = NewWatchSchema.parse(watch);
      return db.transaction(async (tx) => {
        // The unique (owner, paper_id) lets exactly one concurrent add insert; the others read it back.
        const inserted = await tx.query(
          `INSERT INTO watches (owner, kind, paper_id, arxiv_id, title, created_at, ends_at, checked_at, seen) VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, $8)
           ON CONFLICT (owner, paper_id) DO NOTHING RETURNING *`,
          [w.owner, w.kind, w.paperId, w.arxivId, w.title, w.createdAt, w.endsAt, JSON.stringify(w.seen)],
        );
        if (inserted.rows[0] !== undefined) return { watch: toWatch(inserted.rows[0]), created: true };
        const { rows } = await tx.query('SELECT * FROM watches WHERE owner = $1 AND paper_id = $2', [w.owner, w.paperId]);
        return { watch: toWatch(rows[0]), created: false };
      });
    },

    async listWatches(owner?: string): Promise<Watch[]> {
      const rows = owner === undefined ? await db.query('SELECT * FROM watches ORDER BY id') : await db.query('SELECT * FROM watches WHERE owner = $1 ORDER BY id', [owner]);
      return rows.map(toWatch);
    },

    async removeWatch(owner: string, id: number): Promise<boolean> {
      return db.transaction(async (tx) => {
        const removed = ((await tx.query('DELETE FROM watches WHERE owner = $1 AND id = $2', [owner, id])).rowCount ?? 0) > 0;
        if (removed) await tx.query('DELETE FROM watch_alerts WHERE watch_id = $1', [id]);
        return removed;
      });
    },

    async removeAllWatches(owner: string): Promise<number> {
      return db.transaction(async (tx) => {
        await tx.query('DELETE FROM watch_alerts WHERE watch_id IN (SELECT id FROM watches WHERE owner = $1)', [owner]);
        return (await tx.query('DELETE FROM watches WHERE owner = $1', [owner])).rowCount ?? 0;
      });
    },

    async recordWatchCheck(id: number, checkedAt: number | null, seen: WatchSeen): Promise<void> {
      await db.query('UPDATE watches SET checked_at = $1, seen = $2 WHERE id = $3', [checkedAt, JSON.stringify(WatchSeenSchema.parse(seen)), id]);
    },

    async claimWatchAlert(c: { watchId: number; key: string; heading: string; detail: string } & RetryPolicy): Promise<boolean> {
      return db.transaction(async (tx) => {
        // A watch removed meanwhile gets nothing; FOR SHARE keeps it from being removed mid-claim.
        if ((await tx.query('SELECT 1 FROM watches WHERE id = $1 FOR SHARE', [c.watchId])).rowCount === 0) return false;
        // A new change: the primary key lets exactly one concurrent claim insert it.
        const inserted = await tx.query(
          `INSERT INTO watch_alerts (watch_id, key, heading, detail, status, attempts, claimed_at) VALUES ($1, $2, $3, $4, 'sending', 1, $5) ON CONFLICT DO NOTHING`,
          [c.watchId, c.key, c.heading, c.detail.slice(0, 1000), c.now],
        );
        if ((inserted.rowCount ?? 0) === 1) return true;
        // A failed one due for a retry: the row lock lets exactly one concurrent claim take it.
        const retried = await tx.query(
          `UPDATE watch_alerts SET status = 'sending', attempts = attempts + 1, claimed_at = $3, error = NULL
           WHERE watch_id = $1 AND key = $2 AND status = 'failed' AND attempts < $4 AND claimed_at <= $5`,
          [c.watchId, c.key, c.now, c.maxAttempts, c.now - c.retryAfterMs],
        );
        return (retried.rowCount ?? 0) === 1;
      });
    },

    async markWatchAlertSent(watchId: number, key: string, messageId: string): Promise<void> {
      await db.query(`UPDATE watch_alerts SET status = 'sent', message_id = $1, error = NULL WHERE watch_id = $2 AND key = $3`, [messageId, watchId, key]);
    },

    async markWatchAlertFailed(watchId: number, key: string, error: string): Promise<void> {
      await db.query(`UPDATE watch_alerts SET status = 'failed', error = $1 WHERE watch_id = $2 AND key = $3`, [error.slice(0, 500), watchId, key]);
    },

    async retryableWatchAlerts(p: RetryPolicy): Promise<WatchAlert[]> {
      const rows = await db.query(`SELECT * FROM watch_alerts WHERE status = 'failed' AND attempts < $1 AND claimed_at <= $2 ORDER BY watch_id, key COLLATE "C"`, [
        p.maxAttempts,
        p.now - p.retryAfterMs,
      ]);
      return rows.map(toWatchAlert);
    },
  };
}
