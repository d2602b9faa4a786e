import type Database from 'better-sqlite3';
import { z } from 'zod';
import { LiveDaySchema, type LiveDay } from '../../sources/huggingface/live-day.js';
import type { LiveDayStore } from '../store.js';

// SQLite's fetched days: one row per date, the papers as JSON.

const LiveDayRow = z.object({ date: z.string(), papers: z.string(), fetched_at: z.number(), final: z.number() });
const LiveDayStatusRow = LiveDayRow.pick({ date: true, final: true });

export function sqliteLiveDays(db: Database.Database): LiveDayStore {
  return {
    async saveLiveDay(day: LiveDay): Promise<void> {
      const d = LiveDaySchema.parse(day);
      db.prepare(
        `INSERT INTO live_days (date, papers, fetched_at, final) VALUES (?, ?, ?, ?)
         ON CONFLICT (date) DO UPDATE SET papers = excluded.papers, fetched_at = excluded.fetched_at, final = excluded.final`,
      ).run(d.date, JSON.stringify(d.papers), d.fetchedAt, d.final ? 1 : 0);
    },

    async liveDays(): Promise<LiveDay[]> {
      return db
        .prepare('SELECT date, papers, fetched_at, final FROM live_days ORDER BY date')
        .all()
        .map((row) => {
          const r = LiveDayRow.parse(row);
          return LiveDaySchema.parse({ date: r.date, papers: JSON.parse(r.papers), fetchedAt: r.fetched_at, final: r.final === 1 });
        });
    },

    async liveDayStatus(): Promise<{ date: string; final: boolean }[]> {
      return db
        .prepare('SELECT date, final FROM live_days ORDER BY date')
        .all()
        .map((row) => {
          const r = LiveDayStatusRow.parse(row);
          return { date: r.date, final: r.final === 1 };
        });
    },
  };
}
