// The compact search index: postings in flat typed arrays instead of
// minisearch's Map per term and field. minisearch held ~300 MB of heap at 50k
// papers in those Maps; the same postings here take ~35 MB, load from a file
// without copying, and scoring walks them without allocating.
//
// Documents are numbered from 0 in the order they were added. Those frozen
// into a file (or a fold) have their postings in `frozen`: per field, per
// term, a run of (doc, term frequency) in doc order. Documents added since live
// in the tail: small per-term arrays, searched together with the frozen runs
// under one set of statistics, until the next fold freezes them too. A
// replaced document (a changed abstract) is marked deleted and added again.

import { processTerm, tokenize } from '../text-terms.js';
import { Vocabulary } from './vocabulary.js';

export const TITLE = 0;
export const ABSTRACT = 1;
/** A field's number: title 0, abstract 1 (minisearch's field ids, in its `fields` order). */
export type Field = typeof TITLE | typeof ABSTRACT;
export const FIELD_NAMES = ['title', 'abstract'] as const;
/** A term frequency of this or more is kept in the overflow map (the array holds a byte). */
export const TF_OVERFLOW = 255;

/** Postings frozen into typed arrays, per field. */
export interface FrozenPostings {
  /** Terms with frozen runs: ids 0..termCount-1 (a newer term has none). */
  termCount: number;
  /** Documents covered: 0..docCount-1. */
  docCount: number;
  /** Per field, where each term's run starts in `docs`/`tfs` (length termCount + 1). */
  offsets: [Uint32Array, Uint32Array];
  docs: [Uint32Array, Uint32Array];
  /** Term frequencies; {@link TF_OVERFLOW} means "look in `overflow`". */
  tfs: [Uint8Array, Uint8Array];
  /** Posting position -> term frequency, for frequencies of {@link TF_OVERFLOW} or more. */
  overflow: [Map<number, number>, Map<number, number>];
}

/** Tail runs per field as plain data: [term id, docs, term frequencies]. */
export type TailRuns = [[number, number[], number[]][], [number, number[], number[]][]];

/** A term's postings among the tail documents. */
export interface TailRun {
  docs: number[];
  tfs: number[];
}

/** Per-document numbers the index file stores beside the postings. */
export interface DocStats {
  /** Documents numbered so far, deleted ones included. */
  docCount: number;
  /** Per field, each document's length as minisearch counts it: distinct tokens. */
  lengths: [Uint32Array, Uint32Array];
  /** 1 for a deleted document. */
  deleted: Uint8Array;
  /** Documents not deleted (minisearch's documentCount). */
  liveCount: number;
  /** Per field, the average length over live documents, kept the way minisearch keeps it. */
  avgLength: [number, number];
}

export function emptyFrozen(): FrozenPostings {
  return {
    termCount: 0,
    docCount: 0,
    offsets: [new Uint32Array(1), new Uint32Array(1)],
    docs: [new Uint32Array(0), new Uint32Array(0)],
    tfs: [new Uint8Array(0), new Uint8Array(0)],
    overflow: [new Map(), new Map()],
  };
}

export class SearchIndex {
  readonly vocabulary: Vocabulary;
  #frozen: FrozenPostings;
  /** Per field, term id -> its run among the tail documents (an array: the hot path of indexing). */
  readonly #tail: [(TailRun | undefined)[], (TailRun | undefined)[]] = [[], []];
  /** Per field, the term ids that have a tail run. */
  #tailTerms: [number[], number[]] = [[], []];
  // Indexing: each distinct raw token gets a number once (one hash lookup per token after that),
  // with its term id (-1: a stopword or a symbol). Stamps count distinct tokens and term frequencies
  // per field without allocating a Set or a Map per document.
  readonly #tokenIds = new Map<string, number>();
  #tokenTerm = new Int32Array(1024);
  #tokenStamp = new Uint32Array(1024);
  #termCount = new Uint32Array(1024);
  #termStamp = new Uint32Array(1024);
  #stamp = 0;
  readonly #touched: number[] = [];
  #lengths: [Uint32Array, Uint32Array];
  #deleted: Uint8Array;
  #docCount: number;
  #deletedCount = 0;
  #liveCount: number;
  readonly #avgLength: [number, number];

