// Executes a query plan over the compact index. Scores are minisearch's
// (BM25+, prefix and typo weights, field boosts, a result's score times the
// number of query terms it matched), summed into one reused Float64Array
// indexed by document: no object per matching paper, which is where
// minisearch's time and garbage went. Results are then ranked without sorting
// every match: a top-k selection by (presence bucket, score, first-seen order).
// First-seen order is minisearch's tie-break (its result Map's insertion order
// under a stable sort), so equal scores rank the same in both.

import { BM25_B, BM25_D, BM25_K, FUZZY_WEIGHT, inverseDocFrequency, PREFIX_WEIGHT } from './bm25.js';
import type { Clause, QueryPlan, TermSpec } from './query-plan.js';
import { TF_OVERFLOW, type Field, type SearchIndex } from './search-index.js';

/** One ranked result. */
export interface Ranked {
  doc: number;
  /** minisearch's score: the BM25+ sum times the number of distinct query terms matched. */
  score: number;
  /** Query words found as words or word starts. */
  present: number;
  /** Query words matched at all (typos and variants included). */
  matched: number;
  /** Query words found as words or word starts, or through a stand-in clause (an acronym's expansion). */
  covered: number;
}


/** Bits set in `x`. */
function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** minisearch's Object.keys order puts integer-like keys first, ascending. */
function isArrayIndex(key: string): boolean {
  return /^(?:0|[1-9]\d{0,9})$/.test(key) && Number(key) < 4294967295;
}

/**
 * Per-document scores and bit masks for one evaluation, reused across
 * evaluations: an epoch marks which entries are current, so nothing is cleared.
 */
class Accumulator {
  scores = new Float64Array(0);
  seen = new Uint32Array(0);
  epoch = 0;
  /** Documents in the order first scored. */
  order = new Uint32Array(0);
  count = 0;
  masks = new Uint32Array(0);
  stride = 1;

  reset(capacity: number, stride: number): void {
    if (this.scores.length < capacity) {
      const size = Math.ceil(capacity * 1.25) + 16;
      this.scores = new Float64Array(size);
      this.seen = new Uint32Array(size);
      this.order = new Uint32Array(size);
      this.epoch = 0;
    }
    if (this.masks.length < this.scores.length * stride) this.masks = new Uint32Array(this.scores.length * stride);
    this.stride = stride;
    this.count = 0;
    if (++this.epoch === 0xffffffff) {
      this.seen.fill(0);
      this.epoch = 1;
    }
  }

  /** Adds `w` to `doc`'s score and ORs the first `n` of `bits` ([word, bit, word, bit, ...]) into its masks; true if new. */
  add(doc: number, w: number, bits: Int32Array, n: number): boolean {
    const stride = this.stride;
    const base = doc * stride;
    let fresh = false;
    if (this.seen[doc] !== this.epoch) {
      this.seen[doc] = this.epoch;
      this.scores[doc] = w;
      this.order[this.count++] = doc;
      for (let s = 0; s < stride; s++) this.masks[base + s] = 0;
      fresh = true;
    } else this.scores[doc]! += w;
    const masks = this.masks;
    for (let i = 0; i < n; i += 2) masks[base + bits[i]!]! |= bits[i + 1]!;
    return fresh;
  }
}

/** Where a clause's bits go in the main accumulator's masks. */
interface Layout {
  sourceAt: number;
  keyAt: number;
  presentAt: number;
  /** Query words covered by a stand-in clause, after the present words. */
  standInAt: number;
  presentWords: number;
  stride: number;
}

