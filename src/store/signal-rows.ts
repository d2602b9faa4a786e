import { z } from 'zod';
import { ForYouSubscriptionSchema, SaveSchema, type ForYouSubscription, type Save, type TeamTopEntry } from './store.js';

// The signal tables' rows, alike in SQLite and PostgreSQL (snake_case columns,
// BIGINT read as numbers), checked on the way out and converted to the Store's types.

const SaveDbRow = z.object({ person: z.string(), paper_id: z.string(), team: z.string(), saved_at: z.number() });
const VotedDbRow = z.object({ paper_id: z.string(), voted_at: z.number() });
const TopDbRow = z.object({ paper_id: z.string(), count: z.number().int().min(1) });
export const TeamRow = z.object({ team: z.string() });
const ForYouDbRow = z.object({ person: z.string(), time: z.string(), timezone: z.string(), created_at: z.number() });

export function toSave(row: unknown): Save {
  const r = SaveDbRow.parse(row);
  return SaveSchema.parse({ person: r.person, team: r.team, paperId: r.paper_id, savedAt: r.saved_at });
}

export function toVoted(row: unknown): { paperId: string; votedAt: number } {
  const r = VotedDbRow.parse(row);
  return { paperId: r.paper_id, votedAt: r.voted_at };
}

export function toTopEntry(row: unknown): TeamTopEntry {
  const r = TopDbRow.parse(row);
  return { paperId: r.paper_id, count: r.count };
}

export function toForYou(row: unknown): ForYouSubscription {
  const r = ForYouDbRow.parse(row);
  return ForYouSubscriptionSchema.parse({ person: r.person, time: r.time, timezone: r.timezone, createdAt: r.created_at });
}

/**
 * The team's top as one statement for both engines (`?` placeholders, numbered
 * by the caller for PostgreSQL): a person's save counts once and their votes
 * on a paper once, whatever the messages and emoji; only rows since the period began.
 */
export const TEAM_TOP_SQL = `
  SELECT paper_id, CAST(COUNT(*) AS INTEGER) AS count FROM (
    SELECT person, paper_id FROM saves WHERE team = ? AND saved_at >= ?
    UNION ALL
    SELECT DISTINCT person, paper_id FROM votes WHERE team = ? AND voted_at >= ?
  ) AS signal
  GROUP BY paper_id ORDER BY count DESC, paper_id LIMIT ?`;