  constructor(opts: { vocabulary?: Vocabulary; frozen?: FrozenPostings; stats?: DocStats } = {}) {
    this.vocabulary = opts.vocabulary ?? Vocabulary.empty();
    this.#frozen = opts.frozen ?? emptyFrozen();
    const stats = opts.stats;
    const capacity = Math.max(64, (stats?.docCount ?? 0) + 64);
    this.#lengths = [new Uint32Array(capacity), new Uint32Array(capacity)];
    this.#deleted = new Uint8Array(capacity);
    this.#docCount = stats?.docCount ?? 0;
    this.#liveCount = stats?.liveCount ?? 0;
    this.#avgLength = stats ? [stats.avgLength[0], stats.avgLength[1]] : [0, 0];
    if (stats) {
      this.#lengths[0].set(stats.lengths[0].subarray(0, stats.docCount));
      this.#lengths[1].set(stats.lengths[1].subarray(0, stats.docCount));
      this.#deleted.set(stats.deleted.subarray(0, stats.docCount));
      for (let d = 0; d < stats.docCount; d++) this.#deletedCount += this.#deleted[d]!;
    }
  }

  /** Documents numbered so far (deleted ones included): the next document gets this number. */
  get docCount(): number {
    return this.#docCount;
  }

  /** Documents not deleted. */
  get liveCount(): number {
    return this.#liveCount;
  }

  get deletedCount(): number {
    return this.#deletedCount;
  }

  get frozen(): FrozenPostings {
    return this.#frozen;
  }

  /** Documents added since the last freeze. */
  get tailDocCount(): number {
    return this.#docCount - this.#frozen.docCount;
  }

  avgLength(field: Field): number {
    return this.#avgLength[field];
  }

  lengths(field: Field): Uint32Array {
    return this.#lengths[field];
  }

  deletedFlags(): Uint8Array {
    return this.#deleted;
  }

  isDeleted(doc: number): boolean {
    return this.#deleted[doc] === 1;
  }

  tailRun(termId: number, field: Field): TailRun | undefined {
    return this.#tail[field][termId];
  }

