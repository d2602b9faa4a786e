// What the scorer executes: a flat list of clauses, each standing for one
// query word. This is minisearch's query tree flattened (an OR of term
// specs, evaluated in order), so scores and tie order come out as minisearch's
// did, and it leaves room for what search will need next:
// - a variant with a weight (a letter swap, a related paper's term): one more
//   clause for the same word, with `boost` below 1;
// - an AND-group of terms standing for one query word (an acronym's
//   expansion): one clause with several specs, matched only where all of
//   them are, and `standIn` set so a match covers the word, ranked after
//   papers that hold the word itself.

import type { Field } from './search-index.js';

/** One term searched in some fields, as minisearch's QuerySpec: how it may expand, and its weight. */
export interface TermSpec {
  term: string;
  /** Fields searched, in order (the order decides ties, as in minisearch). */
  fields: readonly Field[];
  /** Also match indexed terms starting with `term` (weighted down by the extra length). */
  prefix: boolean;
  /** Also match indexed terms within this many edits (0: none). */
  maxEdits: number;
  /** minisearch's `boostTerm`: a factor on every score this spec gives. */
  boost: number;
}

/** One way of matching a query word. */
export interface Clause {
  /** The query word it stands for (an index into {@link QueryPlan.words}). */
  word: number;
  /**
   * The query term minisearch would report for a match (its `queryTerms`);
   * a result's score is multiplied by how many distinct sources it matched.
   */
  source: string;
  /** Matches of clauses with the same key count once when ranking by "terms matched at all". */
  key: string;
  /** Terms that must all match: one for a word or a variant, several for an AND-group. */
  specs: readonly TermSpec[];
  /**
   * A match covers the word as if it were found (an acronym standing for its
   * expansion, or the other way round), but ranks after papers that cover as
   * many words with the words themselves.
   */
  standIn?: boolean;
}

/** A query ready for the scorer. */
export interface QueryPlan {
  /** The query's words after normalization; "present" means one of these as a word or word start. */
  words: readonly string[];
  clauses: readonly Clause[];
  /** Field boosts, title then abstract. */
  boosts: readonly [number, number];
  /**
   * Rank results covering more words (as words, word starts or stand-ins)
   * first, then those with fewer stand-ins, then those matching more words at
   * all, then by score (paperbot's re-rank). False: by score alone
   * (minisearch's order).
   */
  rankByPresence: boolean;
  /**
   * With {@link rankByPresence}: each word's weight (its rarity) when counting
   * the words a result covers, so covering "minecraft" outranks covering
   * "papers" and "new" in "I'm looking for new papers on minecraft". Without
   * it every word counts 1 (the ranking minisearch's library had).
   */
  wordWeights?: readonly number[];
}

/** minisearch's edit distance for a `fuzzy` option: a share of the term's length, capped by `maxFuzzy`. */
export function editsFor(term: string, fuzzy: number | boolean, maxFuzzy: number): number {
  if (fuzzy === false) return 0;
  const share = fuzzy === true ? 0.2 : fuzzy;
  return share < 1 ? Math.min(maxFuzzy, Math.round(term.length * share)) : share;
}
