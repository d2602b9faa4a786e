import type { Paper } from '../library/paper.js';

// For you: papers ranked for one reader from what they saved and voted for.
// The contract the `foryou` command and the daily "for you" post use; the
// model behind it lives in this folder and knows nothing of chat.

/** One thing a reader did that says they value a paper. */
export interface ReaderSignal {
  paperId: string;
  kind: 'save' | 'vote';
  /** When, ISO 8601. */
  at: string;
}

/** A paper ranked for a reader, and the saved paper it resembles most (for "like <title>"). */
export interface Recommendation {
  paperId: string;
  score: number;
  /** The id of the reader's paper this one is most like; absent when it was ranked on freshness and upvotes only. */
  like?: string;
}

export interface RecommendOptions {
  limit: number;
  now: Date;
  /** Papers never to recommend (already saved, already sent). */
  exclude?: ReadonlySet<string>;
  /** Only papers listed on or after this day (`YYYY-MM-DD`), for "the best new papers". */
  since?: string;
}

/** Everything the recommender reads of the library. */
export interface RecommendCorpus {
  /** Every paper, in any order; called again when the library changes. */
  papers(): Iterable<Paper>;
  get(id: string): Paper | undefined;
}

export interface Recommender {
  recommend(signals: readonly ReaderSignal[], opts: RecommendOptions): Recommendation[];
}

/**
 * A placeholder ranking until the model lands: the newest papers by upvotes.
 * Replaced by the learned model (same signature).
 */
export function createRecommender(corpus: RecommendCorpus): Recommender {
  return {
    recommend(signals, opts) {
      const skip = new Set([...(opts.exclude ?? []), ...signals.map((s) => s.paperId)]);
      const out: Recommendation[] = [];
      for (const p of corpus.papers()) {
        if (skip.has(p.id)) continue;
        const day = p.appearances[0]!.date;
        if (opts.since !== undefined && day < opts.since) continue;
        out.push({ paperId: p.id, score: (p.upvotes ?? 0) + Date.parse(day) / 8.64e7 });
      }
      return out.sort((a, b) => b.score - a.score).slice(0, opts.limit);
    },
  };
}
