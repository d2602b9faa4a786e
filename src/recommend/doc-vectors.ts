import type { Paper } from '../library/paper.js';
import { processTerm, tokenize } from '../library/text-terms.js';

// The papers as tf-idf vectors, built once per library version. Terms are
// search's own (tokenize + processTerm: the same plurals and stopwords), from
// the title, the abstract and Hugging Face's AI keywords; each keyword is also
// one whole-phrase feature ("gaussian splatting"), which a reader's interest
// often is. Vectors are sparse, sorted by term id, L2-normalized, and cut to
// each paper's MAX_TERMS heaviest terms: the tail adds memory, not signal.

/** Terms kept per paper (by tf-idf weight). */
export const MAX_TERMS = 32;
const TITLE_WEIGHT = 2;
const KEYWORD_WEIGHT = 1.5;
const DAY_MS = 86_400_000;

/** Every paper of one library version as compact typed arrays (CSR). */
export interface DocVectors {
  /** Paper ids by document number. */
  readonly ids: readonly string[];
  readonly doc: ReadonlyMap<string, number>;
  /** Document d's entries are offsets[d] .. offsets[d + 1]. */
  readonly offsets: Uint32Array;
  /** Term ids, ascending within a document. */
  readonly terms: Uint32Array;
  readonly weights: Float32Array;
  /** Days since 1970 of each paper's newest listing. */
  readonly day: Int32Array;
  /** log(1 + upvotes). */
  readonly popularity: Float32Array;
  readonly maxPopularity: number;
  /** Number of term ids (dense model vectors have this length). */
  readonly vocabularySize: number;
}

/** Days since 1970 of a `YYYY-MM-DD` day. */
export function dayNumber(iso: string): number {
  return Math.floor(Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) / DAY_MS);
}

/** Papers processed between two pauses of an incremental build. */
export const BUILD_SLICE = 200;

