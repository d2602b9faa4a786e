import type { Logger } from '../ops/logger.js';
import type { Recommender } from './recommender.js';

// The for-you vectors, built before anyone asks: `foryou` and the daily
// for-you post would otherwise build them inside their first answer (about a
// second at 10k papers). prepare() builds them in steps, yielding to the event
// loop between them, so it runs beside the bot's answers, never before them.
// Only for a bot whose readers give signal (someone saved or voted): the
// build costs a 10k-paper bot about 50 MB of RSS, which a bot nobody asks for
// papers-for-you should not carry; there the first `foryou` builds them.

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
 * `debounceMs` after each run of {@link KeepPrepared.changed}; each time only
 * when `wanted` says so (main: the store holds a save or a vote) or they were
 * built before.
 */
export function keepPrepared(
  recommender: Pick<Recommender, 'prepare'>,
  logger: Logger,
  opts: { debounceMs?: number; wanted?: () => Promise<boolean> } = {},
): KeepPrepared {
  const debounceMs = opts.debounceMs ?? PREPARE_DEBOUNCE_MS;
  const wanted = opts.wanted ?? (async () => true);
  let stopped = false;
  let built = false;
  let timer: NodeJS.Timeout | undefined;
  const run = async () => {
    timer = undefined;
    if (stopped) return;
    const want = built || (await wanted().catch(() => false));
    if (!want || stopped) return;
    built = true;
    recommender.prepare().then(
      (s) => logger.debug(`for you: vectors of ${s.papers} papers (${s.vocabulary} terms) ready in ${Math.round(s.buildMs)} ms`),
      (err: unknown) => logger.warn(`for you: building the vectors failed (${err instanceof Error ? err.message : String(err)}); the first for-you answer builds them`),
    );
  };
  const first = setImmediate(() => void run());
  return {
    changed() {
      if (stopped) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => void run(), debounceMs);
      timer.unref();
    },
    stop() {
      stopped = true;
      clearImmediate(first);
      if (timer) clearTimeout(timer);
    },
  };
}
