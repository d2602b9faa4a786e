import type { Config } from '../../config.js';
import type { PaperLibrary } from '../../library/library.js';
import type { Logger } from '../../ops/logger.js';
import { LIVE_SOURCE } from '../../library/paper.js';
import { PAPERBOT_VERSION } from '../../version.js';
import type { LiveDayStore } from '../../store/store.js';
import { createHfClient, type HfClientOptions } from './hf-client.js';
import { liveDayListing } from './live-day.js';
import { createLiveSource, type LiveSource } from './live-source.js';
import type { LiveStateTracker } from './live-state.js';
import { storedDayVersion } from './restore-live-days.js';

/** How long the console waits for the first sync before answering anyway. */
export const CONSOLE_WAIT_MS = 20_000;

/**
 * The live source wired to the library: each fetched day joins the running
 * library at once (and so the daily post), with a log line and a throttled
 * progress line while the backfill runs. `onNewPapers` hears of papers new to
 * the library (follow alerts use it), once per sync with all of that sync's
 * days, so a backfill of ten days is one alert per follow, not ten.
 */
export function createLiveFeed(opts: {
  config: Pick<Config, 'HF_API_URL' | 'HF_TOKEN' | 'HF_BACKFILL_DAYS' | 'HF_POLL_MINUTES'>;
  store: LiveDayStore;
  library: PaperLibrary;
  logger: Logger;
  onNewPapers?: (ids: string[]) => void | Promise<void>;
  /** Told how requests and syncs go, so answers can say why the newest papers are old. */
  state?: LiveStateTracker;
  now?: () => Date;
  /** Counts papers ingested and failed requests (src/ops/metrics.ts implements it). */
  metrics?: { recordIngested(source: string, papers: number): void; recordFetchError(source: string): void };
  /**
   * Called once the first sync (the backfill at start) has fetched its days:
   * main folds them into the index file then, so the next start loads them
   * from it instead of indexing them again.
   */
  onBackfilled?: () => void | Promise<void>;
  /** Client tuning (tests use short backoffs and timeouts). */
  client?: Pick<HfClientOptions, 'backoffMs' | 'timeoutMs' | 'retries'>;
}): LiveSource {
  const { config, library, logger } = opts;
  let source: LiveSource | undefined;
  const client = createHfClient({
    baseUrl: config.HF_API_URL,
    token: config.HF_TOKEN,
    userAgent: `paperbot/${PAPERBOT_VERSION} (Hugging Face Daily Papers chat bot)`,
    ...opts.client,
    onRetry: (reason, waitMs, kind) => {
      logger.debug(`huggingface: ${reason}; retrying in ${Math.ceil(waitMs / 1000)} s`);
      // A 429 is waited out as asked; a 5xx or a timeout is a debug line while it is retried;
      // no connection at all is trouble, which ends the console's wait at once.
      if (kind !== 'rate-limited') opts.metrics?.recordFetchError(LIVE_SOURCE);
      if (kind === 'unreachable') {
        opts.state?.trouble(reason);
        source?.noteTrouble(reason);
      }
    },
  });
  // The papers new to the library in the sync under way, alerted when it ends.
  const arrived: string[] = [];
  source = createLiveSource({
    client,
    store: opts.store,
    backfillDays: config.HF_BACKFILL_DAYS,
    pollMs: config.HF_POLL_MINUTES * 60_000,
    logger,
    now: opts.now,
    onProgress: progressLogger(logger, library),
    onDay: async (day, backfill) => {
      opts.state?.fetched();
      // The stored day's version: a restart that finds this very fetch in the index file skips it.
      const added = library.addListing({ ...liveDayListing(day), version: storedDayVersion(day) });
      opts.metrics?.recordIngested(LIVE_SOURCE, added.papersAdded);
      // A backfill says how far it got in one progress line; a poll says what each day changed.
      if (added.papersAdded + added.papersUpdated > 0 && !backfill) {
        logger.info(`huggingface: ${day.date}: ${added.papersAdded} new papers, ${added.papersUpdated} updated (${library.size} papers in all)`);
      } else logger.debug(`huggingface: ${day.date}: ${added.papersAdded} new papers, ${added.papersUpdated} updated (${day.papers.length} listed)`);
      arrived.push(...added.newPaperIds);
    },
    onSyncEnd: async (report) => {
      opts.state?.ended(report);
      const ids = arrived.splice(0);
      if (ids.length > 0) await opts.onNewPapers?.(ids);
    },
  });
  // A sync stopped by shutdown folds nothing: the next start indexes what it fetched.
  void source.firstSync.then((report) => {
    if (report.fetched > 0 && report.failed !== 'stopped') return opts.onBackfilled?.();
  });
  return source;
}

/** "Fetching Hugging Face daily papers: 12/30 days", at most every 2 s, and when done; only for a backfill. */
function progressLogger(logger: Logger, library: PaperLibrary): (done: number, total: number) => void {
  let last = 0;
  let before = 0;
  return (done, total) => {
    if (total < 3) return;
    const now = Date.now();
    if (done === 0) before = library.size;
    if (done !== 0 && done !== total && now - last < 2_000) return;
    last = now;
    const added = done === total ? `: ${library.size - before} new papers (${library.size} in all)` : '';
    logger.info(`Fetching Hugging Face daily papers: ${done}/${total} days${added}`);
  };
}
