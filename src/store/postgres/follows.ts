import { FollowSchema, type Follow, type FollowStore, type RetryPolicy } from '../store.js';
import { FollowPaperRow, PaperIdRow, toFollow } from '../table-rows.js';
import type { PgConnection } from './pg-connection.js';
import { FollowIdRow } from './rows.js';

// PostgreSQL's follows role: the follows, and in follow_papers each paper's alert
// to each follow (or `baseline`: matched when the follow was made, never alerted).

export function pgFollows(db: PgConnection): FollowStore {
  return {
    async addFollow(follow: Omit<Follow, 'id'>, baseline: readonly string[]): Promise<Follow> {
      const f = FollowSchema.omit({ id: true }).parse(follow);
      return db.transaction(async (tx) => {
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
    },

    async listFollows(owner?: string): Promise<Follow[]> {
      const rows = owner === undefined ? await db.query('SELECT * FROM follows ORDER BY id') : await db.query('SELECT * FROM follows WHERE owner = $1 ORDER BY id', [owner]);
      return rows.map(toFollow);
    },

    async removeFollow(owner: string, id: number): Promise<boolean> {
      return db.transaction(async (tx) => {
        const removed = ((await tx.query('DELETE FROM follows WHERE owner = $1 AND id = $2', [owner, id])).rowCount ?? 0) > 0;
        if (removed) await tx.query('DELETE FROM follow_papers WHERE follow_id = $1', [id]);
        return removed;
      });
    },

    async removeAllFollows(owner: string): Promise<number> {
      return db.transaction(async (tx) => {
        await tx.query('DELETE FROM follow_papers WHERE follow_id IN (SELECT id FROM follows WHERE owner = $1)', [owner]);
        return (await tx.query('DELETE FROM follows WHERE owner = $1', [owner])).rowCount ?? 0;
      });
    },

    async claimAlerts(followId: number, paperIds: readonly string[], p: RetryPolicy): Promise<string[]> {
      if (paperIds.length === 0) return [];
      const claimed = await db.transaction(async (tx) => {
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
    },

    async markAlertsSent(followId: number, paperIds: readonly string[], messageId: string): Promise<void> {
      await db.query(`UPDATE follow_papers SET status = 'sent', message_id = $1, error = NULL WHERE follow_id = $2 AND paper_id = ANY($3::text[])`, [messageId, followId, [...paperIds]]);
    },

    async markAlertsFailed(followId: number, paperIds: readonly string[], error: string): Promise<void> {
      await db.query(`UPDATE follow_papers SET status = 'failed', error = $1 WHERE follow_id = $2 AND paper_id = ANY($3::text[])`, [error.slice(0, 500), followId, [...paperIds]]);
    },

    async retryableAlerts(p: RetryPolicy): Promise<{ followId: number; paperIds: string[] }[]> {
      const rows = (
        await db.query(
          `SELECT follow_id, paper_id FROM follow_papers WHERE status = 'failed' AND attempts < $1 AND claimed_at <= $2 ORDER BY follow_id, paper_id COLLATE "C"`,
          [p.maxAttempts, p.now - p.retryAfterMs],
        )
      ).map((r) => FollowPaperRow.parse(r));
      const byFollow = new Map<number, string[]>();
      for (const r of rows) byFollow.set(r.follow_id, [...(byFollow.get(r.follow_id) ?? []), r.paper_id]);
      return [...byFollow].map(([followId, paperIds]) => ({ followId, paperIds }));
    },
  };
}
