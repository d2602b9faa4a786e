import type { Paper } from '../library/paper.js';
import { buildDocVectors, cosine, dayNumber, vectorBytes, type DocVectors } from './doc-vectors.js';
import { negativeSample, trainReader, type ReaderModel } from './reader-model.js';

// For you: papers ranked for one reader from what they saved and voted for.
// The contract the `foryou` command and the daily "for you" post use; the
// model behind it lives in this folder and knows nothing of chat.
//
// The model (docs/recommendations.md): tf-idf vectors of title, abstract and
// AI keywords (doc-vectors.ts), built once per library version; per reader,
// their papers grouped into interests, a logistic regression per interest
// against the library's other papers (reader-model.ts), cached per signal
// set; ranking scores every paper by its best interest, adds its similarity
// to the nearest saved paper, blends in freshness and upvotes, and fills the
// list round-robin by each interest's share so no interest crowds out another.

/** Below this many signals the caller shows the week's best (the model still answers). */
export const MIN_SIGNALS = 3;

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
  /** Every paper, in any order; read once per library version. */
  papers(): Iterable<Paper>;
  get(id: string): Paper | undefined;
  /**
   * Changes whenever the library does (papers added or changed). When given,
   * the vectors are rebuilt on the first call after a change; without it,
   * call {@link Recommender.invalidate} after each change.
   */
  version?(): string | number;
}

export interface Recommender {
  recommend(signals: readonly ReaderSignal[], opts: RecommendOptions): Recommendation[];
  /** The library changed: rebuild the vectors (lazily, on the next call) and drop cached reader models. */
  invalidate(): void;
  /** What the current vectors hold (built on demand). */
  stats(): RecommenderStats;
}

export interface RecommenderStats {
  papers: number;
  vocabulary: number;
  /** Bytes of the vectors' typed arrays. */
  vectorBytes: number;
  /** Milliseconds the last vector build took. */
  buildMs: number;
  cachedReaders: number;
}

/** Weight of freshness (a listing's age, half-life of a month) and of upvotes in the blend. */
const FRESHNESS = 0.25;
const FRESH_DAYS = 30;
const POPULARITY = 0.15;
/** Reader models kept (keyed by their set of signalled papers). */
const CACHE_SIZE = 32;
/** Candidates kept per interest before the final picks. */
const CANDIDATES = 24;

interface Built {
  vectors: DocVectors;
  negatives: Int32Array;
  buildMs: number;
  version: string | number | undefined;
}

export function createRecommender(corpus: RecommendCorpus): Recommender {
  let built: Built | undefined;
  const models = new Map<string, ReaderModel>();

  const current = (): Built => {
    const version = corpus.version?.();
    if (built && (version === undefined || version === built.version)) return built;
    models.clear();
    const start = performance.now();
    const vectors = buildDocVectors(corpus.papers());
    built = { vectors, negatives: negativeSample(vectors), buildMs: performance.now() - start, version };
    return built;
  };

  const modelFor = (b: Built, docs: number[]): ReaderModel => {
    const key = [...docs].sort((x, y) => x - y).join(',');
    const cached = models.get(key);
    if (cached) {
      models.delete(key);
      models.set(key, cached);
      return cached;
    }
    const model = trainReader(b.vectors, docs, b.negatives);
    models.set(key, model);
    if (models.size > CACHE_SIZE) models.delete(models.keys().next().value!);
    return model;
  };

  return {
    recommend(signals, opts) {
      const b = current();
      const v = b.vectors;
      const limit = Math.max(0, Math.floor(opts.limit));
      if (limit === 0 || v.ids.length === 0) return [];
      const docs = [...new Set(signals.map((s) => v.doc.get(s.paperId)).filter((d): d is number => d !== undefined))];
      const skip = new Uint8Array(v.ids.length);
      for (const d of docs) skip[d] = 1;
      for (const id of opts.exclude ?? []) {
        const d = v.doc.get(id);
        if (d !== undefined) skip[d] = 1;
      }
      const sinceDay = opts.since === undefined ? -Infinity : dayNumber(opts.since);
      const today = Math.floor(opts.now.getTime() / 86_400_000);
      const boost = (d: number) =>
        1 + FRESHNESS * Math.exp(-Math.max(0, today - v.day[d]!) / FRESH_DAYS) + POPULARITY * (v.maxPopularity > 0 ? v.popularity[d]! / v.maxPopularity : 0);
      const eligible = (d: number) => skip[d] === 0 && v.day[d]! >= sinceDay;
      if (docs.length === 0) return popular(v, limit, eligible, boost);
      return personal(v, modelFor(b, docs), limit, eligible, boost);
    },
    invalidate() {
      built = undefined;
      models.clear();
    },
    stats() {
      const b = current();
      return {
        papers: b.vectors.ids.length,
        vocabulary: b.vectors.vocabularySize,
        vectorBytes: vectorBytes(b.vectors),
        buildMs: b.buildMs,
        cachedReaders: models.size,
      };
    },
  };
}

