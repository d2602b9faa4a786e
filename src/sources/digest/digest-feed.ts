import type { Logger } from '../../ops/logger.js';
import type { IngestSink } from '../ingest-sink.js';
import { formatProblem } from './digest-types.js';
import { watchDigestDir } from './watch-digest-dir.js';

/**
 * The digest folder wired to the ingest sink while the bot runs, as
 * live-feed.ts is for the live source: each digest file dropped in joins the
 * library (kept in the store, counted, known to the archive sync) with a line
 * saying what it brought, and each look at the folder is one pass of the
 * sink, so followers hear once per scan of everything it read.
 */
export function startDigestFeed(opts: {
  sink: IngestSink;
  dir: string;
  intervalMs: number;
  logger: Logger;
  /** Counts a folder that cannot be read (src/ops/metrics.ts implements it). */
  metrics?: { recordFetchError(source: string): void };
  /** Watcher tuning (tests read a file at its first stable sight). */
  settleMs?: number;
  now?: () => Date;
}): { stop(): void; poll(): Promise<void> } {
  const { sink, logger } = opts;
  const watched = sink.source('digest-watch');
  return watchDigestDir({
    dir: opts.dir,
    intervalMs: opts.intervalMs,
    ...(opts.settleMs === undefined ? {} : { settleMs: opts.settleMs }),
    ...(opts.now ? { now: opts.now } : {}),
    onDigest: (digest) => {
      for (const p of digest.problems) (p.level === 'error' ? logger.error : logger.warn)(formatProblem(p));
      void watched.add(digest).then((added) =>
        logger.info(`Ingested ${digest.file}: ${added.papersAdded} new papers, ${added.appearancesAdded} new appearances (${sink.size} papers in all)`),
      );
    },
    onScanEnd: () => void watched.endPass(),
    onError: (message) => {
      opts.metrics?.recordFetchError('digest');
      logger.warn(message);
    },
    onRecovered: (message) => logger.info(message),
  });
}
