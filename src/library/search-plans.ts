// The library's search rules, as query plans for the compact index. These are
// the minisearch queries paperbot asked before (PaperLibrary.queryFor, suggest
// and complete), written out the way minisearch expands them: each query
// string is tokenized and processed again, each term becomes a spec with the
// options that applied to it, in minisearch's evaluation order. The parity
// test holds them to the old library's first pages.

import type { AcronymVariant } from './acronyms.js';
import { inverseDocFrequency } from './index/bm25.js';
import { editsFor, type Clause, type QueryPlan, type TermSpec } from './index/query-plan.js';
import { ABSTRACT, TITLE, type Field } from './index/search-index.js';
import type { TermVariant } from './term-variants.js';
import { processTerm, tokenize } from './text-terms.js';

/** Pages reach this many results at most; past that, refine the query. */
export const MAX_RESULTS = 50;
/** In a large library, a term in more than this share of abstracts is searched in titles only (see {@link searchPlan}). */
export const COMMON_TERM_SHARE = 0.1;
/** Libraries from this many papers on are large. */
export const COMMON_TERM_MIN_DOCS = 2_000;

// Why these options (they were minisearch's SearchOptions):
// - title x4: a word in the title says what the paper is about; the same word
//   in the abstract may be a passing mention.
// - prefix from 3 characters, so "quantiz" finds "quantization"; shorter
//   prefixes expand to hundreds of terms and find nothing useful.
// - fuzzy 0.2 from 5 characters (1 edit at 5-7 letters, 2 from 8, at most 2),
//   so "autoencodr" finds "autoencoder"; short words stay exact, since one
//   edit turns "gan" into "can" and "vit" into "bit".
// - OR, then hits that match every term are ranked above the rest, so a long
//   query still finds something but exact intent wins.
const BOOSTS: [number, number] = [4, 1];
const prefixFor = (term: string) => term.length >= 3;
const editsForSearch = (term: string) => editsFor(term, term.length >= 5 ? 0.2 : false, 2);
// "Did you mean": looser than search (a third of the letters may differ), every
// word by prefix too, terms combined with OR so one bad word does not sink the rest.
const SUGGEST_BOOSTS: [number, number] = [2, 1];
const editsForSuggest = (term: string) => editsFor(term, term.length >= 3 ? 0.34 : false, 3);
// An acronym or an expansion standing for the query's words weighs half as much
// as the words themselves (it may mean something else: "CLIP" is also a clip),
// split over the terms it is made of so a long expansion does not outweigh one word.
const ACRONYM_WEIGHT = 0.5;

const BOTH: readonly Field[] = [TITLE, ABSTRACT];
const TITLES: readonly Field[] = [TITLE];
const ABSTRACTS: readonly Field[] = [ABSTRACT];

/** What the plans need to know about the library. */
export interface PlanContext {
  /** Papers in the library. */
  size: number;
  /** Abstracts holding `term`; undefined when the index never held it (a word start or a typo). */
  abstractFrequency(term: string): number | undefined;
  /** How many papers the clauses match (the title-only probe for an unknown word). */
  countMatches(clauses: Clause[]): number;
  /**
   * Papers holding `term` in their title or abstract (the larger of the two
   * counts), when results covering only some words are ranked by the words'
   * rarity (see {@link coverageWeights}); absent: every word counts 1.
   */
  paperFrequency?(term: string): number | undefined;
}

/**
 * How much covering each query word counts when not every word matches: its
 * inverse document frequency (minisearch's BM25 idf). "Papers", "new",
 * "looking" occur in many papers and carry little; "minecraft" in few and
 * carries the query, so a paper covering it ranks above one covering the
 * filler words of "I'm looking for new papers on minecraft". A word the
 * index does not hold (a typo, a word start) counts as the rarest: it is
 * what the user typed with care. Coverage counted words alone before, and
 * question-shaped queries ranked papers matching their filler first.
 */
export function coverageWeights(words: readonly string[], ctx: PlanContext): number[] | undefined {
  const frequency = ctx.paperFrequency;
  if (!frequency) return undefined;
  const papers = Math.max(1, ctx.size);
  return words.map((w) => (REQUEST_WORDS.has(w) ? 0 : inverseDocFrequency(Math.min(papers, frequency(w) ?? 0), papers)));
}

/**
 * Words that frame a request ("I'm looking for papers on", "what's new in",
 * "any recent work about") and say nothing of its subject: covering them
 * counts nothing, and beside a subject word they are not searched at all. Rarity alone does not
 * catch them: in a small library "looking" or the "m" of "I'm" is in one
 * paper and would weigh as much as the subject; in the 84-paper sample,
 * "paper" and "recent" are in a third of the abstracts. Processed forms
 * (text-terms.ts): plurals folded, apostrophes split ("what's" -> "what", "s").
 */
const REQUEST_WORDS = new Set(
  (
    'i m s t d ll re ve me my im looking look find show tell give get want need read know see ' +
    'paper article publication work recent recently new newest latest anything something there do does about some please'
  ).split(' '),
);

/** minisearch tokenizes and processes a query string again: usually the term itself. */
function reprocessed(term: string): string[] {
  return tokenize(term).flatMap((t) => processTerm(t) ?? []);
}