/** Builds the vectors of every paper (each id once; a later duplicate is ignored). */
export function buildDocVectors(papers: Iterable<Paper>): DocVectors {
  const steps = buildDocVectorsSteps(papers);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * The same build in slices: it pauses (yields) every BUILD_SLICE papers, so a
 * caller can give the event loop back between slices (see Recommender.prepare).
 */
export function* buildDocVectorsSteps(papers: Iterable<Paper>): Generator<void, DocVectors> {
  const vocabulary = new Map<string, number>();
  /** Raw token -> term id (-1: a stopword or symbol), so each distinct spelling is processed once. */
  const tokenIds = new Map<string, number>();
  const df: number[] = [];
  const ids: string[] = [];
  const doc = new Map<string, number>();
  const docTerms: Uint32Array[] = [];
  const docTf: Float32Array[] = [];
  const days: number[] = [];
  const pops: number[] = [];
  // This paper's term frequencies: a scratch array by term id and the ids it touched.
  let tf = new Float32Array(1 << 16);
  const touched: number[] = [];
  const termId = (term: string) => {
    let id = vocabulary.get(term);
    if (id === undefined) {
      id = vocabulary.size;
      vocabulary.set(term, id);
      df.push(0);
      if (id >= tf.length) {
        const grown = new Float32Array(tf.length * 2);
        grown.set(tf);
        tf = grown;
      }
    }
    return id;
  };
  const add = (id: number, w: number) => {
    if (tf[id] === 0) touched.push(id);
    tf[id]! += w;
  };
  const addText = (text: string, w: number) => {
    for (const token of tokenize(text)) {
      let id = tokenIds.get(token);
      if (id === undefined) {
        const term = processTerm(token);
        id = term ? termId(term) : -1;
        tokenIds.set(token, id);
      }
      if (id >= 0) add(id, w);
    }
  };
  let seen = 0;
  for (const p of papers) {
    if (++seen % BUILD_SLICE === 0) yield;
    if (doc.has(p.id)) continue;
    addText(p.title, TITLE_WEIGHT);
    addText(p.abstract, 1);
    for (const kw of p.aiKeywords ?? []) {
      addText(kw, KEYWORD_WEIGHT);
      const phrase = tokenize(kw).map((t) => processTerm(t)).filter(Boolean).join(' ');
      if (phrase.includes(' ')) add(termId(`"${phrase}"`), KEYWORD_WEIGHT);
    }
    const terms = Uint32Array.from(touched);
    const weights = new Float32Array(terms.length);
    for (let i = 0; i < terms.length; i++) {
      const id = terms[i]!;
      weights[i] = tf[id]!;
      tf[id] = 0;
      df[id]!++;
    }
    touched.length = 0;
    doc.set(p.id, ids.length);
    ids.push(p.id);
    docTerms.push(terms);
    docTf.push(weights);
    days.push(dayNumber(p.appearances[0]?.date ?? p.publishedAt ?? '1970-01-01'));
    pops.push(Math.log1p(p.upvotes ?? 0));
  }
  const n = ids.length;
  const idf = new Float32Array(df.length);
  for (let t = 0; t < df.length; t++) idf[t] = df[t]! < 2 ? 0 : Math.log((n + 1) / (df[t]! + 1)) + 1;
  const offsets = new Uint32Array(n + 1);
  const parts: { terms: Uint32Array; weights: Float32Array }[] = [];
  let nnz = 0;
  for (let d = 0; d < n; d++) {
    if (d % (BUILD_SLICE * 4) === BUILD_SLICE * 4 - 1) yield;
    const terms = docTerms[d]!;
    const raw = docTf[d]!;
    const entries: [number, number][] = [];
    for (let i = 0; i < terms.length; i++) {
      const w = (1 + Math.log(raw[i]!)) * idf[terms[i]!]!;
      if (w > 0) entries.push([terms[i]!, w]);
    }
    entries.sort((a, b) => b[1] - a[1]);
    const kept = entries.slice(0, MAX_TERMS).sort((a, b) => a[0] - b[0]);
    const norm = Math.sqrt(kept.reduce((s, [, w]) => s + w * w, 0)) || 1;
    const part = { terms: new Uint32Array(kept.length), weights: new Float32Array(kept.length) };
    kept.forEach(([t, w], i) => {
      part.terms[i] = t;
      part.weights[i] = w / norm;
    });
    parts.push(part);
    nnz += kept.length;
    offsets[d + 1] = nnz;
    // Free the raw counts as we go: they are the build's peak.
    docTerms[d] = EMPTY_U32;
    docTf[d] = EMPTY_F32;
  }
  const allTerms = new Uint32Array(nnz);
  const allWeights = new Float32Array(nnz);
  parts.forEach((part, d) => {
    allTerms.set(part.terms, offsets[d]!);
    allWeights.set(part.weights, offsets[d]!);
  });
  const popularity = Float32Array.from(pops);
  return {
    ids,
    doc,
    offsets,
    terms: allTerms,
    weights: allWeights,
    day: Int32Array.from(days),
    popularity,
    maxPopularity: popularity.reduce((m, v) => Math.max(m, v), 0),
    vocabularySize: df.length,
  };
}

const EMPTY_U32 = new Uint32Array(0);
const EMPTY_F32 = new Float32Array(0);

/** Cosine of two documents (both L2-normalized): a merge of their sorted terms. */
export function cosine(v: DocVectors, a: number, b: number): number {
  let i = v.offsets[a]!;
  const iEnd = v.offsets[a + 1]!;
  let j = v.offsets[b]!;
  const jEnd = v.offsets[b + 1]!;
  let s = 0;
  while (i < iEnd && j < jEnd) {
    const ti = v.terms[i]!;
    const tj = v.terms[j]!;
    if (ti === tj) s += v.weights[i++]! * v.weights[j++]!;
    else if (ti < tj) i++;
    else j++;
  }
  return s;
}

/** Bytes the vectors hold in typed arrays (ids and the id map come on top; see docs/recommendations.md). */
export function vectorBytes(v: DocVectors): number {
  return v.offsets.byteLength + v.terms.byteLength + v.weights.byteLength + v.day.byteLength + v.popularity.byteLength;
}