  /** The statistics as they stand (views over live arrays: copy before keeping). */
  stats(): DocStats {
    return {
      docCount: this.#docCount,
      lengths: [this.#lengths[0], this.#lengths[1]],
      deleted: this.#deleted,
      liveCount: this.#liveCount,
      avgLength: [this.#avgLength[0], this.#avgLength[1]],
    };
  }

  /**
   * Indexes a document as minisearch's `add` does (same tokens, same terms,
   * same length and average bookkeeping) and returns its number.
   */
  addDoc(title: string, abstract: string): number {
    const doc = this.#docCount;
    this.#grow(doc + 1);
    const before = this.#liveCount;
    this.#docCount++;
    this.#liveCount++;
    for (const field of [TITLE, ABSTRACT] as const) {
      const stamp = this.#nextStamp();
      let length = 0;
      const touched = this.#touched;
      touched.length = 0;
      for (const token of tokenize(field === TITLE ? title : abstract)) {
        const t = this.#token(token);
        // minisearch's field length: distinct raw tokens (stopwords and case variants included).
        if (this.#tokenStamp[t] !== stamp) {
          this.#tokenStamp[t] = stamp;
          length++;
        }
        const id = this.#tokenTerm[t]!;
        if (id < 0) continue;
        if (this.#termStamp[id] !== stamp) {
          this.#termStamp[id] = stamp;
          this.#termCount[id] = 0;
          touched.push(id);
        }
        this.#termCount[id]!++;
      }
      this.#lengths[field][doc] = length;
      // minisearch's running average (addFieldLength), so statistics match it to the last bit.
      this.#avgLength[field] = (this.#avgLength[field] * before + length) / (before + 1);
      const tail = this.#tail[field];
      for (const id of touched) {
        const run = tail[id];
        if (run) {
          run.docs.push(doc);
          run.tfs.push(this.#termCount[id]!);
        } else {
          tail[id] = { docs: [doc], tfs: [this.#termCount[id]!] };
          this.#tailTerms[field].push(id);
        }
      }
    }
    return doc;
  }

  /** A raw token's number, interning its term (in first-seen order, as minisearch does) the first time. */
  #token(token: string): number {
    const known = this.#tokenIds.get(token);
    if (known !== undefined) return known;
    const t = this.#tokenIds.size;
    if (t >= this.#tokenTerm.length) {
      this.#tokenTerm = growTo(this.#tokenTerm, t * 2, (n) => new Int32Array(n));
      this.#tokenStamp = growTo(this.#tokenStamp, t * 2, (n) => new Uint32Array(n));
    }
    const term = processTerm(token);
    const id = term === null ? -1 : this.vocabulary.intern(term);
    if (id >= this.#termCount.length) {
      this.#termCount = growTo(this.#termCount, id * 2, (n) => new Uint32Array(n));
      this.#termStamp = growTo(this.#termStamp, id * 2, (n) => new Uint32Array(n));
    }
    this.#tokenIds.set(token, t);
    this.#tokenTerm[t] = id;
    return t;
  }

  #nextStamp(): number {
    if (++this.#stamp === 0xffffffff) {
      this.#tokenStamp.fill(0);
      this.#termStamp.fill(0);
      this.#stamp = 1;
    }
    return this.#stamp;
  }

  /**
   * Drops the token table that speeds up indexing many documents (after a
   * rebuild, ~150k tokens at 50k papers); later documents build it again.
   */
  releaseIndexingMemory(): void {
    this.#tokenIds.clear();
    this.#tokenTerm = new Int32Array(1024);
    this.#tokenStamp = new Uint32Array(1024);
    this.#termCount = new Uint32Array(1024);
    this.#termStamp = new Uint32Array(1024);
    this.#stamp = 0;
  }

  /** Marks a document deleted; its postings stay until a full rebuild, skipped by search. */
  deleteDoc(doc: number): void {
    if (doc >= this.#docCount || this.#deleted[doc] === 1) return;
    this.#deleted[doc] = 1;
    this.#deletedCount++;
    for (const field of [TITLE, ABSTRACT] as const) {
      // minisearch's removeFieldLength.
      const count = this.#liveCount;
      this.#avgLength[field] = count === 1 ? 0 : (this.#avgLength[field] * count - this.#lengths[field][doc]!) / (count - 1);
    }
    this.#liveCount--;
  }

  /** Live documents holding `termId` in `field` (minisearch's matchingFields, without deleted documents). */
  docFrequency(termId: number, field: Field): number {
    const f = this.#frozen;
    const start = termId < f.termCount ? f.offsets[field][termId]! : 0;
    const end = termId < f.termCount ? f.offsets[field][termId + 1]! : 0;
    const run = this.#tail[field][termId];
    let n = end - start + (run ? run.docs.length : 0);
    if (this.#deletedCount === 0) return n;
    const docs = f.docs[field];
    for (let i = start; i < end; i++) n -= this.#deleted[docs[i]!]!;
    if (run) for (const d of run.docs) n -= this.#deleted[d]!;
    return n;
  }

  /** Whether any document (deleted ones included) holds `termId` in one of `fields`. */
  hasPostings(termId: number, fields: readonly Field[]): boolean {
    const f = this.#frozen;
    for (const field of fields) {
      if (termId < f.termCount && f.offsets[field][termId + 1]! > f.offsets[field][termId]!) return true;
      if (this.#tail[field][termId]) return true;
    }
    return false;
  }

  /** Whether `doc` holds `termId` in `field` (for a page's snippets). */
  has(termId: number, field: Field, doc: number): boolean {
    const f = this.#frozen;
    if (doc < f.docCount) {
      if (termId >= f.termCount) return false;
      const docs = f.docs[field];
      let lo = f.offsets[field][termId]!;
      let hi = f.offsets[field][termId + 1]!;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        const d = docs[mid]!;
        if (d === doc) return true;
        if (d < doc) lo = mid + 1;
        else hi = mid;
      }
      return false;
    }
    return this.#tail[field][termId]?.docs.includes(doc) ?? false;
  }

  /** The term frequency at frozen posting position `i` of `field`. */
  frozenTf(field: Field, i: number): number {
    const tf = this.#frozen.tfs[field][i]!;
    return tf === TF_OVERFLOW ? this.#frozen.overflow[field].get(i) ?? TF_OVERFLOW : tf;
  }

  /** The tail's runs as plain arrays (for a fold in a worker thread). */
  tailRuns(): TailRuns {
    const runs = (field: Field) => this.#tailTerms[field].map((id): [number, number[], number[]] => [id, [...this.#tail[field][id]!.docs], [...this.#tail[field][id]!.tfs]]);
    return [runs(TITLE), runs(ABSTRACT)];
  }

  /** Freezes the tail into new typed arrays (see {@link mergePostings}); the index then searches those. */
  freeze(): FrozenPostings {
    this.adoptFrozen(mergePostings(this.#frozen, this.tailRuns(), this.vocabulary.size, this.#docCount));
    return this.#frozen;
  }

  /**
   * Searches `frozen` from now on (a fold's result, or the same postings read
   * back from the index file): tail postings it covers are dropped, those of
   * documents added since it was made stay in the tail.
   */
  adoptFrozen(frozen: FrozenPostings): void {
    if (frozen.docCount > this.#docCount || frozen.termCount > this.vocabulary.size) throw new Error('SearchIndex: frozen postings ahead of the index');
    this.#frozen = frozen;
    for (const field of [TITLE, ABSTRACT] as const) {
      const tail = this.#tail[field];
      const kept: number[] = [];
      for (const id of this.#tailTerms[field]) {
        const run = tail[id]!;
        let skip = 0;
        while (skip < run.docs.length && run.docs[skip]! < frozen.docCount) skip++;
        if (skip === run.docs.length) tail[id] = undefined;
        else {
          if (skip > 0) tail[id] = { docs: run.docs.slice(skip), tfs: run.tfs.slice(skip) };
          kept.push(id);
        }
      }
      this.#tailTerms[field] = kept;
    }
  }

  #grow(size: number): void {
    if (size <= this.#deleted.length) return;
    const capacity = Math.max(size, Math.ceil(this.#deleted.length * 1.5));
    const grow = <T extends Uint32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(capacity);
      b.set(a);
      return b;
    };
    this.#lengths = [grow(this.#lengths[0], (n) => new Uint32Array(n)), grow(this.#lengths[1], (n) => new Uint32Array(n))];
    this.#deleted = grow(this.#deleted, (n) => new Uint8Array(n));
  }
}

/**
 * Frozen postings followed by tail runs, per term, in new typed arrays: the
 * frozen run then the tail's, so doc order is kept. Deleted documents keep
 * their postings (search skips them), so document numbers never change and a
 * fold needs no renumbering. Pure: a worker thread runs it on copies.
 */
export function mergePostings(old: FrozenPostings, tail: TailRuns, termCount: number, docCount: number): FrozenPostings {
  const next = emptyFrozen();
  next.termCount = termCount;
  next.docCount = docCount;
  for (const field of [TITLE, ABSTRACT] as const) {
    const runs = new Map(tail[field].map(([id, docs, tfs]) => [id, { docs, tfs }]));
    let total = old.docs[field].length;
    for (const run of runs.values()) total += run.docs.length;
    const offsets = new Uint32Array(termCount + 1);
    const docs = new Uint32Array(total);
    const tfs = new Uint8Array(total);
    const overflow = new Map<number, number>();
    const oldOffsets = old.offsets[field];
    const oldOverflow = old.overflow[field];
    let pos = 0;
    for (let t = 0; t < termCount; t++) {
      offsets[t] = pos;
      if (t < old.termCount) {
        const start = oldOffsets[t]!;
        const end = oldOffsets[t + 1]!;
        docs.set(old.docs[field].subarray(start, end), pos);
        tfs.set(old.tfs[field].subarray(start, end), pos);
        if (oldOverflow.size > 0) for (let i = start; i < end; i++) if (oldOverflow.has(i)) overflow.set(pos + i - start, oldOverflow.get(i)!);
        pos += end - start;
      }
      const run = runs.get(t);
      if (run) {
        for (let i = 0; i < run.docs.length; i++, pos++) {
          const tf = run.tfs[i]!;
          docs[pos] = run.docs[i]!;
          tfs[pos] = Math.min(tf, TF_OVERFLOW);
          if (tf >= TF_OVERFLOW) overflow.set(pos, tf);
        }
      }
    }
    offsets[termCount] = pos;
    next.offsets[field] = offsets;
    next.docs[field] = docs;
    next.tfs[field] = tfs;
    next.overflow[field] = overflow;
  }
  return next;
}

function growTo<T extends Int32Array | Uint32Array>(a: T, size: number, make: (n: number) => T): T {
  const b = make(Math.max(size, 1024));
  b.set(a);
  return b;
}
