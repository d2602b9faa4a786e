import { z } from 'zod';
import type { Logger } from '../../ops/logger.js';
import type { LiveDayStore } from '../../store/store.js';
import { HfApiError, type HfClient } from './hf-client.js';
import { readItems } from './hf-items.js';
import { isFinal, type LiveDay } from './live-day.js';

// The live source: keeps the library current from the Hugging Face API by
// itself. Each sync fetches the days of the last `backfillDays` that are not
// stored yet or not final (today and yesterday never are: their lists fill
// during the day and upvotes change), newest first, one request at a time.
// At start that is the backfill; after it, a poll costs today, yesterday and
// one last fetch of the day before. The first failure ends a sync: one
// warning per outage, the stored papers keep serving, the next poll retries.

export interface LiveSourceOptions {
  client: HfClient;
  store: LiveDayStore;
  /** How many days back the first sync reaches (HF_BACKFILL_DAYS). */
  backfillDays: number;
  /** Time between syncs (HF_POLL_MINUTES). */
  pollMs: number;
  logger: Logger;
  now?: () => Date;
  /** Each fetched day: the ingest sink stores it and the library adds it. `backfill`: one of many days fetched at once. */
  onDay(day: LiveDay, backfill: boolean): void | Promise<void>;
  /** How far a sync has got, in days. */
  onProgress?(done: number, total: number): void;
  /** Each sync's end, whole or cut short (`failed`): what it brought is complete now. `signal` aborts when the source stops. */
  onSyncEnd?(report: SyncReport, signal: AbortSignal): void | Promise<void>;
}

/** What one sync did. */
export interface SyncReport {
  needed: number;
  fetched: number;
  /** Why it stopped early, if it did. */
  failed?: string;
}

export interface LiveSource {
  /** Starts the first sync, then polls. */
  start(): void;
  /** Resolves when the first sync ends: every needed day fetched, or the first failure. */
  readonly firstSync: Promise<SyncReport>;
  /**
   * Resolves when the first sync ends, or as soon as the API is known to be
   * out of reach (no connection at all, or a request that failed for good),
   * whichever comes first: what the console waits for before its first
   * answer, so an offline start is not kept waiting. A 5xx or a timeout that
   * will be retried does not end the wait: the retry usually gets past it,
   * and answering then would answer from a partial library.
   */
  readonly ready: Promise<void>;
  /**
   * Tells the source the API cannot be reached at all while the request is
   * retried (wire the client's `onRetry` of kind `unreachable` here): the
   * first of an outage is warned about at once, and ends the console's wait.
   */
  noteTrouble(reason: string): void;
  /** One sync now (tests, and the first one). */
  sync(): Promise<SyncReport>;
  /** Aborts what is in flight and stops polling. */
  stop(): Promise<void>;
}

const DAY_MS = 86_400_000;

