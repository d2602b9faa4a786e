import type { Logger } from '../../ops/logger.js';
import type { IngestSink } from '../ingest-sink.js';
import type { HfClient } from './hf-client.js';
import { fetchLiveDay } from './live-source.js';

/** What an import brought, for the CLI's last line. */
export interface ImportReport {
  papers: number;
  /** Items left out (no valid arXiv id, ...) and fields dropped, over all days. */
  skipped: number;
  dropped: number;
  /** A line per day the page cap cut short: rare, and worth saying after the progress bar. */
  cuts: string[];
}

/**
 * `npm run fetch`'s work: fetches each day in turn and hands it to the sink
 * as an import (kept in the store, where the bot adds it at its next start).
 * The first failure, a day that cannot be stored included, ends the import:
 * what was stored stays, and running it again continues.
 */
export async function importLiveDays(opts: {
  client: HfClient;
  sink: IngestSink;
  dates: readonly string[];
  logger: Logger;
  signal?: AbortSignal;
  /** After each day: how many are done, and the papers so far (the progress bar). */
  onDay?: (done: number, papers: number) => void;
}): Promise<ImportReport> {
  const intake = opts.sink.source('live-import');
  const report: ImportReport = { papers: 0, skipped: 0, dropped: 0, cuts: [] };
  for (const [i, date] of opts.dates.entries()) {
    const fetched = await fetchLiveDay(opts.client, date, () => new Date(), opts.signal);
    await intake.add(fetched.day);
    report.papers += fetched.day.papers.length;
    report.skipped += fetched.skipped;
    report.dropped += fetched.dropped;
    for (const line of fetched.warnings) opts.logger.debug(line);
    if (fetched.cut !== undefined) report.cuts.push(fetched.cut);
    opts.onDay?.(i + 1, report.papers);
  }
  await intake.endPass();
  return report;
}
