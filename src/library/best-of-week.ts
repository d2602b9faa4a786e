import type { IsoDay } from '../sources/digest/digest-types.js';
import type { PaperLibrary, RankedPaper } from './library.js';

/** The week's best: the seven days ending with the newest listed day. */
export interface WeekBest {
  from: IsoDay;
  to: IsoDay;
  papers: RankedPaper[];
}

/**
 * How many papers "the week's best" lists: `/paper week` and the weekly recap
 * alike (a recap is `/paper week` posted), five so a channel post stays short.
 */
export const WEEK_BEST_SIZE = 5;

/**
 * The best papers of the seven days ending with the library's newest day:
 * by upvotes where the live source gave them (the Hugging Face ranking),
 * then by trending rank; a paper listed on several days counts once, with
 * its best rank.
 */
export function bestOfWeek(library: Pick<PaperLibrary, 'days' | 'papersOn'>, limit = WEEK_BEST_SIZE): WeekBest | undefined {
  const days = library.days();
  const to = days[0];
  if (to === undefined) return undefined;
  const from = new Date(Date.parse(`${to}T00:00:00Z`) - 6 * 86_400_000).toISOString().slice(0, 10);
  const best = new Map<string, RankedPaper>();
  for (const day of days) {
    if (day < from) break;
    for (const ranked of library.papersOn(day)) {
      const seen = best.get(ranked.paper.id);
      if (!seen || ranked.rank < seen.rank) best.set(ranked.paper.id, ranked);
    }
  }
  const papers = [...best.values()].sort((a, b) => (b.paper.upvotes ?? -1) - (a.paper.upvotes ?? -1) || a.rank - b.rank);
  return { from, to, papers: papers.slice(0, limit) };
}
