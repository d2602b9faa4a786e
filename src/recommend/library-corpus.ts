import type { Paper } from '../library/paper.js';
import type { RecommendCorpus } from './recommender.js';

/**
 * What the recommender needs of the paper library: every paper once (in any
 * order, records read as it goes) and a paper by id: PaperLibrary is one.
 */
export interface PaperSource {
  papers(): Iterable<Paper>;
  get(id: string): Paper | undefined;
  readonly size: number;
}

/**
 * The library as the recommender's corpus. Its version is the number of
 * papers: a new paper rebuilds the vectors (on the next call, or at once with
 * Recommender.prepare()), while a changed upvote count or abstract does not
 * (they move a ranking little; Recommender.invalidate() forces it).
 */
export function libraryCorpus(library: PaperSource): RecommendCorpus {
  return {
    papers: () => library.papers(),
    get: (id) => library.get(id),
    version: () => library.size,
  };
}