/** No signal the library knows: fresh, upvoted papers, no "like". */
function popular(v: DocVectors, limit: number, eligible: (d: number) => boolean, boost: (d: number) => number): Recommendation[] {
  const top = new TopK(limit);
  for (let d = 0; d < v.ids.length; d++) if (eligible(d)) top.offer(d, boost(d) - 1);
  return top.sorted().map(({ doc, score }) => ({ paperId: v.ids[doc]!, score }));
}

function personal(
  v: DocVectors,
  model: ReaderModel,
  limit: number,
  eligible: (d: number) => boolean,
  boost: (d: number) => number,
): Recommendation[] {
  const k = model.interests.length;
  const weights = model.interests.map((i) => i.weights);
  const tops = model.interests.map(() => new TopK(CANDIDATES + limit));
  const z = new Float64Array(k);
  for (let d = 0; d < v.ids.length; d++) {
    if (!eligible(d)) continue;
    for (let c = 0; c < k; c++) z[c] = model.interests[c]!.bias;
    const end = v.offsets[d + 1]!;
    for (let i = v.offsets[d]!; i < end; i++) {
      const t = v.terms[i]!;
      const x = v.weights[i]!;
      for (let c = 0; c < k; c++) z[c]! += weights[c]![t]! * x;
    }
    let best = 0;
    for (let c = 1; c < k; c++) if (z[c]! > z[best]!) best = c;
    tops[best]!.offer(d, sigmoid(z[best]!) * boost(d));
  }
  // Re-score each interest's candidates with their nearest saved paper, which is also the "like".
  const lists = model.interests.map((interest, c) =>
    tops[c]!
      .sorted()
      .map(({ doc }) => {
        let like = interest.docs[0]!;
        let near = -1;
        for (const s of interest.docs) {
          const sim = cosine(v, doc, s);
          if (sim > near) [near, like] = [sim, s];
        }
        const p = sigmoid(interestScore(v, interest.weights, interest.bias, doc));
        return { doc, like, score: (p + Math.max(0, near)) * boost(doc) };
      })
      .sort((a, b) => b.score - a.score || a.doc - b.doc),
  );
  // Each interest's share of the list (largest remainder), its unused slots passed on.
  const slots = shares(model.interests.map((i) => i.share), limit);
  const picked: { doc: number; like: number; score: number }[] = [];
  const taken = lists.map(() => 0);
  for (let c = 0; c < k; c++) {
    const n = Math.min(slots[c]!, lists[c]!.length);
    picked.push(...lists[c]!.slice(0, n));
    taken[c] = n;
  }
  const rest = lists.flatMap((list, c) => list.slice(taken[c])).sort((a, b) => b.score - a.score || a.doc - b.doc);
  picked.push(...rest.slice(0, limit - picked.length));
  return picked
    .sort((a, b) => b.score - a.score || a.doc - b.doc)
    .map(({ doc, like, score }) => ({ paperId: v.ids[doc]!, score, like: v.ids[like]! }));
}

function interestScore(v: DocVectors, w: Float32Array, bias: number, d: number): number {
  let z = bias;
  const end = v.offsets[d + 1]!;
  for (let i = v.offsets[d]!; i < end; i++) z += w[v.terms[i]!]! * v.weights[i]!;
  return z;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** Splits `limit` slots by shares (largest remainder; ties to the earlier interest). */
function shares(weights: readonly number[], limit: number): number[] {
  const total = weights.reduce((s, w) => s + w, 0) || 1;
  const exact = weights.map((w) => (w / total) * limit);
  const slots = exact.map(Math.floor);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  let left = limit - slots.reduce((s, n) => s + n, 0);
  for (const [, i] of order) {
    if (left-- <= 0) break;
    slots[i]!++;
  }
  return slots;
}

/** The k best documents by score (ties: lower document first), kept sorted; k is small. */
class TopK {
  readonly #items: { doc: number; score: number }[] = [];
  constructor(readonly k: number) {}
  offer(doc: number, score: number): void {
    const items = this.#items;
    if (items.length === this.k && score <= items[items.length - 1]!.score) return;
    let i = items.length;
    while (i > 0 && items[i - 1]!.score < score) i--;
    items.splice(i, 0, { doc, score });
    if (items.length > this.k) items.pop();
  }
  sorted(): { doc: number; score: number }[] {
    return this.#items;
  }
}
