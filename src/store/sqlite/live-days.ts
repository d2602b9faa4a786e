import type Database from 'better-sqlite3';
import { z } from 'zod';
import { LiveDaySchema, type LiveDay } from '../../sources/huggingface/live-day.js';
import { LookedUpPaperSchema, type LookedUpPaper } from '../../sources/huggingface/paper-api.js';
import type { LiveDayStore } from '../store.js';

// SQLite's fetched days: one row per date, the papers as JSON; and the papers
// looked up one at a time, one row per paper id.

const LiveDayRow = z.object({ date: z.string(), papers: z.string(), fetched_at: z.number(), final: z.number() });
const LiveDayStatusRow = LiveDayRow.pick({ date: true, final: true });
const LookedUpRow = z.object({ item: z.string() });

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

    async keepLookedUp(paperId: string, item: LookedUpPaper, keptAt: number): Promise<void> {
      const it = LookedUpPaperSchema.parse(item);
      db.prepare(
        `INSERT INTO looked_up_papers (paper_id, item, kept_at) VALUES (?, ?, ?)
         ON CONFLICT (paper_id) DO UPDATE SET item = excluded.item, kept_at = excluded.kept_at`,
      ).run(paperId, JSON.stringify(it), keptAt);
    },

    async lookedUp(paperIds: readonly string[]): Promise<LookedUpPaper[]> {
      if (paperIds.length === 0) return [];
      const read = db.prepare('SELECT item FROM looked_up_papers WHERE paper_id = ?');
      return paperIds.flatMap((id) => {
        const row = read.get(id);
        return row === undefined ? [] : [LookedUpPaperSchema.parse(JSON.parse(LookedUpRow.parse(row).item))];
      });
    },
  };
}
