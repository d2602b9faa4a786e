import type Database from 'better-sqlite3';
import { toWatch, toWatchAlert } from '../table-rows.js';
import { WatchSchema, WatchSeenSchema, type RetryPolicy, type Watch, type WatchSeen, type WatchStore } from '../store.js';

// SQLite's watches role: the watched papers (one per owner and paper), and in
// watch_alerts each change alerted to each watch, once per key.

const NewWatchSchema = WatchSchema.omit({ id: true, checkedAt: true });

export function sqliteWatches(db: Database.Database): WatchStore {
  return {
    async addWatch(watch: Omit<Watch, 'id' | 'checkedAt'>): Promise<{ watch: Watch; created: boolean }> {
      const w = NewWatchSchema.parse(watch);
      return db.transaction(() => {
        const inserted = db
          .prepare('INSERT OR IGNORE INTO watches (owner, kind, paper_id, arxiv_id, title, created_at, ends_at, checked_at, seen) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?)')
          .run(w.owner, w.kind, w.paperId, w.arxivId, w.title, w.createdAt, w.endsAt, JSON.stringify(w.seen));
        const row = db.prepare('SELECT * FROM watches WHERE owner = ? AND paper_id = ?').get(w.owner, w.paperId);
        return { watch: toWatch(row), created: inserted.changes === 1 };
      }).immediate();
    },

    async listWatches(owner?: string): Promise<Watch[]> {
      const rows = owner === undefined ? db.prepare('SELECT * FROM watches ORDER BY id').all() : db.prepare('SELECT * FROM watches WHERE owner = ? ORDER BY id').all(owner);
      return rows.map(toWatch);
    },

    async removeWatch(owner: string, id: number): Promise<boolean> {
      return db.transaction(() => {
        const removed = db.prepare('DELETE FROM watches WHERE owner = ? AND id = ?').run(owner, id).changes > 0;
        if (removed) db.prepare('DELETE FROM watch_alerts WHERE watch_id = ?').run(id);
        return removed;
      }).immediate();
    },

    async removeAllWatches(owner: string): Promise<number> {
      return db.transaction(() => {
        db.prepare('DELETE FROM watch_alerts WHERE watch_id IN (SELECT id FROM watches WHERE owner = ?)').run(owner);
        return db.prepare('DELETE FROM watches WHERE owner = ?').run(owner).changes;
      }).immediate();
    },

    async recordWatchCheck(id: number, checkedAt: number | null, seen: WatchSeen): Promise<void> {
      db.prepare('UPDATE watches SET checked_at = ?, seen = ? WHERE id = ?').run(checkedAt, JSON.stringify(WatchSeenSchema.parse(seen)), id);
    },

    async claimWatchAlert(c: { watchId: number; key: string; heading: string; detail: string } & RetryPolicy): Promise<boolean> {
      return db.transaction(() => {
        // A watch removed meanwhile gets nothing.
        if (db.prepare('SELECT 1 FROM watches WHERE id = ?').get(c.watchId) === undefined) return false;
        const inserted = db
          .prepare(`INSERT OR IGNORE INTO watch_alerts (watch_id, key, heading, detail, status, attempts, claimed_at) VALUES (?, ?, ?, ?, 'sending', 1, ?)`)
          .run(c.watchId, c.key, c.heading, c.detail.slice(0, 1000), c.now);
        if (inserted.changes === 1) return true;
        const retried = db
          .prepare(
            `UPDATE watch_alerts SET status = 'sending', attempts = attempts + 1, claimed_at = ?, error = NULL
             WHERE watch_id = ? AND key = ? AND status = 'failed' AND attempts < ? AND claimed_at <= ?`,
          )
          .run(c.now, c.watchId, c.key, c.maxAttempts, c.now - c.retryAfterMs);
        return retried.changes === 1;
      }).immediate();
    },

    async markWatchAlertSent(watchId: number, key: string, messageId: string): Promise<void> {
      db.prepare(`UPDATE watch_alerts SET status = 'sent', message_id = ?, error = NULL WHERE watch_id = ? AND key = ?`).run(messageId, watchId, key);
    },

    async markWatchAlertFailed(watchId: number, key: string, error: string): Promise<void> {
      db.prepare(`UPDATE watch_alerts SET status = 'failed', error = ? WHERE watch_id = ? AND key = ?`).run(error.slice(0, 500), watchId, key);
    },

    async retryableWatchAlerts(p: RetryPolicy) {
      return db
        .prepare(`SELECT * FROM watch_alerts WHERE status = 'failed' AND attempts < ? AND claimed_at <= ? ORDER BY watch_id, key`)
        .all(p.maxAttempts, p.now - p.retryAfterMs)
        .map(toWatchAlert);
    },
  };
}