export function createLiveSource(opts: LiveSourceOptions): LiveSource {
  const now = opts.now ?? (() => new Date());
  const abort = new AbortController();
  const warned = new Set<string>();
  let outage: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<SyncReport> | undefined;
  let resolveFirst!: (r: SyncReport) => void;
  const firstSync = new Promise<SyncReport>((resolve) => (resolveFirst = resolve));
  let resolveTrouble!: () => void;
  const trouble = new Promise<void>((resolve) => (resolveTrouble = resolve));
  const ready = Promise.race([firstSync.then(() => undefined), trouble]);

  const warnOnce = (message: string) => {
    if (warned.has(message)) return;
    if (warned.size > 10_000) warned.clear();
    warned.add(message);
    opts.logger.warn(message);
  };

  async function syncOnce(): Promise<SyncReport> {
    const today = Date.parse(`${now().toISOString().slice(0, 10)}T00:00:00Z`);
    const window = Array.from({ length: Math.max(2, opts.backfillDays) }, (_, i) => new Date(today - i * DAY_MS).toISOString().slice(0, 10));
    let final: Set<string>;
    try {
      final = new Set((await opts.store.liveDayStatus()).filter((d) => d.final).map((d) => d.date));
    } catch (err) {
      // The store is down: fetch the whole window; saving will say what failed.
      opts.logger.warn(`huggingface: cannot read which days are stored (${oneLineError(err)}); fetching the last ${window.length} days`);
      final = new Set();
    }
    const needed = window.filter((d) => !final.has(d));
    const report: SyncReport = { needed: needed.length, fetched: 0 };
    opts.onProgress?.(0, needed.length);
    for (const date of needed) {
      if (abort.signal.aborted) break;
      let fetched: FetchedDay;
      try {
        fetched = await fetchLiveDay(opts.client, date, now, abort.signal);
      } catch (err) {
        if (abort.signal.aborted) break;
        resolveTrouble();
        report.failed = err instanceof HfApiError ? err.message : oneLineError(err);
        if (outage === undefined) {
          // An answer refused (too large, not JSON) is not an API out of reach: say which it is.
          const what = err instanceof HfApiError && err.kind === 'bad-answer' ? `cannot use the daily-papers API's answer for ${date}` : 'the daily-papers API cannot be reached';
          opts.logger.warn(`huggingface: ${what} (${report.failed}); serving the papers already stored, trying again in ${Math.round(opts.pollMs / 60_000)} min`);
        } else opts.logger.info(`huggingface: gave up for now (${report.failed}); trying again in ${Math.round(opts.pollMs / 60_000)} min`);
        outage = report.failed;
        break;
      }
      if (outage !== undefined) {
        opts.logger.info('huggingface: the daily-papers API answers again');
        outage = undefined;
      }
      const { day, warnings, cut } = fetched;
      if (cut !== undefined) warnOnce(`huggingface: ${cut}`);
      for (const w of warnings) warnOnce(`huggingface: ${w}`);
      await opts.onDay(day, needed.length > 2);
      report.fetched++;
      opts.onProgress?.(report.fetched, needed.length);
    }
    return report;
  }

  const sync = (): Promise<SyncReport> => {
    // One sync at a time: a poll that comes while one runs joins it.
    running ??= syncOnce()
      .then(async (report) => (await opts.onSyncEnd?.(report, abort.signal), report))
      .finally(() => (running = undefined));
    return running;
  };

  const schedule = () => {
    if (abort.signal.aborted) return;
    timer = setTimeout(() => void sync().finally(schedule), opts.pollMs);
    timer.unref();
  };

  return {
    firstSync,
    ready,
    noteTrouble: (reason) => {
      resolveTrouble();
      if (outage !== undefined) return;
      outage = reason;
      opts.logger.warn(`huggingface: the daily-papers API cannot be reached (${reason}); serving the papers already stored, and retrying`);
    },
    sync,
    start() {
      void sync()
        .then(resolveFirst, (err: unknown) => {
          opts.logger.error(`huggingface: the first sync failed: ${oneLineError(err)}`);
          resolveFirst({ needed: 0, fetched: 0, failed: oneLineError(err) });
        })
        .finally(schedule);
    },
    async stop() {
      abort.abort(new Error('paperbot is stopping'));
      if (timer) clearTimeout(timer);
      await running?.catch(() => undefined);
      resolveFirst({ needed: 0, fetched: 0, failed: 'stopped' });
    },
  };
}

/** What fetching one day gave: the day to store, and a warning per skipped item or dropped field. */
export interface FetchedDay {
  day: LiveDay;
  warnings: string[];
  /** Set when the page cap cut the day: a warning line saying so. */
  cut?: string;
  skipped: number;
  dropped: number;
}

/** Fetches and reads one day: its papers ranked by upvotes, whether it is final, and what was left out. */
export async function fetchLiveDay(client: HfClient, date: string, now: () => Date, signal?: AbortSignal): Promise<FetchedDay> {
  const { items, cut } = await client.fetchDay(date, signal);
  const { papers, warnings, skipped, dropped } = readItems(date, items);
  const fetchedAt = now().getTime();
  return { day: { date, papers, fetchedAt, final: isFinal(date, fetchedAt) }, warnings, skipped, dropped, ...(cut === undefined ? {} : { cut }) };
}

/** An error in one line: a zod error (a store refusing a row) by its first issue, never its multi-line JSON. */
export function oneLineError(err: unknown): string {
  if (err instanceof z.ZodError) {
    const [first, ...more] = err.issues;
    const where = first?.path.length ? `${first.path.join('.')}: ` : '';
    return `${where}${first?.message ?? 'invalid'}${more.length > 0 ? ` (and ${more.length} more)` : ''}`;
  }
  return err instanceof Error ? err.message : String(err);
}
