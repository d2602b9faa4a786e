import type Database from 'better-sqlite3';
import { FollowPaperRow, toFollow } from '../table-rows.js';
import { FollowSchema, type Follow, type FollowStore, type RetryPolicy } from '../store.js';

// SQLite's follows role: the follows, and in follow_papers each paper's alert
// to each follow (or `baseline`: matched when the follow was made, never alerted).

export function sqliteFollows(db: Database.Database): FollowStore {
  return {
    async addFollow(follow: Omit<Follow, 'id'>, baseline: readonly string[]): Promise<Follow> {
      const f = FollowSchema.omit({ id: true }).parse(follow);
      return db.transaction(() => {
        const id = Number(db.prepare('INSERT INTO follows (owner, kind, words, created_at) VALUES (?, ?, ?, ?)').run(f.owner, f.kind, f.words, f.createdAt).lastInsertRowid);
        const mark = db.prepare(`INSERT OR IGNORE INTO follow_papers (follow_id, paper_id, status, claimed_at) VALUES (?, ?, 'baseline', ?)`);
        for (const paperId of baseline) mark.run(id, paperId, f.createdAt);
        return { id, ...f };
      }).immediate();
    },

    async listFollows(owner?: string): Promise<Follow[]> {
      const rows = owner === undefined ? db.prepare('SELECT * FROM follows ORDER BY id').all() : db.prepare('SELECT * FROM follows WHERE owner = ? ORDER BY id').all(owner);
      return rows.map(toFollow);
    },

    async removeFollow(owner: string, id: number): Promise<boolean> {
      return db.transaction(() => {
        const removed = db.prepare('DELETE FROM follows WHERE owner = ? AND id = ?').run(owner, id).changes > 0;
        if (removed) db.prepare('DELETE FROM follow_papers WHERE follow_id = ?').run(id);
        return removed;
      }).immediate();
    },

    async removeAllFollows(owner: string): Promise<number> {
      return db.transaction(() => {
        db.prepare('DELETE FROM follow_papers WHERE follow_id IN (SELECT id FROM follows WHERE owner = ?)').run(owner);
        return db.prepare('DELETE FROM follows WHERE owner = ?').run(owner).changes;
      }).immediate();
    },

    async claimAlerts(followId: number, paperIds: readonly string[], p: RetryPolicy): Promise<string[]> {
      return db.transaction(() => {
        // A follow removed meanwhile gets nothing.
        if (db.prepare('SELECT 1 FROM follows WHERE id = ?').get(followId) === undefined) return [];
        const insert = db.prepare(`INSERT OR IGNORE INTO follow_papers (follow_id, paper_id, status, attempts, claimed_at) VALUES (?, ?, 'sending', 1, ?)`);
        const retry = db.prepare(
          `UPDATE follow_papers SET status = 'sending', attempts = attempts + 1, claimed_at = ?, error = NULL
           WHERE follow_id = ? AND paper_id = ? AND status = 'failed' AND attempts < ? AND claimed_at <= ?`,
        );
        return paperIds.filter((id) => insert.run(followId, id, p.now).changes === 1 || retry.run(p.now, followId, id, p.maxAttempts, p.now - p.retryAfterMs).changes === 1);
      }).immediate();
    },

    async markAlertsSent(followId: number, paperIds: readonly string[], messageId: string): Promise<void> {
      const mark = db.prepare(`UPDATE follow_papers SET status = 'sent', message_id = ?, error = NULL WHERE follow_id = ? AND paper_id = ?`);
      db.transaction(() => paperIds.forEach((id) => mark.run(messageId, followId, id)))();
    },

    async markAlertsFailed(followId: number, paperIds: readonly string[], error: string): Promise<void> {
      const mark = db.prepare(`UPDATE follow_papers SET status = 'failed', error = ? WHERE follow_id = ? AND paper_id = ?`);
      db.transaction(() => paperIds.forEach((id) => mark.run(error.slice(0, 500), followId, id)))();
    },

    async retryableAlerts(p: RetryPolicy): Promise<{ followId: number; paperIds: string[] }[]> {
      const rows = db
        .prepare(`SELECT follow_id, paper_id FROM follow_papers WHERE status = 'failed' AND attempts < ? AND claimed_at <= ? ORDER BY follow_id, paper_id`)
        .all(p.maxAttempts, p.now - p.retryAfterMs)
        .map((r) => FollowPaperRow.parse(r));
      const byFollow = new Map<number, string[]>();
      for (const r of rows) byFollow.set(r.follow_id, [...(byFollow.get(r.follow_id) ?? []), r.paper_id]);
      return [...byFollow].map(([followId, paperIds]) => ({ followId, paperIds }));
    },
  };
}
