import type { Paper } from '../library/paper.js';
import { buildDocVectors, buildDocVectorsSteps, cosine, dayNumber, vectorBytes, type DocVectors } from './doc-vectors.js';
import { interestLogit, negativeSample, trainReader, type ReaderModel } from './reader-model.js';

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
  /**
   * Builds the vectors of the current library version now, in slices that
   * give the event loop back (a build takes about a second at 10k papers).
   * Call it at start and after an ingest so no reader's `foryou` waits for
   * the build; while it runs, recommend() answers from the previous version's
   * vectors if there are any. Resolves when done (at once if up to date).
   */
  prepare(): Promise<RecommenderStats>;
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
const MAX_BOOST = 1 + FRESHNESS + POPULARITY;
/** Reader models kept (keyed by their set of signalled papers): 4 bytes x 4 x vocabulary each, 1.3 MB at 50k papers. */
const CACHE_SIZE = 8;
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
  let preparing: Promise<RecommenderStats> | undefined;
  /** Bumped by invalidate(), so a build started before it is not adopted. */
  let generation = 0;
  const models = new Map<string, ReaderModel>();

  const adopt = (vectors: DocVectors, buildMs: number, version: string | number | undefined): Built => {
    models.clear();
    built = { vectors, negatives: negativeSample(vectors), buildMs, version };
    return built;
  };
  const fresh = (version: string | number | undefined) => built !== undefined && (version === undefined || version === built.version);

  const current = (): Built => {
    const version = corpus.version?.();
    if (fresh(version)) return built!;
    // A build under way in prepare(): answer from the previous version meanwhile.
    if (preparing && built) return built;
    const start = performance.now();
    return adopt(buildDocVectors(corpus.papers()), performance.now() - start, version);
  };

  const stats = (): RecommenderStats => {
    const b = current();
    return {
      papers: b.vectors.ids.length,
      vocabulary: b.vectors.vocabularySize,
      vectorBytes: vectorBytes(b.vectors),
      buildMs: b.buildMs,
      cachedReaders: models.size,
    };
  };

  const prepare = async (): Promise<RecommenderStats> => {
    const version = corpus.version?.();
    if (fresh(version)) return stats();
    const start = performance.now();
    const started = generation;
    const steps = buildDocVectorsSteps(corpus.papers());
    let step = steps.next();
    while (!step.done) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      step = steps.next();
    }
    if (started === generation) adopt(step.value, performance.now() - start, version);
    return stats();
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
      if (Number.isNaN(sinceDay)) throw new Error(`recommend: since must be a day (YYYY-MM-DD), got ${JSON.stringify(opts.since)}`);
      if (Number.isNaN(opts.now.getTime())) throw new Error('recommend: now is an invalid date');
      const today = Math.floor(opts.now.getTime() / 86_400_000);
      const boost = (d: number) =>
        1 + FRESHNESS * Math.exp(-Math.max(0, today - v.day[d]!) / FRESH_DAYS) + POPULARITY * (v.maxPopularity > 0 ? v.popularity[d]! / v.maxPopularity : 0);
      const eligible = (d: number) => skip[d] === 0 && v.day[d]! >= sinceDay;
      if (docs.length === 0) return popular(v, limit, eligible, boost);
      return personal(v, modelFor(b, docs), limit, eligible, boost);
    },
    invalidate() {
      generation++;
      built = undefined;
      models.clear();
    },
    prepare() {
      preparing ??= prepare().finally(() => {
        preparing = undefined;
      });
      return preparing;
    },
    stats,
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
  const n = v.ids.length;
  const tops = model.interests.map(() => new TopK(CANDIDATES + limit));
  const { offsets, terms, weights } = v;
  // boost() is at most MAX_BOOST: a paper that cannot enter its interest's list skips it (and its exp).
  const offer = (d: number, z: number, c: number) => {
    const top = tops[c]!;
    const p = sigmoid(z);
    if (p * MAX_BOOST > top.floor) top.offer(d, p * boost(d));
  };
  if (model.stride === 1) {
    const w = model.weights;
    const bias = model.interests[0]!.bias;
    for (let d = 0; d < n; d++) {
      if (!eligible(d)) continue;
      let z = bias;
      const end = offsets[d + 1]!;
      for (let i = offsets[d]!; i < end; i++) z += w[terms[i]!]! * weights[i]!;
      offer(d, z, 0);
    }
  } else {
    // Up to four interests' weights interleaved (term-major, stride 4), so one paper's
    // terms read one cache line for all of them and the sums stay in registers.
    const w = model.weights;
    const b = [0, 1, 2, 3].map((c) => model.interests[c]?.bias ?? -Infinity);
    for (let d = 0; d < n; d++) {
      if (!eligible(d)) continue;
      let z0 = b[0]!;
      let z1 = b[1]!;
      let z2 = b[2]!;
      let z3 = b[3]!;
      const end = offsets[d + 1]!;
      for (let i = offsets[d]!; i < end; i++) {
        const base = terms[i]! << 2;
        const x = weights[i]!;
        z0 += w[base]! * x;
        z1 += w[base + 1]! * x;
        z2 += w[base + 2]! * x;
        z3 += w[base + 3]! * x;
      }
      let best = 0;
      let z = z0;
      if (z1 > z) {
        best = 1;
        z = z1;
      }
      if (z2 > z) {
        best = 2;
        z = z2;
      }
      if (z3 > z) {
        best = 3;
        z = z3;
      }
      offer(d, z, best);
    }
  }
  // Re-score each interest's candidates with their nearest saved paper, which is also the "like".
  const lists = model.interests.map((interest, c) =>
    tops[c]!
      .sorted()
      .map(({ doc }) => {
        let like = interest.docs[0]!;
        let near = -1;
        let mean = 0;
        for (const s of interest.docs) {
          const sim = cosine(v, doc, s);
          mean += sim / interest.docs.length;
          if (sim > near) [near, like] = [sim, s];
        }
        const p = sigmoid(interestLogit(v, model, c, doc));
        return { doc, like, score: (P_W * p + NEAR_W * Math.max(0, near) + MEAN_W * mean) * boost(doc) };
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

/**
 * The final relevance of a candidate: the interest model's probability, plus
 * its cosine to the nearest of the interest's papers, plus its mean cosine to
 * them (the interest's centroid: a mean cosine of 0.1 is already close).
 */
const P_W = 1;
const NEAR_W = 0.5;
const MEAN_W = 4;
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

/**
 * The k best documents by score (ties: lower document first). Kept sorted by
 * insertion while k is small (the usual 5 + candidates); a large k collects
 * everything and sorts once.
 */
class TopK {
  #items: { doc: number; score: number }[] = [];
  readonly #collect: boolean;
  constructor(readonly k: number) {
    this.#collect = k > 256;
  }
  offer(doc: number, score: number): void {
    const items = this.#items;
    if (this.#collect) {
      items.push({ doc, score });
      return;
    }
    if (items.length === this.k && score <= items[items.length - 1]!.score) return;
    let i = items.length;
    while (i > 0 && items[i - 1]!.score < score) i--;
    items.splice(i, 0, { doc, score });
    if (items.length > this.k) items.pop();
  }
  /** A score that cannot enter the list (-Infinity until it is full). */
  get floor(): number {
    return !this.#collect && this.#items.length === this.k ? this.#items[this.k - 1]!.score : -Infinity;
  }
  sorted(): { doc: number; score: number }[] {
    if (this.#collect) this.#items = this.#items.sort((a, b) => b.score - a.score || a.doc - b.doc).slice(0, this.k);
    return this.#items;
  }
}
