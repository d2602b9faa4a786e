import { z } from 'zod';
import { LiveDaySchema, type LiveDay } from '../../sources/huggingface/live-day.js';
import { LookedUpPaperSchema, type LookedUpPaper } from '../../sources/huggingface/paper-api.js';
import type { LiveDayStore } from '../store.js';
import type { PgConnection } from './pg-connection.js';
import { LiveDayStatusRow, toLiveDay } from './rows.js';

// PostgreSQL's fetched days: one row per date, the papers as JSON text; and the
// papers looked up one at a time, one row per paper id.

const LookedUpRow = z.object({ item: z.string() });

export function pgLiveDays(db: PgConnection): LiveDayStore {
  return {
    async saveLiveDay(day: LiveDay): Promise<void> {
      const d = LiveDaySchema.parse(day);
      await db.query(
        `INSERT INTO live_days (date, papers, fetched_at, final) VALUES ($1, $2, $3, $4)
         ON CONFLICT (date) DO UPDATE SET papers = EXCLUDED.papers, fetched_at = EXCLUDED.fetched_at, final = EXCLUDED.final`,
        [d.date, JSON.stringify(d.papers), d.fetchedAt, d.final],
      );
    },

    async liveDays(): Promise<LiveDay[]> {
      return (await db.query('SELECT date, papers, fetched_at, final FROM live_days ORDER BY date')).map(toLiveDay);
    },

    async liveDayStatus(): Promise<{ date: string; final: boolean }[]> {
      return (await db.query('SELECT date, final FROM live_days ORDER BY date')).map((r) => LiveDayStatusRow.parse(r));
    },

    async keepLookedUp(paperId: string, item: LookedUpPaper, keptAt: number): Promise<void> {
      const it = LookedUpPaperSchema.parse(item);
      await db.query(
        `INSERT INTO looked_up_papers (paper_id, item, kept_at) VALUES ($1, $2, $3)
         ON CONFLICT (paper_id) DO UPDATE SET item = EXCLUDED.item, kept_at = EXCLUDED.kept_at`,
        [paperId, JSON.stringify(it), keptAt],
      );
    },

    async lookedUp(paperIds: readonly string[]): Promise<LookedUpPaper[]> {
      if (paperIds.length === 0) return [];
      const rows = await db.query('SELECT item FROM looked_up_papers WHERE paper_id = ANY($1)', [[...paperIds]]);
      return rows.map((r) => LookedUpPaperSchema.parse(JSON.parse(LookedUpRow.parse(r).item)));
    },
  };
}