export class Scorer {
  readonly #index: SearchIndex;
  readonly #main = new Accumulator();
  readonly #scratch = new Accumulator();
  #plan: QueryPlan = { words: [], clauses: [], boosts: [1, 1], rankByPresence: false };
  #layout: Layout = { sourceAt: 0, keyAt: 0, presentAt: 0, standInAt: 0, presentWords: 0, stride: 1 };
  // The terms an evaluation scored (for snippets and suggestions), as parallel arrays: no object per term.
  #derivedTerm: string[] = [];
  #derivedId: number[] = [];
  #derivedFields: (readonly Field[])[] = [];
  /** The bits one scored term ORs into a document's masks: [word, bit, ...], reused. */
  #bits = new Int32Array(64);
  #bitCount = 0;
  #only: Uint8Array | undefined;
  // Suggestions need each result's matched terms in minisearch's order: a list per document.
  #trace = false;
  #traceHead = new Int32Array(0);
  #traceLast = new Int32Array(0);
  #traceNext: number[] = [];
  #traceTerm: number[] = [];
  // Ranking keys by first-seen position.
  #final = new Float64Array(0);
  /** The weight of the words not covered (with word weights; 0 without), ranked before {@link #bucket}. */
  #uncovered = new Float64Array(0);
  #bucket = new Uint32Array(0);
  /** Per mask word, the bits the ranking counts (undefined: all). */
  #rankMask: Uint32Array | undefined;

  constructor(index: SearchIndex) {
    this.#index = index;
  }

