// Today's library, kept as the reference: paperbot's search as it was before
// the compact index (minisearch holding every posting in Maps, persisted as
// JSON by reference-cache.ts). The parity test (test/library/parity.test.ts)
// checks that the compact library returns the same first page for the bench's
// query mix, and `npm run bench` measures both side by side. Not used by the bot.

import MiniSearch, { type Options, type Query, type SearchOptions, type SearchResult } from 'minisearch';
import type { IsoDay, ParsedDigest } from '../../src/sources/digest/digest-types.js';
import { LIVE_SOURCE, paperId, type Paper, type PaperMeta } from '../../src/library/paper.js';
import { makeSnippet } from '../../src/library/snippet.js';
import { transpositionVariants, type TermVariant } from '../../src/library/term-variants.js';
import { processTerm, queryTerms, tokenize } from '../../src/library/text-terms.js';

/** One search result: the paper, why it matched, and a snippet to show. */
export interface SearchHit {
  paper: Paper;
  score: number;
  /** True when every query term matched (such hits always rank first). */
  matchedAllTerms: boolean;
  snippet: string;
}

/** One page of search results. */
export interface SearchPage {
  query: string;
  /** The query as terms after normalization; empty for a query of stopwords. */
  terms: string[];
  /** All matches, including those beyond {@link MAX_RESULTS}. */
  total: number;
  page: number;
  pageCount: number;
  pageSize: number;
  hits: SearchHit[];
}

/** What one digest or fetched day changed in the library. */
export interface AddResult {
  papersAdded: number;
  appearancesAdded: number;
  /** Known papers whose rank, abstract or metadata (upvotes, authors, links) changed. */
  papersUpdated: number;
  /** Ids of the papers that are new to the library, in listing order (follow alerts use them). */
  newPaperIds: string[];
}

/** One paper as a listing gives it: title, abstract, rank that day, and what the API adds. */
export interface ListedPaper {
  title: string;
  abstract: string;
  rank: number;
  meta?: PaperMeta;
}

/**
 * The papers of one day from one source, in rank order: a digest section
 * (source: the file name) or a day fetched from the Hugging Face API
 * (source: {@link LIVE_SOURCE}).
 */
export interface DayListing {
  date: IsoDay;
  source: string;
  papers: ListedPaper[];
}

/** The library's content in serializable form (see {@link PaperLibrary.snapshot}). */
export interface LibrarySnapshot {
  papers: Paper[];
  /** Each day with its (rank, paper id) pairs, and whether the listing came from the live source. */
  days: [IsoDay, [number, string][], boolean][];
  /** Every indexed term with the number of abstracts holding it. */
  terms: [string, number][];
  /** minisearch's `toJSON`, stringified. */
  indexJson: string;
}

/** A persisted library whose parts disagree (its papers and its search index). */
export class LibraryMismatchError extends Error {
  constructor(detail: string) {
    super(`ReferenceLibrary: the index does not match its papers (${detail})`);
    this.name = 'LibraryMismatchError';
  }
}

/** A paper with its rank in one digest. */
export interface RankedPaper {
  paper: Paper;
  rank: number;
}

export const DEFAULT_PAGE_SIZE = 5;
/** Pages reach this many results at most; past that, refine the query. */
export const MAX_RESULTS = 50;
/** In a large library, a term in more than this share of abstracts is searched in titles only (see `queryFor`). */
const COMMON_TERM_SHARE = 0.1;
/** Libraries from this many papers on are large. */
const COMMON_TERM_MIN_DOCS = 2_000;

