import { LiveDaySchema, type LiveDay } from '../../sources/huggingface/live-day.js';
import type { LiveDayStore } from '../store.js';
import type { PgConnection } from './pg-connection.js';
import { LiveDayStatusRow, toLiveDay } from './rows.js';

// PostgreSQL's fetched days: one row per date, the papers as JSON text.

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
  };
}
