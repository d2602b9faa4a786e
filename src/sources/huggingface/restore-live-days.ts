import type { PaperLibrary } from '../../library/library.js';
import type { Logger } from '../../ops/logger.js';
import type { LiveDayStore } from '../../store/store.js';
import { liveDayListing, type LiveDay } from './live-day.js';

/**
 * Puts every day fetched earlier (kept in the store) into the library at
 * start, whether or not the live source is on now: nothing fetched is lost.
 * Idempotent over a library restored from the persisted index. Resolves to
 * how many papers were new to the library.
 */
export async function restoreLiveDays(opts: { library: PaperLibrary; store: LiveDayStore; logger: Logger }): Promise<number> {
  let days;
  try {
    days = await opts.store.liveDays();
  } catch (err) {
    opts.logger.warn(`cannot read the stored Hugging Face days (${err instanceof Error ? err.message : String(err)}); searching without them`);
    return 0;
  }
  let added = 0;
  // Each stored day carries a version, so a day the index already holds as stored is skipped.
  for (const day of days) added += opts.library.addListing({ ...liveDayListing(day), version: storedDayVersion(day) }).papersAdded;
  const papers = days.reduce((n, d) => n + d.papers.length, 0);
  if (days.length > 0) opts.logger.info(`Hugging Face: ${days.length} stored ${days.length === 1 ? 'day' : 'days'} with ${papers} listings (${added} papers not in the index yet)`);
  return added;
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