// Why these options (see minisearch's SearchOptions docs):
// - title x4: a word in the title says what the paper is about; the same word
//   in the abstract may be a passing mention.
// - prefix from 3 characters, so "quantiz" finds "quantization"; shorter
//   prefixes expand to hundreds of terms and find nothing useful.
// - fuzzy 0.2 from 5 characters (1 edit at 5-7 letters, 2 from 8, at most 2),
//   so "autoencodr" finds "autoencoder"; short words stay exact, since one
//   edit turns "gan" into "can" and "vit" into "bit".
// - OR, then hits that match every term are ranked above the rest (below),
//   so a long query still finds something but exact intent wins.
// A large library narrows some of this per term: see `queryFor`.
const SEARCH_OPTIONS: SearchOptions = {
  boost: { title: 4 },
  prefix: (term) => term.length >= 3,
  fuzzy: (term) => (term.length >= 5 ? 0.2 : false),
  maxFuzzy: 2,
  combineWith: 'OR',
};
// "Did you mean": looser than search (a third of the letters may differ), and
// terms combine with OR so one bad word does not sink the rest.
const SUGGEST_OPTIONS: SearchOptions = {
  fuzzy: (term) => (term.length >= 3 ? 0.34 : false),
  maxFuzzy: 3,
  prefix: true,
  combineWith: 'OR',
  boost: { title: 2 },
};

/**
 * What the library knows about its terms: which exist (to tell a word from a
 * word start or typo) and in how many abstracts each occurs (to keep the
 * commonest words out of abstract posting lists, see `search`).
 */
class TermStats {
  /** Term -> number of abstracts holding it (0: only in titles). */
  readonly df = new Map<string, number>();
  /** Abstract terms of the document being indexed. */
  readonly #pending = new Set<string>();

  /** Called by minisearch for every token it indexes. */
  record(term: string, field: string): void {
    if (field === 'abstract') this.#pending.add(term);
    else if (!this.df.has(term)) this.df.set(term, 0);
  }

  /** Counts the pending document's abstract terms. */
  commit(): void {
    for (const term of this.#pending) this.df.set(term, (this.df.get(term) ?? 0) + 1);
    this.#pending.clear();
  }
}

/** The index's options; indexing records each term in `stats`. */
function indexOptions(stats: TermStats): Options<IndexedDoc> {
  return {
    fields: ['title', 'abstract'],
    tokenize,
    // minisearch passes the field name only while indexing, not for queries.
    processTerm: (token, field) => {
      const term = processTerm(token);
      if (term !== null && field !== undefined) stats.record(term, field);
      return term;
    },
    searchOptions: SEARCH_OPTIONS,
    autoSuggestOptions: SUGGEST_OPTIONS,
  };
}

interface IndexedDoc {
  id: string;
  title: string;
  abstract: string;
}

/**
 * The paper library: every paper ever ingested, indexed for search with
 * minisearch. Adding is idempotent: ingesting a digest twice changes nothing,
 * and nothing is ever removed, so a later bad file cannot lose papers.
 */
export class ReferenceLibrary {
  readonly #papers = new Map<string, Paper>();
  readonly #byArxiv = new Map<string, string>();
  /**
   * Each day's listing: rank -> paper id. A day the live source listed is
   * ranked by that listing (by upvotes, as the Hugging Face page shows it),
   * replaced whenever the day is fetched again; digests never override it.
   */
  readonly #byDay = new Map<IsoDay, { live: boolean; ranks: Map<number, string> }>();
  /** Every term in the index, to tell known words from word starts and typos. */
  readonly #stats = new TermStats();
  #index = new MiniSearch<IndexedDoc>(indexOptions(this.#stats));

  /**
   * The minisearch index itself, for the benchmark's floor (a bare `search`
   * call with the same options). Not for adapters: they never look inside search.
   * @internal
   */
  get miniSearch(): MiniSearch<IndexedDoc> {
    return this.#index;
  }

  /** Number of distinct papers. */
  get size(): number {
    return this.#papers.size;
  }

