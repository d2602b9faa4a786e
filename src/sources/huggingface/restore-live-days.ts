import type { Logger } from '../../ops/logger.js';
import type { LiveDayStore } from '../../store/store.js';
import type { IngestSink } from '../ingest-sink.js';

/**
 * Puts every day fetched earlier (kept in the store) into the library at
 * start, whether or not the live source is on now: nothing fetched is lost.
 * Idempotent over a library restored from the persisted index. Resolves to
 * how many papers were new to the library.
 */
export async function restoreLiveDays(opts: { sink: IngestSink; store: LiveDayStore; logger: Logger }): Promise<number> {
  let days;
  try {
    days = await opts.store.liveDays();
  } catch (err) {
    opts.logger.warn(`cannot read the stored Hugging Face days (${err instanceof Error ? err.message : String(err)}); searching without them`);
    return 0;
  }
  const intake = opts.sink.source('live-stored');
  let added = 0;
  // Each stored day carries a version, so a day the index already holds as stored is skipped.
  for (const day of days) added += (await intake.add(day)).papersAdded;
  const papers = days.reduce((n, d) => n + d.papers.length, 0);
  if (days.length > 0) opts.logger.info(`Hugging Face: ${days.length} stored ${days.length === 1 ? 'day' : 'days'} with ${papers} listings (${added} papers not in the index yet)`);
  return added;
}
