import { z } from 'zod';
import { LIVE_SOURCE, PaperMetaSchema } from '../../library/paper.js';
import type { DayListing } from '../../library/library.js';
import { IsoDaySchema } from '../digest/digest-types.js';

/** One paper of a fetched day, as stored: the API's data cleaned up, ranked by upvotes. */
export const LivePaperSchema = PaperMetaSchema.extend({
  arxivId: z.string().min(1),
  title: z.string().min(1),
  abstract: z.string(),
  /** Its place that day by upvotes, highest first (what the Hugging Face page shows as trending). */
  rank: z.number().int().positive(),
});
export type LivePaper = z.infer<typeof LivePaperSchema>;

/**
 * One day of the Hugging Face daily-papers list, as fetched and stored. A day
 * is `final` once it was fetched a full day after it ended: its list has
 * stopped filling, so it is never fetched again.
 */
export const LiveDaySchema = z.object({
  date: IsoDaySchema,
  papers: z.array(LivePaperSchema),
  /** When it was fetched (ms since the epoch). */
  fetchedAt: z.number().int().nonnegative(),
  final: z.boolean(),
});
export type LiveDay = z.infer<typeof LiveDaySchema>;

/**
 * A fetched day as the library takes it, with its stored version: a restart
 * that finds this very fetch in the index file skips it.
 */
export function liveDayListing(day: LiveDay): DayListing {
  return {
    date: day.date,
    source: LIVE_SOURCE,
    papers: day.papers.map(({ title, abstract, rank, ...meta }) => ({ title, abstract, rank, meta })),
    version: storedDayVersion(day),
  };
}

/**
 * A version of a stored day: a hash of when it was fetched and of what a
 * fetch changes (which papers, their ranks and upvotes). The same version
 * means the library already merged this very listing.
 */
export function storedDayVersion(day: LiveDay): number {
  let h = 0x811c9dc5;
  const mix = (s: string) => {
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  };
  mix(`${day.fetchedAt}|${day.papers.length}`);
  for (const p of day.papers) mix(`|${p.arxivId}:${p.rank}:${p.upvotes ?? ''}:${p.abstract.length}`);
  return h >>> 0;
}


const DAY_MS = 86_400_000;

/** Whether a day fetched at `fetchedAt` is final: fetched at least a full day after it ended (UTC). */
export function isFinal(date: string, fetchedAt: number): boolean {
  return fetchedAt >= Date.parse(`${date}T00:00:00Z`) + 2 * DAY_MS;
}
