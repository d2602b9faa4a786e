import type { IsoDay, ParsedDigest } from '../sources/digest/digest-types.js';
import { AcronymTable, acronymVariants } from './acronyms.js';
import { Scorer } from './index/scorer.js';
import type { QueryPlan } from './index/query-plan.js';
import { ABSTRACT, SearchIndex, TITLE, type FrozenPostings } from './index/search-index.js';
import { LIVE_SOURCE, PAPER_API_SOURCE, paperId, type Appearance, type Paper, type PaperMeta } from './paper.js';
import { COMMON_TERM_MIN_DOCS, completePlan, MAX_RESULTS, searchPlan, suggestPlan, type PlanContext } from './search-plans.js';
import { makeSnippet } from './snippet.js';
import { relatedTerms } from './related-terms.js';
import { transpositionVariants, type TermVariant } from './term-variants.js';
import { queryTerms } from './text-terms.js';

export { MAX_RESULTS } from './search-plans.js';

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
  /**
   * For a live day, when it was fetched: a live listing of the same day and
   * version as the one the library holds is skipped, so a restart does not
   * merge every stored day again (adding is idempotent; this only saves time).
   */
  version?: number;
}

/** A paper with its rank in one digest. */
export interface RankedPaper {
  paper: Paper;
  rank: number;
}

/** What the library keeps on disk rather than in memory: the abstract and the API's metadata. */
export interface PaperRecord {
  abstract: string;
  meta: PaperMeta;
}

/** Reads the record of a paper kept on disk (the index file). Synchronous: get() and search() are. */
export interface RecordSource {
  read(doc: number, id: string): PaperRecord;
}

/**
 * A paper as the library holds it in memory: what listing needs (id, title,
 * appearances), its document in the search index, and its record while it is
 * not on disk (new or changed since the index file was written).
 * @internal
 */
export interface PaperEntry {
  id: string;
  title: string;
  /** Newest first; a day appears at most once. */
  appearances: Appearance[];
  doc: number;
  arxivId?: string;
  record?: PaperRecord;
}

/** A day's listing: rank -> paper id, whether the live source gave it, and which fetch. @internal */
export interface DayEntry {
  live: boolean;
  ranks: Map<number, string>;
  version?: number;
}

/** Everything the library holds, for the index file (index-file.ts). @internal */
export interface LibraryState {
  index: SearchIndex;
  /** In insertion order (random() and ties in listing depend on it). */
  papers: PaperEntry[];
  days: Map<IsoDay, DayEntry>;
  records?: RecordSource;
  /** Acronym pairs learned from the papers' text (acronyms.ts), as index terms. */
  acronyms?: readonly (readonly [string, readonly string[]])[];
}

/** How a library searches. */
export interface LibraryOptions {
  /** Search acronyms for their expansions and back (acronyms.ts); on unless false. */
  acronyms?: boolean;
  /**
   * Rank results that cover only some of the query's words by how rare the
   * covered words are (search-plans.ts, coverageWeights); on unless false.
   * Off, every word counts 1, as in the minisearch library (the parity test).
   */
  weighCoverage?: boolean;
}

export const DEFAULT_PAGE_SIZE = 5;

/**
 * The paper library: every paper ever ingested, searchable by title and
 * abstract through the compact index (src/library/index/). Adding is
 * idempotent: ingesting a digest twice changes nothing, and nothing is ever
 * removed, so a later bad file cannot lose papers.
 */