  /**
   * Scores `plan`. `only` restricts results to the documents flagged 1
   * (scoring is per document, so this equals filtering afterwards). `trace`
   * records each result's matched terms in order, for {@link phrases}.
   * The results are read with the methods below until the next run.
   */
  run(plan: QueryPlan, opts: { only?: Uint8Array; trace?: boolean } = {}): this {
    this.#plan = plan;
    this.#only = opts.only;
    this.#trace = opts.trace ?? false;
    this.#derivedTerm = [];
    this.#derivedId = [];
    this.#derivedFields = [];
    const sources = new Map<string, number>();
    const keys = new Map<string, number>();
    for (const c of plan.clauses) {
      if (!sources.has(c.source)) sources.set(c.source, sources.size);
      if (!keys.has(c.key)) keys.set(c.key, keys.size);
    }
    const words = (n: number) => Math.max(1, Math.ceil(n / 32));
    const presentWords = words(plan.words.length);
    const presentAt = words(sources.size) + words(keys.size);
    this.#layout = {
      sourceAt: 0,
      keyAt: words(sources.size),
      presentAt,
      standInAt: presentAt + presentWords,
      presentWords,
      stride: presentAt + 2 * presentWords,
    };
    // With word weights, the ranking's word counts leave out the words that weigh nothing (a request's framing).
    this.#rankMask = undefined;
    if (plan.rankByPresence && plan.wordWeights) {
      const mask = new Uint32Array(this.#layout.stride).fill(0xffffffff);
      const keyWeighs = new Map<string, boolean>();
      for (const c of plan.clauses) keyWeighs.set(c.key, (keyWeighs.get(c.key) ?? false) || plan.wordWeights[c.word]! > 0);
      for (const [key, weighs] of keyWeighs) if (!weighs) mask[this.#layout.keyAt + (keys.get(key)! >>> 5)]! &= ~(1 << (keys.get(key)! & 31));
      // The score's multiplier (distinct query terms matched) too: four filler words must not make a score four times larger.
      const sourceWeighs = new Map<string, boolean>();
      for (const c of plan.clauses) sourceWeighs.set(c.source, (sourceWeighs.get(c.source) ?? false) || plan.wordWeights[c.word]! > 0);
      for (const [source, weighs] of sourceWeighs) if (!weighs) mask[this.#layout.sourceAt + (sources.get(source)! >>> 5)]! &= ~(1 << (sources.get(source)! & 31));
      plan.wordWeights.forEach((weight, w) => {
        if (weight > 0) return;
        for (const at of [presentAt, this.#layout.standInAt]) mask[at + (w >>> 5)]! &= ~(1 << (w & 31));
      });
      this.#rankMask = mask;
    }
    const capacity = this.#index.docCount;
    this.#main.reset(capacity, this.#layout.stride);
    if (this.#trace && this.#traceHead.length < capacity) {
      this.#traceHead = new Int32Array(Math.ceil(capacity * 1.25) + 16);
      this.#traceLast = new Int32Array(this.#traceHead.length);
    }
    this.#traceNext = [];
    this.#traceTerm = [];
    for (const clause of plan.clauses) {
      const s = sources.get(clause.source)!;
      const k = keys.get(clause.key)!;
      const bits = [this.#layout.sourceAt + (s >>> 5), 1 << (s & 31), this.#layout.keyAt + (k >>> 5), 1 << (k & 31)];
      if (clause.standIn) bits.push(this.#layout.standInAt + (clause.word >>> 5), 1 << (clause.word & 31));
      if (clause.specs.length === 1) this.#spec(this.#main, clause.specs[0]!, bits, this.#layout.presentAt);
      else this.#group(clause, bits);
    }
    return this;
  }

  /** Number of matching documents. */
  get total(): number {
    return this.#main.count;
  }

  /** The best `limit` results, best first. */
  top(limit: number): Ranked[] {
    const n = this.#keys();
    const better = (a: number, b: number) => this.#better(a, b);
    // A bounded heap with the worst kept result on top.
    const heap: number[] = [];
    const siftDown = (i: number) => {
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let worst = i;
        if (l < heap.length && better(heap[worst]!, heap[l]!)) worst = l;
        if (r < heap.length && better(heap[worst]!, heap[r]!)) worst = r;
        if (worst === i) return;
        [heap[i], heap[worst]] = [heap[worst]!, heap[i]!];
        i = worst;
      }
    };
    for (let i = 0; i < n && limit > 0; i++) {
      if (heap.length < limit) {
        heap.push(i);
        for (let c = heap.length - 1; c > 0; ) {
          const p = (c - 1) >> 1;
          if (!better(heap[p]!, heap[c]!)) break;
          [heap[p], heap[c]] = [heap[c]!, heap[p]!];
          c = p;
        }
      } else if (better(i, heap[0]!)) {
        heap[0] = i;
        siftDown(0);
      }
    }
    return heap.sort((a, b) => (better(a, b) ? -1 : 1)).map((i) => this.#ranked(i));
  }

  /** Every result, best first. */
  all(): Ranked[] {
    const n = this.#keys();
    return Array.from({ length: n }, (_, i) => i)
      .sort((a, b) => (this.#better(a, b) ? -1 : this.#better(b, a) ? 1 : 0))
      .map((i) => this.#ranked(i));
  }

  /** The terms `doc` matched (as the index holds them), for its snippet. */
  matchedTerms(doc: number): Set<string> {
    const terms = new Set<string>();
    for (let i = 0; i < this.#derivedTerm.length; i++) {
      const term = this.#derivedTerm[i]!;
      if (terms.has(term)) continue;
      if (this.#derivedFields[i]!.some((f) => this.#index.has(this.#derivedId[i]!, f, doc))) terms.add(term);
    }
    return terms;
  }

  /**
   * minisearch's autoSuggest over a traced run: results grouped by the terms
   * they matched (joined in minisearch's order), each group scored by its
   * average, best first.
   */
  phrases(): { phrase: string; terms: string[]; score: number }[] {
    const groups = new Map<string, { terms: string[]; sum: number; count: number }>();
    const m = this.#main;
    const quality = (doc: number) => this.#count(doc, this.#layout.sourceAt, this.#layout.keyAt);
    const byScore = Array.from({ length: m.count }, (_, i) => i).sort((a, b) => {
      const sa = m.scores[m.order[a]!]! * quality(m.order[a]!);
      const sb = m.scores[m.order[b]!]! * quality(m.order[b]!);
      return sb - sa || a - b;
    });
    for (const i of byScore) {
      const doc = m.order[i]!;
      const list: string[] = [];
      for (let e = this.#traceHead[doc]!; e !== -1; e = this.#traceNext[e]!) list.push(this.#derivedTerm[this.#traceTerm[e]!]!);
      const terms = [...list.filter(isArrayIndex).sort((a, b) => Number(a) - Number(b)), ...list.filter((t) => !isArrayIndex(t))];
      const phrase = terms.join(' ');
      const score = m.scores[doc]! * quality(doc);
      const group = groups.get(phrase);
      if (group) {
        group.sum += score;
        group.count++;
      } else groups.set(phrase, { terms, sum: score, count: 1 });
    }
    return [...groups.entries()]
      .map(([phrase, g]) => ({ phrase, terms: g.terms, score: g.sum / g.count }))
      .sort((a, b) => b.score - a.score);
  }

  /** Scores one spec: the term itself, then its word-start and typo expansions, as minisearch's executeQuerySpec. */
  #spec(acc: Accumulator, spec: TermSpec, bits: number[], presentAt: number): void {
    const vocabulary = this.#index.vocabulary;
    const exact = vocabulary.id(spec.term);
    if (exact !== undefined) this.#term(acc, spec, spec.term, exact, 1, bits, presentAt);
    const near = spec.maxEdits > 0 ? vocabulary.near(spec.term, spec.maxEdits) : undefined;
    // A term both a word start and a typo is scored once, as a word start (minisearch deletes it from the typos).
    const prefixed = near ? new Set<number>() : undefined;
    if (spec.prefix) {
      vocabulary.forEachWithPrefix(spec.term, (id, length, text) => {
        const distance = length - spec.term.length;
        if (distance === 0) return;
        prefixed?.add(id);
        // A term with no postings in these fields scores nothing: its text is not even built.
        if (!this.#index.hasPostings(id, spec.fields)) return;
        this.#term(acc, spec, text(), id, (PREFIX_WEIGHT * length) / (length + 0.3 * distance), bits, presentAt);
      });
    }
    if (near) {
      for (const [term, [id, distance]] of near) {
        if (distance === 0 || prefixed!.has(id)) continue;
        this.#term(acc, spec, term, id, (FUZZY_WEIGHT * term.length) / (term.length + distance), bits, presentAt);
      }
    }
  }

  /** An AND-group: each spec into the scratch accumulator, then the documents matching all of them into the main one. */
  #group(clause: Clause, bits: number[]): void {
    const g = this.#scratch;
    const { presentAt, presentWords } = this.#layout;
    g.reset(this.#index.docCount, 1 + presentWords);
    clause.specs.forEach((spec, i) => this.#spec(g, spec, [0, 1 << i], 1));
    const all = clause.specs.length >= 32 ? 0xffffffff : (1 << clause.specs.length) - 1;
    const main = this.#main;
    const mainBits = Int32Array.from(bits);
    for (let i = 0; i < g.count; i++) {
      const doc = g.order[i]!;
      if (g.masks[doc * g.stride]! >>> 0 !== all >>> 0) continue;
      main.add(doc, g.scores[doc]!, mainBits, mainBits.length);
      for (let w = 0; w < presentWords; w++) main.masks[doc * main.stride + presentAt + w]! |= g.masks[doc * g.stride + 1 + w]!;
    }
  }

  /** Scores one indexed term in the spec's fields: minisearch's termResults. */
  #term(acc: Accumulator, spec: TermSpec, term: string, id: number, weight: number, clauseBits: number[], presentAt: number): void {
    const index = this.#index;
    const derivedAt = this.#derivedTerm.length;
    this.#derivedTerm.push(term);
    this.#derivedId.push(id);
    this.#derivedFields.push(spec.fields);
    const bits = this.#bitsFor(term, clauseBits, presentAt);
    const count = this.#bitCount;
    const deleted = index.deletedCount > 0 ? index.deletedFlags() : undefined;
    const only = this.#only;
    const frozen = index.frozen;
    const total = index.liveCount;
    for (const field of spec.fields) {
      const inFrozen = id < frozen.termCount;
      const start = inFrozen ? frozen.offsets[field][id]! : 0;
      const end = inFrozen ? frozen.offsets[field][id + 1]! : 0;
      const tail = index.tailRun(id, field);
      if (start === end && tail === undefined) continue;
      const matching = index.docFrequency(id, field);
      if (matching === 0) continue;
      const idf = inverseDocFrequency(matching, total);
      const avg = index.avgLength(field);
      const lengths = index.lengths(field);
      const factor = weight * spec.boost * this.#plan.boosts[field]!;
      const docs = frozen.docs[field];
      const tfs = frozen.tfs[field];
      for (let i = start; i < end; i++) {
        const doc = docs[i]!;
        if (deleted !== undefined && deleted[doc] === 1) continue;
        if (only !== undefined && only[doc] !== 1) continue;
        let tf = tfs[i]!;
        if (tf === TF_OVERFLOW) tf = index.frozenTf(field, i);
        const raw = idf * (BM25_D + (tf * (BM25_K + 1)) / (tf + BM25_K * (1 - BM25_B + (BM25_B * lengths[doc]!) / avg)));
        const fresh = acc.add(doc, factor * raw, bits, count);
        if (this.#trace && acc === this.#main) this.#traceAdd(doc, derivedAt, fresh);
      }
      if (tail) {
        for (let i = 0; i < tail.docs.length; i++) {
          const doc = tail.docs[i]!;
          if (deleted !== undefined && deleted[doc] === 1) continue;
          if (only !== undefined && only[doc] !== 1) continue;
          const tf = tail.tfs[i]!;
          const raw = idf * (BM25_D + (tf * (BM25_K + 1)) / (tf + BM25_K * (1 - BM25_B + (BM25_B * lengths[doc]!) / avg)));
          const fresh = acc.add(doc, factor * raw, bits, count);
          if (this.#trace && acc === this.#main) this.#traceAdd(doc, derivedAt, fresh);
        }
      }
    }
  }

  /** The clause's bits, then those of the query words `term` holds as a word or word start, in the reused buffer. */
  #bitsFor(term: string, clauseBits: number[], presentAt: number): Int32Array {
    const words = this.#plan.words;
    if (this.#bits.length < clauseBits.length + 2 * words.length) this.#bits = new Int32Array(2 * (clauseBits.length + 2 * words.length));
    const bits = this.#bits;
    let n = 0;
    for (const b of clauseBits) bits[n++] = b;
    for (let w = 0; w < words.length; w++) {
      const word = words[w]!;
      if (term === word || term.startsWith(word)) {
        bits[n++] = presentAt + (w >>> 5);
        bits[n++] = 1 << (w & 31);
      }
    }
    this.#bitCount = n;
    return bits;
  }

  /** Appends a matched term to a document's list once (minisearch's `match` keys, in insertion order). */
  #traceAdd(doc: number, derivedAt: number, fresh: boolean): void {
    const term = this.#derivedTerm[derivedAt]!;
    if (!fresh) {
      for (let e = this.#traceHead[doc]!; e !== -1; e = this.#traceNext[e]!) if (this.#derivedTerm[this.#traceTerm[e]!] === term) return;
    }
    const entry = this.#traceTerm.length;
    this.#traceTerm.push(derivedAt);
    this.#traceNext.push(-1);
    if (fresh) this.#traceHead[doc] = entry;
    else this.#traceNext[this.#traceLast[doc]!] = entry;
    this.#traceLast[doc] = entry;
  }

  /** Bits set in a document's mask words [from, to); `ranking`: only those the ranking counts. */
  #count(doc: number, from: number, to: number, ranking = false): number {
    const m = this.#main;
    const only = ranking ? this.#rankMask : undefined;
    let n = 0;
    for (let w = from; w < to; w++) n += popcount(only ? m.masks[doc * m.stride + w]! & only[w]! : m.masks[doc * m.stride + w]!);
    return n;
  }

  /** Fills the ranking keys per first-seen position; returns how many. */
  #keys(): number {
    const m = this.#main;
    const n = m.count;
    if (this.#final.length < n) {
      this.#final = new Float64Array(Math.ceil(n * 1.25) + 16);
      this.#uncovered = new Float64Array(this.#final.length);
      this.#bucket = new Uint32Array(this.#final.length);
    }
    const weights = this.#plan.rankByPresence ? this.#plan.wordWeights : undefined;
    const { sourceAt, keyAt, presentAt, standInAt } = this.#layout;
    const words = this.#plan.words.length;
    const buckets = this.#plan.rankByPresence;
    const base = words + 1;
    for (let i = 0; i < n; i++) {
      const doc = m.order[i]!;
      const score = m.scores[doc]! * Math.max(1, this.#count(doc, sourceAt, keyAt, true));
      this.#final[i] = Number.isNaN(score) ? -Infinity : score;
      if (buckets) {
        // Most words covered first; among those, fewer covered only by a stand-in; then more matched at all.
        const present = this.#count(doc, presentAt, standInAt, true);
        const covered = this.#covered(doc, true);
        const matched = Math.min(words, this.#count(doc, keyAt, presentAt, true));
        this.#bucket[i] = ((words - covered) * base + (covered - present)) * base + (words - matched);
        this.#uncovered[i] = weights ? this.#uncoveredWeight(doc, weights) : 0;
      } else {
        this.#bucket[i] = 0;
        this.#uncovered[i] = 0;
      }
    }
    return n;
  }

  /** Query words a document holds as words or word starts or through a stand-in clause. */
  #covered(doc: number, ranking = false): number {
    const m = this.#main;
    const { presentAt, standInAt, presentWords } = this.#layout;
    const only = ranking ? this.#rankMask : undefined;
    let n = 0;
    for (let w = 0; w < presentWords; w++) {
      const bits = m.masks[doc * m.stride + presentAt + w]! | m.masks[doc * m.stride + standInAt + w]!;
      n += popcount(only ? bits & only[presentAt + w]! : bits);
    }
    return n;
  }

  /** The summed weight of the query words a document does not cover (as in {@link #covered}), in word order. */
  #uncoveredWeight(doc: number, weights: readonly number[]): number {
    const m = this.#main;
    const { presentAt, standInAt } = this.#layout;
    let sum = 0;
    for (let w = 0; w < weights.length; w++) {
      const at = doc * m.stride + (w >>> 5);
      const bit = 1 << (w & 31);
      if (((m.masks[at + presentAt]! | m.masks[at + standInAt]!) & bit) === 0) sum += weights[w]!;
    }
    return sum;
  }

  /** Whether the result first seen at `a` ranks before the one at `b`. */
  #better(a: number, b: number): boolean {
    const ua = this.#uncovered[a]!;
    const ub = this.#uncovered[b]!;
    if (ua !== ub) return ua < ub;
    const ba = this.#bucket[a]!;
    const bb = this.#bucket[b]!;
    if (ba !== bb) return ba < bb;
    const sa = this.#final[a]!;
    const sb = this.#final[b]!;
    if (sa !== sb) return sa > sb;
    return a < b;
  }

  #ranked(i: number): Ranked {
    const doc = this.#main.order[i]!;
    const { sourceAt, keyAt, presentAt, standInAt } = this.#layout;
    return {
      doc,
      score: this.#main.scores[doc]! * this.#count(doc, sourceAt, keyAt),
      present: this.#count(doc, presentAt, standInAt),
      matched: this.#count(doc, keyAt, presentAt),
      covered: this.#covered(doc),
    };
  }
}