  /** Digest days, newest first. */
  days(): IsoDay[] {
    return [...this.#byDay.keys()].sort().reverse();
  }

  /** Adds every paper of a parsed digest; already known papers gain an appearance. */
  addDigest(digest: ParsedDigest): AddResult {
    const total: AddResult = { papersAdded: 0, appearancesAdded: 0, papersUpdated: 0, newPaperIds: [] };
    for (const section of digest.sections) {
      const r = this.addListing({ date: section.date, source: digest.file, papers: section.papers });
      total.papersAdded += r.papersAdded;
      total.appearancesAdded += r.appearancesAdded;
      total.papersUpdated += r.papersUpdated;
      total.newPaperIds.push(...r.newPaperIds);
    }
    return total;
  }

  /**
   * Adds one day's listing. Idempotent: the same listing twice changes
   * nothing the second time. A paper is one entry whatever its source: an
   * arXiv id already known names its paper, else the normalized title does,
   * so a paper first read from a digest keeps its id when the API lists it.
   */
  addListing(listing: DayListing): AddResult {
    const result: AddResult = { papersAdded: 0, appearancesAdded: 0, papersUpdated: 0, newPaperIds: [] };
    const live = listing.source === LIVE_SOURCE;
    const ranks = new Map<number, string>();
    for (const p of listing.papers) {
      const arxivId = p.meta?.arxivId;
      const id = (arxivId === undefined ? undefined : this.#byArxiv.get(arxivId)) ?? paperId(p.title);
      const appearance = { date: listing.date, rank: p.rank, file: listing.source };
      const known = this.#papers.get(id);
      if (!known) {
        this.#papers.set(id, { ...definedOnly(p.meta), id, title: p.title, abstract: p.abstract, appearances: [appearance] });
        this.#index.add({ id, title: p.title, abstract: p.abstract });
        this.#stats.commit();
        result.papersAdded++;
        result.appearancesAdded++;
        result.newPaperIds.push(id);
      } else {
        const change = this.#merge(known, appearance, p, live);
        if (change === 'appearance') result.appearancesAdded++;
        else if (change === 'updated') result.papersUpdated++;
      }
      if (arxivId !== undefined) this.#byArxiv.set(arxivId, id);
      if (!ranks.has(p.rank)) ranks.set(p.rank, id);
    }
    this.#list(listing.date, ranks, live);
    return result;
  }

  /** Merges a listing's view of a known paper into it; says what changed. */
  #merge(known: Paper, appearance: Paper['appearances'][number], p: ListedPaper, live: boolean): 'appearance' | 'updated' | 'none' {
    let change: 'appearance' | 'updated' | 'none' = 'none';
    const sameDay = known.appearances.find((a) => a.date === appearance.date);
    if (!sameDay) {
      known.appearances.push(appearance);
      known.appearances.sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
      change = 'appearance';
    } else if (live && (sameDay.rank !== appearance.rank || sameDay.file !== appearance.file)) {
      // The live listing of a day is authoritative: its rank replaces a digest's, and follows upvotes.
      Object.assign(sameDay, appearance);
      change = 'updated';
    }
    if (live && p.meta) {
      const meta = definedOnly(p.meta);
      if (Object.entries(meta).some(([k, v]) => JSON.stringify(known[k as keyof Paper]) !== JSON.stringify(v))) {
        Object.assign(known, meta);
        if (change === 'none') change = 'updated';
      }
    }
    // The abstract: the live source's when it has one (a digest never overrides it); else the newest
    // digest appearance's that has one.
    const newest = known.appearances[0] === appearance;
    const better = live ? p.abstract !== '' : p.abstract !== '' && known.arxivId === undefined && (known.abstract === '' || newest);
    if (better && p.abstract !== known.abstract) {
      known.abstract = p.abstract;
      // The old abstract's terms stay counted: the counts only steer search cost.
      this.#index.replace({ id: known.id, title: known.title, abstract: known.abstract });
      this.#stats.commit();
      if (change === 'none') change = 'updated';
    }
    return change;
  }

  /** Records a day's ranks: a live listing replaces the day's; a digest fills free ranks unless the day is live. */
  #list(date: IsoDay, ranks: Map<number, string>, live: boolean): void {
    // An empty listing (a weekend, or a day not filled yet) never replaces papers already listed.
    if (ranks.size === 0) return;
    const day = this.#byDay.get(date);
    if (live || !day) {
      this.#byDay.set(date, { live, ranks });
      return;
    }
    if (day.live) return;
    for (const [rank, id] of ranks) if (!day.ranks.has(rank)) day.ranks.set(rank, id);
  }

