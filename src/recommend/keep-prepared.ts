import type { Logger } from '../ops/logger.js';
import type { Recommender } from './recommender.js';

// The for-you vectors, built before anyone asks: `foryou` and the daily
// for-you post would otherwise build them inside their first answer (about a
// second at 10k papers). prepare() builds them in steps, yielding to the event
// loop between them, so it runs beside the bot's answers, never before them.

/** How long after papers arrive the vectors are built again: a backfill's days arrive as one build. */
export const PREPARE_DEBOUNCE_MS = 5_000;

export interface KeepPrepared {
  /** Papers joined the library: build the vectors again once they stop arriving for a while. */
  changed(): void;
  stop(): void;
}

/**
 * Builds the recommender's vectors once, on the turn of the event loop after
 * this is called (main calls it when the bot is ready), then again
 * `debounceMs` after each run of {@link KeepPrepared.changed}.
 */
export function keepPrepared(recommender: Pick<Recommender, 'prepare'>, logger: Logger, opts: { debounceMs?: number } = {}): KeepPrepared {
  const debounceMs = opts.debounceMs ?? PREPARE_DEBOUNCE_MS;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const run = () => {
    timer = undefined;
    if (stopped) return;
    recommender.prepare().then(
      (s) => logger.debug(`for you: vectors of ${s.papers} papers (${s.vocabulary} terms) ready in ${Math.round(s.buildMs)} ms`),
      (err: unknown) => logger.warn(`for you: building the vectors failed (${err instanceof Error ? err.message : String(err)}); the first for-you answer builds them`),
    );
  };
  const first = setImmediate(run);
  return {
    changed() {
      if (stopped) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(run, debounceMs);
      timer.unref();
    },
    stop() {
      stopped = true;
      clearImmediate(first);
      if (timer) clearTimeout(timer);
    },
  };
}