/**
 * The plan for a search. A small library searches every word in both fields
 * with prefix and typo expansion. In a large one (2,000+ papers), profiling
 * at 50k papers showed search time going into long abstract posting lists:
 * very common words ("model", "learning": BM25 weight near zero) and the
 * words a prefix or typo expands to. So per word:
 * - known and in more than {@link COMMON_TERM_SHARE} of abstracts: titles
 *   only (with prefixes), where the word is the signal that ranks;
 * - known: titles with prefixes, abstracts exactly (a word the index holds is
 *   what the user meant; its expansions add cost, not answers);
 * - unknown (a word start or a typo): titles with prefix and typos, and
 *   abstracts by prefix only when titles do not fill the result pages.
 * Each letter-swap variant (term-variants.ts) is searched exactly, weighted
 * like a one-edit typo, and counts as the word it stands for. Each acronym
 * variant (acronyms.ts) is searched exactly and covers the words it stands
 * for: an expansion only where all its terms are; ranked after papers that
 * hold the words themselves (see QueryPlan.rankByPresence).
 */
export function searchPlan(words: readonly string[], variants: readonly TermVariant[], ctx: PlanContext, acronyms: readonly AcronymVariant[] = []): QueryPlan {
  const originalOf = new Map(variants.map((v) => [v.term, v.of]));
  const clauses: Clause[] = [];
  const push = (word: number, query: string, spec: Omit<TermSpec, 'term' | 'prefix' | 'maxEdits'> & { prefix?: boolean; fuzzy?: boolean }) => {
    for (const term of reprocessed(query)) {
      clauses.push({
        word,
        source: term,
        key: originalOf.get(term) ?? term,
        specs: [{ term, fields: spec.fields, boost: spec.boost, prefix: spec.prefix ?? prefixFor(term), maxEdits: spec.fuzzy === false ? 0 : editsForSearch(term) }],
      });
    }
  };
  const large = ctx.size >= COMMON_TERM_MIN_DOCS;
  const limit = ctx.size * COMMON_TERM_SHARE;
  if (!large) {
    words.forEach((w, i) => push(i, w, { fields: BOTH, boost: 1 }));
  } else {
    words.forEach((w, i) => {
      const df = ctx.abstractFrequency(w);
      const title = { fields: TITLES, boost: 1, ...(df === undefined ? {} : { fuzzy: false }) };
      push(i, w, title);
      if (df !== undefined && df > limit) return;
      if (df !== undefined) return push(i, w, { fields: ABSTRACTS, boost: 1, prefix: false, fuzzy: false });
      const probe = clauses.filter((c) => c.word === i);
      if (ctx.countMatches(probe) >= MAX_RESULTS) return;
      push(i, w, { fields: ABSTRACTS, boost: 1, fuzzy: false });
    });
  }
  for (const v of variants) {
    const common = large && (ctx.abstractFrequency(v.term) ?? 0) > limit;
    push(words.indexOf(v.of), v.term, { fields: common ? TITLES : BOTH, boost: v.weight, prefix: false, fuzzy: false });
  }
  clauses.push(...acronyms.flatMap((a) => acronymClauses(words, a)));
  const rankByPresence = words.length >= 2 || acronyms.length > 0;
  const weights = rankByPresence ? coverageWeights(words, ctx) : undefined;
  // A request's framing words ("I'm looking for papers on ...") are not searched beside a subject: a
  // paper that matched only them ("new", "work") would be a result when the library lacks the subject,
  // where the subject alone finds nothing and says so. A request of framing words only is searched as typed.
  const subject = weights?.some((w) => w > 0) ? clauses.filter((c) => c.standIn || weights![c.word]! > 0) : clauses;
  return { words, clauses: subject, boosts: BOOSTS, rankByPresence, ...(weights ? { wordWeights: weights } : {}) };
}

/**
 * An acronym variant's clauses, exact terms in both fields: an expansion is
 * one AND-group standing for the acronym word; an acronym stands for each
 * word of the expansion it replaces, its weight split between them.
 */
function acronymClauses(words: readonly string[], a: AcronymVariant): Clause[] {
  const spec = (term: string, boost: number): TermSpec => ({ term, fields: BOTH, boost, prefix: false, maxEdits: 0 });
  if (a.of.length === 1) {
    const word = a.of[0]!;
    return [{ word: words.indexOf(word), source: word, key: word, standIn: true, specs: a.terms.map((t) => spec(t, ACRONYM_WEIGHT / a.terms.length)) }];
  }
  return a.of.map((word) => ({ word: words.indexOf(word), source: word, key: word, standIn: true, specs: a.terms.map((t) => spec(t, ACRONYM_WEIGHT / a.of.length)) }));
}

/** As-you-type title completion: every word by prefix, typos from 5 letters, in titles only. */
export function completePlan(words: readonly string[]): QueryPlan {
  const clauses = words.flatMap((w, i) =>
    reprocessed(w).map((term): Clause => ({ word: i, source: term, key: term, specs: [{ term, fields: TITLES, prefix: true, maxEdits: editsForSearch(term), boost: 1 }] })),
  );
  return { words, clauses, boosts: BOOSTS, rankByPresence: words.length >= 2 };
}

/**
 * "Did you mean" (minisearch's autoSuggest with looser typos). In a large
 * library from titles only: the profile showed a no-match typo ("spatail")
 * spending 100+ ms in loose expansions over abstract postings, and a title's
 * words are the better suggestions anyway.
 */
export function suggestPlan(words: readonly string[], large: boolean): QueryPlan {
  const fields = large ? TITLES : BOTH;
  const clauses = words.flatMap((w, i) =>
    reprocessed(w).map((term): Clause => ({ word: i, source: term, key: term, specs: [{ term, fields, prefix: true, maxEdits: editsForSuggest(term), boost: 1 }] })),
  );
  return { words, clauses, boosts: SUGGEST_BOOSTS, rankByPresence: false };
}