  /**
   * Everything the library holds, for the persisted index (library-cache.ts):
   * the papers, the day listings, and minisearch's own JSON of the index.
   */
  snapshot(): LibrarySnapshot {
    return {
      papers: [...this.#papers.values()],
      days: [...this.#byDay.entries()].map(([day, { live, ranks }]) => [day, [...ranks.entries()], live]),
      terms: [...this.#stats.df],
      indexJson: JSON.stringify(this.#index),
    };
  }

  /**
   * Fills an empty library from a {@link snapshot}. Throws if the library
   * already holds papers or the index JSON is bad.
   *
   * minisearch's synchronous loader, not `loadJSONAsync`: the async one yields
   * with a `setTimeout(0)` every 1,000 entries, and the profile of a 10k-paper
   * start showed 27% of the load idle in those waits. Loading happens before
   * any adapter starts, so there is nothing to keep responsive meanwhile.
   */
  async restore(snapshot: LibrarySnapshot): Promise<void> {
    if (this.#papers.size > 0) throw new Error('ReferenceLibrary: restore needs an empty library');
    const index = MiniSearch.loadJSON<IndexedDoc>(snapshot.indexJson, indexOptions(this.#stats));
    // A search index that does not hold exactly these papers would answer with ids the library does not know.
    const stray = snapshot.papers.find((p) => !index.has(p.id));
    if (index.documentCount !== snapshot.papers.length || stray !== undefined) {
      throw new LibraryMismatchError(
        stray === undefined
          ? `${snapshot.papers.length} papers, ${index.documentCount} in the search index`
          : `paper ${stray.id} is not in the search index`,
      );
    }
    this.#index = index;
    for (const [term, df] of snapshot.terms) this.#stats.df.set(term, df);
    for (const paper of snapshot.papers) {
      this.#papers.set(paper.id, paper);
      if (paper.arxivId !== undefined) this.#byArxiv.set(paper.arxivId, paper.id);
    }
    for (const [day, ranks, live] of snapshot.days) this.#byDay.set(day, { live, ranks: new Map(ranks) });
  }

  /** A paper by its id. */
  get(id: string): Paper | undefined {
    return this.#papers.get(id);
  }

  /** A paper by its arXiv id (without version). */
  getByArxiv(arxivId: string): Paper | undefined {
    const id = this.#byArxiv.get(arxivId);
    return id === undefined ? undefined : this.#papers.get(id);
  }

  /** Ranked, typo- and prefix-tolerant search over titles and abstracts. */
  search(query: string, opts: { page?: number; pageSize?: number } = {}): SearchPage {
    const pageSize = Math.max(1, opts.pageSize ?? DEFAULT_PAGE_SIZE);
    const terms = queryTerms(query);
    const variants = this.variantsOf(terms);
    const raw = terms.length === 0 ? [] : this.#index.search(this.queryFor(terms, variants));
    const ranked = rankByPresentTerms(raw, terms, variants);
    const reachable = Math.min(ranked.length, MAX_RESULTS);
    const pageCount = Math.max(1, Math.ceil(reachable / pageSize));
    const page = Math.min(Math.max(1, Math.floor(opts.page ?? 1)), pageCount);
    const hits = ranked.slice((page - 1) * pageSize, Math.min(page * pageSize, reachable)).map((r) => {
      const paper = this.#papers.get(r.id as string)!;
      return {
        paper,
        score: r.score,
        matchedAllTerms: presentTerms(r, terms) === terms.length,
        snippet: makeSnippet(paper.abstract, new Set(r.terms)),
      };
    });
    return { query, terms, total: ranked.length, page, pageCount, pageSize, hits };
  }

  /**
   * Which of `candidates` a search for `query` lists with every term matched
   * as a word, a word start or a plural (not a typo's look-alike), best
   * first. Follow alerts use it on the papers that just arrived.
   */
  matchAll(query: string, candidates: ReadonlySet<string>): Paper[] {
    const terms = queryTerms(query);
    if (terms.length === 0 || candidates.size === 0) return [];
    const variants = this.variantsOf(terms);
    const raw = this.#index.search(this.queryFor(terms, variants), { filter: (r) => candidates.has(r.id as string) });
    return rankByPresentTerms(raw, terms, variants)
      .filter((r) => presentTerms(r, terms) === terms.length)
      .map((r) => this.#papers.get(r.id as string)!);
  }

  /**
   * The minisearch query for search terms. A small library searches every
   * term in both fields with the options above. In a large one (2,000+
   * papers), profiling at 50k papers showed search time going into scoring
   * long abstract posting lists: those of very common words ("model",
   * "learning": tens of thousands of papers, BM25 weight near zero) and of
   * the words a prefix or typo expands to ("trai" -> "training"). So per term:
   * - known and in more than {@link COMMON_TERM_SHARE} of abstracts: titles
   *   only (with prefixes), where the word is the signal that ranks;
   * - known: titles with prefixes, abstracts exactly (a word the index holds
   *   is what the user meant; its expansions add cost, not answers);
   * - unknown (a word start or a typo): titles with prefix and fuzzy, and
   *   abstracts by prefix only when titles do not fill the result pages.
   * Public for the benchmark's floor only.
   * @internal
   */
  queryFor(terms: string[], variants: readonly TermVariant[] = []): Query {
    const limit = this.#papers.size * COMMON_TERM_SHARE;
    // A variant is a word the index holds, searched exactly, weighted like a one-edit typo.
    const variantQueries = variants.map((v): Query => {
      const df = this.#stats.df.get(v.term) ?? 0;
      const large = this.#papers.size >= COMMON_TERM_MIN_DOCS;
      return { queries: [v.term], prefix: false, fuzzy: false, boostTerm: () => v.weight, ...(large && df > limit ? { fields: ['title'] } : {}) };
    });
    if (this.#papers.size < COMMON_TERM_MIN_DOCS) {
      return variantQueries.length === 0 ? terms.join(' ') : { combineWith: 'OR', queries: [terms.join(' '), ...variantQueries] };
    }
    return {
      combineWith: 'OR',
      queries: [...terms.map((t): Query => {
        const df = this.#stats.df.get(t);
        const title: Query = { queries: [t], fields: ['title'], ...(df === undefined ? {} : { fuzzy: false }) };
        if (df !== undefined && df > limit) return title;
        if (df !== undefined) return { combineWith: 'OR', queries: [title, { queries: [t], fields: ['abstract'], prefix: false, fuzzy: false }] };
        if (this.#index.search(title).length >= MAX_RESULTS) return title;
        return { combineWith: 'OR', queries: [title, { queries: [t], fields: ['abstract'], fuzzy: false }] };
      }), ...variantQueries],
    };
  }

  /**
   * Terms searched on behalf of the query's terms (see term-variants.ts).
   * Public for the benchmark's floor only.
   * @internal
   */
  variantsOf(terms: readonly string[]): TermVariant[] {
    return transpositionVariants(terms, (t) => this.#stats.df.has(t));
  }

  /** Papers of one digest day, in trending order. */
  papersOn(day: IsoDay): RankedPaper[] {
    const ranks = this.#byDay.get(day)?.ranks;
    if (!ranks) return [];
    return [...ranks.entries()].sort((a, b) => a[0] - b[0]).map(([rank, id]) => ({ rank, paper: this.#papers.get(id)! }));
  }

  /** The newest digest's top papers. */
  today(limit = DEFAULT_PAGE_SIZE): { date: IsoDay; papers: RankedPaper[] } | undefined {
    const date = this.days()[0];
    return date === undefined ? undefined : { date, papers: this.papersOn(date).slice(0, limit) };
  }

  /** A paper chosen uniformly at random. */
  random(rng: () => number = Math.random): Paper | undefined {
    if (this.#papers.size === 0) return undefined;
    const index = Math.min(this.#papers.size - 1, Math.floor(rng() * this.#papers.size));
    let i = 0;
    for (const paper of this.#papers.values()) if (i++ === index) return paper;
    return undefined;
  }

  /** "Did you mean" phrasings for a query that found nothing, best first. */
  suggest(query: string, limit = 3): string[] {
    const terms = queryTerms(query);
    if (terms.length === 0) return [];
    // autoSuggest also offers phrases that drop or repeat words; a correction
    // keeps the user's word count.
    // In a large library, suggest from titles only: the profile showed a
    // no-match typo ("spatail") spending 100+ ms in autoSuggest's loose fuzzy
    // and prefix expansions over abstract posting lists, and a title's words
    // are the better suggestions anyway.
    const large = this.#papers.size >= COMMON_TERM_MIN_DOCS;
    return this.#index
      .autoSuggest(terms.join(' '), large ? { fields: ['title'] } : {})
      .filter((s) => s.terms.length === terms.length && s.suggestion !== terms.join(' '))
      .map((s) => s.suggestion)
      .slice(0, limit);
  }

  /** Titles for as-you-type completion (Discord autocomplete), best first. */
  complete(partial: string, limit = 25): Paper[] {
    const terms = queryTerms(partial);
    if (terms.length === 0) return this.today(limit)?.papers.map((r) => r.paper) ?? [];
    const raw = this.#index.search(terms.join(' '), { fields: ['title'], prefix: true, fuzzy: (t) => (t.length >= 5 ? 0.2 : false) });
    return rankByPresentTerms(raw, terms, []).slice(0, limit).map((r) => this.#papers.get(r.id as string)!);
  }
}

/**
 * How many query terms a result holds as a word or a word start. A typo's
 * fuzzy match does not count: "difusion modles" must not rank a paper with
 * "fusion" and "module" above one about diffusion models.
 */
function presentTerms(result: SearchResult, terms: readonly string[]): number {
  let n = 0;
  for (const q of terms) if (result.terms.some((t) => t === q || t.startsWith(q))) n++;
  return n;
}

/**
 * Stable re-rank: results holding more of the query's terms as words or word
 * starts first (so an all-terms match outranks an any-term match); among
 * those, results matching more query terms at all, typos included (so a paper
 * matching every term through a typo outranks a look-alike matching one);
 * then minisearch's score, which already weighs fuzzy and prefix matches
 * below exact ones.
 */
function rankByPresentTerms(results: SearchResult[], terms: readonly string[], variants: readonly TermVariant[]): SearchResult[] {
  if (terms.length < 2) return results;
  const originalOf = new Map(variants.map((v) => [v.term, v.of]));
  const n = terms.length + 1;
  const buckets: SearchResult[][] = Array.from({ length: n * n }, () => []);
  for (const r of results) {
    const matched = new Set(r.queryTerms.map((q) => originalOf.get(q) ?? q)).size;
    buckets[(terms.length - presentTerms(r, terms)) * n + (terms.length - Math.min(terms.length, matched))]!.push(r);
  }
  return buckets.flat();
}

/** The fields of `meta` that are set (so a later listing's missing field does not erase a known one). */
function definedOnly(meta: PaperMeta | undefined): PaperMeta {
  if (!meta) return {};
  return Object.fromEntries(Object.entries(meta).filter(([, v]) => v !== undefined)) as PaperMeta;
}