export class PaperLibrary {
  #index = new SearchIndex();
  #scorer = new Scorer(this.#index);
  /** Papers in insertion order. */
  #papers: PaperEntry[] = [];
  readonly #byId = new Map<string, PaperEntry>();
  /** Search document -> paper (undefined for a replaced document). */
  #byDoc: (PaperEntry | undefined)[] = [];
  readonly #byArxiv = new Map<string, string>();
  /**
   * Each day's listing: rank -> paper id. A day the live source listed is
   * ranked by that listing (by upvotes, as the Hugging Face page shows it),
   * replaced whenever the day is fetched again; digests never override it.
   */
  #byDay = new Map<IsoDay, DayEntry>();
  #days: IsoDay[] | undefined;
  #records: RecordSource | undefined;
  /** Acronym pairs: the curated table and those learned from the papers' text. */
  readonly #acronyms = new AcronymTable();
  readonly #searchAcronyms: boolean;
  readonly #plans: PlanContext = {
    size: 0,
    abstractFrequency: (term) => {
      const id = this.#index.vocabulary.id(term);
      return id === undefined ? undefined : this.#index.docFrequency(id, ABSTRACT);
    },
    countMatches: (clauses) => this.#scorer.run({ words: [], clauses, boosts: [1, 1], rankByPresence: false }).total,
  };

  /** A library holding `state` (read from the index file), or an empty one. */
  constructor(state?: LibraryState, opts: LibraryOptions = {}) {
    this.#searchAcronyms = opts.acronyms ?? true;
    if (opts.weighCoverage ?? true) {
      this.#plans.paperFrequency = (term) => {
        const id = this.#index.vocabulary.id(term);
        return id === undefined ? undefined : Math.max(this.#index.docFrequency(id, TITLE), this.#index.docFrequency(id, ABSTRACT));
      };
    }
    if (state) this.restore(state);
  }

  /**
   * Fills an empty library with a state read from the index file (see
   * library-file.ts). Throws if the library already holds papers.
   */
  restore(state: LibraryState): void {
    if (this.#papers.length > 0) throw new Error('PaperLibrary: restore needs an empty library');
    this.#index = state.index;
    this.#scorer = new Scorer(state.index);
    this.#papers = state.papers;
    this.#byDay = state.days;
    this.#days = undefined;
    this.#records = state.records;
    this.#acronyms.restore(state.acronyms ?? []);
    this.#byDoc = [];
    for (const entry of this.#papers) {
      this.#byId.set(entry.id, entry);
      this.#byDoc[entry.doc] = entry;
      if (entry.arxivId !== undefined) this.#byArxiv.set(entry.arxivId, entry.id);
    }
  }

  /** Number of distinct papers. */
  get size(): number {
    return this.#papers.length;
  }

  /** Digest days, newest first. */
  days(): IsoDay[] {
    return [...this.#sortedDays()];
  }

  #sortedDays(): readonly IsoDay[] {
    this.#days ??= [...this.#byDay.keys()].sort().reverse();
    return this.#days;
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
    // A looked-up paper's API data is as good as a live day's; it ranks nowhere, so it lists no day.
    const lookedUp = listing.source === PAPER_API_SOURCE;
    const held = this.#byDay.get(listing.date);
    if (live && listing.version !== undefined && held?.live && held.version === listing.version) return result;
    const ranks = new Map<number, string>();
    for (const p of listing.papers) {
      const arxivId = p.meta?.arxivId;
      const id = (arxivId === undefined ? undefined : this.#byArxiv.get(arxivId)) ?? paperId(p.title);
      const appearance = { date: listing.date, rank: p.rank, file: listing.source };
      const known = this.#byId.get(id);
      if (!known) {
        const entry: PaperEntry = {
          id,
          title: p.title,
          appearances: [appearance],
          doc: this.#addDoc(p.title, p.abstract),
          record: { abstract: p.abstract, meta: definedOnly(p.meta) },
          ...(arxivId === undefined ? {} : { arxivId }),
        };
        this.#papers.push(entry);
        this.#byId.set(id, entry);
        this.#byDoc[entry.doc] = entry;
        result.papersAdded++;
        result.appearancesAdded++;
        result.newPaperIds.push(id);
      } else {
        const change = this.#merge(known, appearance, p, live || lookedUp);
        if (change === 'appearance') result.appearancesAdded++;
        else if (change === 'updated') result.papersUpdated++;
      }
      if (arxivId !== undefined) this.#byArxiv.set(arxivId, id);
      if (!ranks.has(p.rank)) ranks.set(p.rank, id);
    }
    if (!lookedUp) this.#list(listing.date, ranks, live, listing.version);
    return result;
  }

  /** Merges a listing's view of a known paper into it; says what changed. */
  #merge(known: PaperEntry, appearance: Appearance, p: ListedPaper, live: boolean): 'appearance' | 'updated' | 'none' {
    let change: 'appearance' | 'updated' | 'none' = 'none';
    const sameDay = known.appearances.find((a) => a.date === appearance.date);
    if (!sameDay) {
      known.appearances.push(appearance);
      known.appearances.sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
      change = 'appearance';
    } else if (sameDay.file === PAPER_API_SOURCE && appearance.file !== PAPER_API_SOURCE) {
      // A looked-up paper's placeholder gives way to any real listing of its day.
      Object.assign(sameDay, appearance);
      change = 'updated';
    } else if (live && appearance.file !== PAPER_API_SOURCE && (sameDay.rank !== appearance.rank || sameDay.file !== appearance.file)) {
      // The live listing of a day is authoritative: its rank replaces a digest's, and follows upvotes.
      Object.assign(sameDay, appearance);
      change = 'updated';
    }
    // The record may be on disk: read it only when this listing could change it.
    let held: PaperRecord | undefined;
    const record = () => (held ??= this.#record(known));
    if (live && p.meta) {
      const meta = definedOnly(p.meta);
      if (Object.entries(meta).some(([k, v]) => JSON.stringify(record().meta[k as keyof PaperMeta]) !== JSON.stringify(v))) {
        held = { abstract: record().abstract, meta: { ...record().meta, ...meta } };
        known.record = held;
        if (meta.arxivId !== undefined) known.arxivId = meta.arxivId;
        if (change === 'none') change = 'updated';
      }
    }
    // The abstract: the live source's when it has one (a digest never overrides it); else the newest
    // digest appearance's that has one.
    const newest = known.appearances[0] === appearance;
    const better = live ? p.abstract !== '' : p.abstract !== '' && known.arxivId === undefined && (record().abstract === '' || newest);
    if (better && p.abstract !== record().abstract) {
      known.record = { abstract: p.abstract, meta: record().meta };
      // The paper's old document leaves the search index; the new abstract is indexed as a new one.
      this.#index.deleteDoc(known.doc);
      this.#byDoc[known.doc] = undefined;
      known.doc = this.#addDoc(known.title, p.abstract);
      this.#byDoc[known.doc] = known;
      if (change === 'none') change = 'updated';
    }
    return change;
  }

  /** Indexes a paper's text, learning the acronyms it defines. */
  #addDoc(title: string, abstract: string): number {
    this.#acronyms.learn(title);
    this.#acronyms.learn(abstract);
    return this.#index.addDoc(title, abstract);
  }

  /** Records a day's ranks: a live listing replaces the day's; a digest fills free ranks unless the day is live. */
  #list(date: IsoDay, ranks: Map<number, string>, live: boolean, version: number | undefined): void {
    // An empty listing (a weekend, or a day not filled yet) never replaces papers already listed.
    if (ranks.size === 0) return;
    const day = this.#byDay.get(date);
    if (!day) this.#days = undefined;
    if (live || !day) {
      this.#byDay.set(date, { live, ranks, ...(live && version !== undefined ? { version } : {}) });
      return;
    }
    if (day.live) return;
    for (const [rank, id] of ranks) if (!day.ranks.has(rank)) day.ranks.set(rank, id);
  }

  /** The paper's abstract and metadata: in memory if new or changed, else from disk. */
  #record(entry: PaperEntry): PaperRecord {
    if (entry.record) return entry.record;
    if (!this.#records) throw new Error(`PaperLibrary: paper ${entry.id} has no record and no record source`);
    return this.#records.read(entry.doc, entry.id);
  }

  #paper(entry: PaperEntry): Paper {
    const record = this.#record(entry);
    return { ...record.meta, id: entry.id, title: entry.title, abstract: record.abstract, appearances: entry.appearances };
  }

  /**
   * The library's content, for the index file.
   * @internal
   */
  state(): LibraryState {
    return {
      index: this.#index,
      papers: this.#papers,
      days: this.#byDay,
      acronyms: this.#acronyms.learned(),
      ...(this.#records ? { records: this.#records } : {}),
    };
  }

  /**
   * After the index file was written and reopened: search its postings (the
   * tail they cover is dropped) and read from it the records it holds; a
   * record still in memory that is the one written (not changed since) is
   * dropped. `written` maps paper id -> the record object snapshotted.
   * @internal
   */
  adoptFile(records: RecordSource, frozen: FrozenPostings, written: ReadonlyMap<string, PaperRecord>): void {
    this.#index.adoptFrozen(frozen);
    this.#records = records;
    for (const [id, record] of written) {
      const entry = this.#byId.get(id);
      if (entry?.record === record) delete entry.record;
    }
  }

  /** Papers new or changed since the index file was written (their records are in memory). */
  get unsavedCount(): number {
    let n = 0;
    for (const entry of this.#papers) if (entry.record) n++;
    return n;
  }

  /** Every paper, in the order they joined (records read from disk as it goes), for the recommender's vectors. */
  *papers(): IterableIterator<Paper> {
    for (const entry of this.#papers) yield this.#paper(entry);
  }

  /** A paper by its id. */
  get(id: string): Paper | undefined {
    const entry = this.#byId.get(id);
    return entry && this.#paper(entry);
  }

  /** A paper by its arXiv id (without version). */
  getByArxiv(arxivId: string): Paper | undefined {
    const id = this.#byArxiv.get(arxivId);
    return id === undefined ? undefined : this.get(id);
  }

  /** Ranked, typo- and prefix-tolerant search over titles and abstracts. */
  search(query: string, opts: { page?: number; pageSize?: number } = {}): SearchPage {
    const pageSize = Math.max(1, opts.pageSize ?? DEFAULT_PAGE_SIZE);
    const terms = queryTerms(query);
    const total = terms.length === 0 ? 0 : this.#run(terms).total;
    const reachable = Math.min(total, MAX_RESULTS);
    const pageCount = Math.max(1, Math.ceil(reachable / pageSize));
    const page = Math.min(Math.max(1, Math.floor(opts.page ?? 1)), pageCount);
    const ranked = total === 0 ? [] : this.#scorer.top(Math.min(page * pageSize, reachable)).slice((page - 1) * pageSize);
    const hits = ranked.map((r) => {
      const paper = this.#paper(this.#byDoc[r.doc]!);
      return {
        paper,
        score: r.score,
        matchedAllTerms: r.present === terms.length,
        snippet: makeSnippet(paper.abstract, this.#scorer.matchedTerms(r.doc)),
      };
    });
    return { query, terms, total, page, pageCount, pageSize, hits };
  }

  /**
   * Which of `candidates` a search for `query` lists with every term matched
   * as a word, a word start, a plural or an acronym's expansion (or the other
   * way round), not a typo's look-alike, best first; every paper in the library when `candidates` is not given.
   * Follow alerts use it on the papers that just arrived.
   */
  matchAll(query: string, candidates?: ReadonlySet<string>): Paper[] {
    const terms = queryTerms(query);
    if (terms.length === 0 || candidates?.size === 0) return [];
    let only: Uint8Array | undefined;
    if (candidates) {
      only = new Uint8Array(this.#index.docCount);
      for (const id of candidates) {
        const entry = this.#byId.get(id);
        if (entry) only[entry.doc] = 1;
      }
    }
    return this.#run(terms, only)
      .all()
      .filter((r) => r.covered === terms.length)
      .map((r) => this.#paper(this.#byDoc[r.doc]!));
  }

  /** Scores the search plan for `terms`. */
  #run(terms: string[], only?: Uint8Array): Scorer {
    this.#index.vocabulary.forgetExpansions();
    this.#plans.size = this.size;
    const acronyms = this.#searchAcronyms ? acronymVariants(this.#acronyms, terms) : [];
    const plan = searchPlan(terms, this.variantsOf(terms), this.#plans, acronyms);
    return this.#scorer.run(plan, only ? { only } : {});
  }

  /**
   * Terms searched on behalf of the query's terms (see term-variants.ts).
   * @internal
   */
  variantsOf(terms: readonly string[]): TermVariant[] {
    return transpositionVariants(terms, (t) => this.#index.vocabulary.id(t) !== undefined);
  }

  /** Papers of one digest day, in trending order. */
  papersOn(day: IsoDay): RankedPaper[] {
    const ranks = this.#byDay.get(day)?.ranks;
    if (!ranks) return [];
    return [...ranks.entries()].sort((a, b) => a[0] - b[0]).map(([rank, id]) => ({ rank, paper: this.get(id)! }));
  }

  /** The newest digest's top papers. */
  today(limit = DEFAULT_PAGE_SIZE): { date: IsoDay; papers: RankedPaper[] } | undefined {
    const date = this.#sortedDays()[0];
    if (date === undefined) return undefined;
    const ranks = [...this.#byDay.get(date)!.ranks.entries()].sort((a, b) => a[0] - b[0]).slice(0, limit);
    return { date, papers: ranks.map(([rank, id]) => ({ rank, paper: this.get(id)! })) };
  }

  /** A paper chosen uniformly at random. */
  random(rng: () => number = Math.random): Paper | undefined {
    if (this.#papers.length === 0) return undefined;
    return this.#paper(this.#papers[Math.min(this.#papers.length - 1, Math.floor(rng() * this.#papers.length))]!);
  }

  /** "Did you mean" phrasings for a query that found nothing, best first. */
  suggest(query: string, limit = 3): string[] {
    const terms = queryTerms(query);
    if (terms.length === 0) return [];
    // Suggestions group results by the terms they matched; a correction keeps the user's word count.
    this.#index.vocabulary.forgetExpansions();
    return this.#scorer
      .run(suggestPlan(terms, this.size >= COMMON_TERM_MIN_DOCS), { trace: true })
      .phrases()
      .filter((s) => s.terms.length === terms.length && s.phrase !== terms.join(' '))
      .map((s) => s.phrase)
      .slice(0, limit);
  }

  /**
   * The papers closest to one: a search for its own distinctive terms (see
   * related-terms.ts), each weighted, title matches boosted as in search, the
   * paper itself left out. Best first.
   */
  related(id: string, limit = 5): Paper[] {
    const entry = this.#byId.get(id);
    if (!entry) return [];
    const paper = this.#paper(entry);
    const terms = relatedTerms(paper, { papers: this.size, abstractFrequency: (t) => this.#plans.abstractFrequency(t) ?? 0 });
    if (terms.length === 0) return [];
    // One clause per term, searched exactly in both fields with its weight; scored by BM25 alone.
    const plan: QueryPlan = {
      words: terms.map((t) => t.term),
      clauses: terms.map((t, i) => ({ word: i, source: t.term, key: t.term, specs: [{ term: t.term, fields: [TITLE, ABSTRACT], prefix: false, maxEdits: 0, boost: t.weight }] })),
      boosts: [4, 1],
      rankByPresence: false,
    };
    return this.#scorer
      .run(plan)
      .top(limit + 1)
      .filter((r) => r.doc !== entry.doc)
      .slice(0, limit)
      .map((r) => this.#paper(this.#byDoc[r.doc]!));
  }

  /** Titles for as-you-type completion (Discord autocomplete), best first. */
  complete(partial: string, limit = 25): Paper[] {
    const terms = queryTerms(partial);
    if (terms.length === 0) return this.today(limit)?.papers.map((r) => r.paper) ?? [];
    this.#index.vocabulary.forgetExpansions();
    return this.#scorer
      .run(completePlan(terms))
      .top(limit)
      .map((r) => this.#paper(this.#byDoc[r.doc]!));
  }
}

/** The fields of `meta` that are set (so a later listing's missing field does not erase a known one). */
function definedOnly(meta: PaperMeta | undefined): PaperMeta {
  if (!meta) return {};
  return Object.fromEntries(Object.entries(meta).filter(([, v]) => v !== undefined)) as PaperMeta;
}
