import type { SyncReport } from './live-source.js';

// What the live source is doing, as a plain value the core can read without
// knowing the source (src/commands/freshness.ts says why old papers are old
// with it). The live feed tells it what happens; main.ts hands `get` to the bot.

/**
 * The live source's state. The bot is told nothing at all when it has no live
 * source; `off` is HF_API=off.
 */
export type LiveSourceState =
  /** HF_API=off: the operator turned it off. */
  | { state: 'off' }
  /** The first sync has not ended yet, and no request of it has failed. */
  | { state: 'fetching' }
  /** A request failed (and is being retried), or the last sync gave up: why, as the client said it. */
  | { state: 'unreachable'; reason: string }
  /** The last sync fetched every day it needed. */
  | { state: 'current' };

/** Kept up to date by the live feed (src/sources/huggingface/live-feed.ts). */
export interface LiveStateTracker {
  /** A request failed and will be retried. */
  trouble(reason: string): void;
  /** A day was fetched: the source answers. */
  fetched(): void;
  /** A sync ended, whole or cut short. */
  ended(report: Pick<SyncReport, 'failed'>): void;
  get(): LiveSourceState;
}

export function createLiveStateTracker(): LiveStateTracker {
  let trouble: string | undefined;
  let last: Pick<SyncReport, 'failed'> | undefined;
  return {
    trouble: (reason) => (trouble = reason),
    fetched: () => (trouble = undefined),
    ended: (report) => {
      last = report;
      trouble = undefined;
    },
    get: () => {
      if (trouble !== undefined) return { state: 'unreachable', reason: trouble };
      if (last === undefined) return { state: 'fetching' };
      return last.failed === undefined ? { state: 'current' } : { state: 'unreachable', reason: last.failed };
    },
  };
}
