import type { Config } from '../../config.js';
import type { Logger } from '../../ops/logger.js';
import { LIVE_SOURCE } from '../../library/paper.js';
import { PAPERBOT_VERSION } from '../../version.js';
import { createHfClient, type HfClientOptions } from './hf-client.js';
import { createHubLinks, type HubLinksClient } from './hub-links.js';
import { createPaperApi, type PaperApi } from './paper-api.js';
import type { IngestSink } from '../ingest-sink.js';
import type { LiveDayStore } from '../../store/store.js';
import { createLiveSource, type LiveSource } from './live-source.js';
import type { LiveStateTracker } from './live-state.js';

/** The User-Agent of every request to Hugging Face. */
export const HF_USER_AGENT = `paperbot/${PAPERBOT_VERSION} (Hugging Face Daily Papers chat bot)`;

/** How long the console waits for the first sync before answering anyway. */
export const CONSOLE_WAIT_MS = 20_000;

/**
 * The live source wired to the ingest sink: each fetched day is stored and
 * joins the running library at once (and so the daily post), with a log line
 * and a throttled progress line while the backfill runs. Each sync is one pass
 * of the sink, so followers hear once per sync of all that sync's days: a
 * backfill of ten days is one alert per follow, not ten.
 */
export function createLiveFeed(opts: {
  config: Pick<Config, 'HF_API_URL' | 'HF_TOKEN' | 'HF_BACKFILL_DAYS' | 'HF_POLL_MINUTES'>;
  store: LiveDayStore;
  /** Keeps, indexes, counts and alerts each fetched day (src/sources/ingest-sink.ts). */
  sink: IngestSink;
  logger: Logger;
  /** Told how requests and syncs go, so answers can say why the newest papers are old. */
  state?: LiveStateTracker;
  now?: () => Date;
  /** Counts failed requests (src/ops/metrics.ts implements it; the sink counts the papers). */
  metrics?: { recordFetchError(source: string): void };
  /**
   * Called once the first sync (the backfill at start) has fetched its days:
   * main folds them into the index file then, so the next start loads them
   * from it instead of indexing them again.
   */
  onBackfilled?: () => void | Promise<void>;
  /**
   * Watched papers, looked at after each sync (src/posts/watch-alerts.ts): the
   * Hub's listings are asked through the same client (timeouts, retries, 429
   * waits, abort at shutdown).
   */
  watches?: { check(sources: { links: HubLinksClient; papers: PaperApi }, opts: { signal: AbortSignal; pollMs: number }): Promise<unknown> };
  /** Client tuning (tests use short backoffs and timeouts). */
  client?: Pick<HfClientOptions, 'backoffMs' | 'timeoutMs' | 'retries'>;
}): LiveSource {
  const { config, sink, logger } = opts;
  let source: LiveSource | undefined;
  const client = createHfClient({
    baseUrl: config.HF_API_URL,
    token: config.HF_TOKEN,
    userAgent: HF_USER_AGENT,
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
  const intake = sink.source('live-fetch');
  const lookups = { links: createHubLinks(client), papers: createPaperApi(client) };
  const pollMs = config.HF_POLL_MINUTES * 60_000;
  source = createLiveSource({
    client,
    store: opts.store,
    backfillDays: config.HF_BACKFILL_DAYS,
    pollMs,
    logger,
    now: opts.now,
    onProgress: progressLogger(logger, sink),
    onDay: async (day, backfill) => {
      opts.state?.fetched();
      const added = await intake.add(day);
      // A backfill says how far it got in one progress line; a poll says what each day changed.
      if (added.papersAdded + added.papersUpdated > 0 && !backfill) {
        logger.info(`huggingface: ${day.date}: ${added.papersAdded} new papers, ${added.papersUpdated} updated (${sink.size} papers in all)`);
      } else logger.debug(`huggingface: ${day.date}: ${added.papersAdded} new papers, ${added.papersUpdated} updated (${day.papers.length} listed)`);
    },
    onSyncEnd: async (report, signal) => {
      opts.state?.ended(report);
      await intake.endPass();
      // After the day's list joined the library, so a watch sees what it brought.
      if (opts.watches && !signal.aborted) {
        await opts.watches.check(lookups, { signal, pollMs }).catch((err: unknown) => {
          if (!signal.aborted) logger.error(`watches: the check failed: ${err instanceof Error ? err.message : String(err)}`);
        });
      }
    },
  });
  // A sync stopped by shutdown folds nothing: the next start indexes what it fetched.
  void source.firstSync.then((report) => {
    if (report.fetched > 0 && report.failed !== 'stopped') return opts.onBackfilled?.();
  });
  return source;
}

/** "Fetching Hugging Face daily papers: 12/30 days", at most every 2 s, and when done; only for a backfill. */
function progressLogger(logger: Logger, sink: Pick<IngestSink, 'size'>): (done: number, total: number) => void {
  let last = 0;
  let before = 0;
  return (done, total) => {
    if (total < 3) return;
    const now = Date.now();
    if (done === 0) before = sink.size;
    if (done !== 0 && done !== total && now - last < 2_000) return;
    last = now;
    const added = done === total ? `: ${sink.size - before} new papers (${sink.size} in all)` : '';
    logger.info(`Fetching Hugging Face daily papers: ${done}/${total} days${added}`);
  };
}
