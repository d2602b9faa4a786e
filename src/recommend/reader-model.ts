import { cosine, type DocVectors } from './doc-vectors.js';

// One reader's model: their signalled papers grouped into interests, and per
// interest a logistic regression over the tf-idf vectors (that interest's
// papers against a fixed sample of the library's other papers and the
// reader's other interests). One centroid, or one model for everything, lets
// the reader's most distinctive interest take every slot; a model per
// interest keeps splatting and speech apart, and the ranking then gives each
// interest its share of the list (see rank()).

/** Papers of the library each interest's model is trained against. */
export const NEGATIVE_SAMPLE = 3000;
/** At most this many interests are kept apart; beyond it the closest merge. */
export const MAX_INTERESTS = 4;
/** Two groups of papers are one interest when their average cosine is at least this. */
export const SAME_INTEREST = 0.06;
const EPOCHS = 12;
/** Strong regularization (as arxiv-sanity-lite's C = 0.01): six papers must not make six words the whole model. */
const L2 = 1e-2;

export interface Interest {
  /** The reader's papers in it (document numbers). */
  docs: number[];
  /** Its share of the signal (0..1). */
  share: number;
  bias: number;
}

export interface ReaderModel {
  interests: Interest[];
  /**
   * The interests' weights, term-major: term t's weight for interest c is
   * weights[t * stride + c]. Stride 1 for one interest, else 4 (MAX_INTERESTS),
   * so ranking reads one cache line per term for all interests.
   */
  weights: Float32Array;
  stride: 1 | 4;
  /** Every signalled document. */
  positives: Set<number>;
}

/** The model's score (logit) of document d for interest c. */
export function interestLogit(v: DocVectors, model: ReaderModel, c: number, d: number): number {
  let z = model.interests[c]!.bias;
  const end = v.offsets[d + 1]!;
  for (let i = v.offsets[d]!; i < end; i++) z += model.weights[v.terms[i]! * model.stride + c]! * v.weights[i]!;
  return z;
}

/**
 * Groups the documents by average-linkage clustering on cosine: merges the
 * two closest groups while they are alike (>= SAME_INTEREST) or while there
 * are more than MAX_INTERESTS. Deterministic: ties break by position.
 */
export function groupInterests(v: DocVectors, docs: readonly number[]): number[][] {
  const groups = docs.map((d) => [d]);
  const sim = (a: number[], b: number[]) => {
    let s = 0;
    for (const x of a) for (const y of b) s += cosine(v, x, y);
    return s / (a.length * b.length);
  };
  // n is the reader's signal count (tens); quadratic work per merge is fine.
  for (;;) {
    let best = -1;
    let bi = -1;
    let bj = -1;
    for (let i = 0; i < groups.length; i++) {
      for (let j = i + 1; j < groups.length; j++) {
        const s = sim(groups[i]!, groups[j]!);
        if (s > best) [best, bi, bj] = [s, i, j];
      }
    }
    if (bi < 0) return groups;
    if (best < SAME_INTEREST && groups.length <= MAX_INTERESTS) {
      // A lone paper among several is no interest of its own: it joins the group it is most like.
      const lone = docs.length >= 4 ? groups.findIndex((g) => g.length === 1) : -1;
      if (lone < 0) return groups;
      let to = -1;
      let toSim = -Infinity;
      groups.forEach((g, i) => {
        if (i === lone) return;
        const s = sim(groups[lone]!, g);
        if (s > toSim) [toSim, to] = [s, i];
      });
      [bi, bj] = lone < to ? [lone, to] : [to, lone];
    }
    groups[bi] = [...groups[bi]!, ...groups[bj]!];
    groups.splice(bj, 1);
  }
}

/** A fixed, evenly spread sample of documents (the same for every reader of one library version). */
export function negativeSample(v: DocVectors): Int32Array {
  const n = v.ids.length;
  const k = Math.min(n, NEGATIVE_SAMPLE);
  const out = new Int32Array(k);
  for (let i = 0; i < k; i++) out[i] = Math.floor(((i + 0.5) * n) / k);
  return out;
}

/** Trains the reader's model from their signalled documents. */
export function trainReader(v: DocVectors, docs: readonly number[], negatives: Int32Array): ReaderModel {
  const positives = new Set(docs);
  const groups = groupInterests(v, [...positives]);
  const stride = groups.length === 1 ? 1 : 4;
  const weights = new Float32Array(v.vocabularySize * stride);
  const scratch = new Float32Array(v.vocabularySize);
  const interests = groups.map((group, c) => {
    const others = [...positives].filter((d) => !group.includes(d));
    const neg = [...Array.from(negatives).filter((d) => !positives.has(d)), ...others];
    scratch.fill(0);
    const bias = logistic(v, group, neg, scratch);
    for (let t = 0; t < scratch.length; t++) weights[t * stride + c] = scratch[t]!;
    return { docs: group, share: group.length / positives.size, bias };
  });
  return { interests, weights, stride, positives };
}

/**
 * L2-regularized logistic regression by SGD over sparse rows, classes
 * balanced (each positive counts as many negatives), a fixed deterministic
 * visiting order; trains into `w` (zeroed) and returns the bias. Small and fast: a few positives against a few thousand
 * negatives, a dozen epochs.
 */
function logistic(v: DocVectors, pos: readonly number[], neg: readonly number[], w: Float32Array): number {
  let bias = 0;
  const posWeight = neg.length / Math.max(1, pos.length);
  const rows: number[] = [];
  const labels: number[] = [];
  // Interleave positives through the negatives so every stretch of an epoch sees some.
  const every = Math.max(1, Math.floor(neg.length / Math.max(1, pos.length * 4)));
  let p = 0;
  for (let i = 0; i < neg.length; i++) {
    if (i % every === 0) {
      rows.push(pos[p % pos.length]!);
      labels.push(1);
      p++;
    }
    rows.push(neg[i]!);
    labels.push(0);
  }
  const perPos = posWeight * (pos.length / Math.max(1, p));
  const { offsets, terms, weights: x } = v;
  let scale = 1; // w is stored as scale * w, so L2 decay costs O(1) a step
  let t = 0;
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    for (let r = 0; r < rows.length; r++) {
      const d = rows[r]!;
      const y = labels[r]!;
      const lr = 0.5 / (1 + 0.02 * t++);
      const start = offsets[d]!;
      const end = offsets[d + 1]!;
      let dot = 0;
      for (let i = start; i < end; i++) dot += w[terms[i]!]! * x[i]!;
      const z = bias + scale * dot;
      const g = (1 / (1 + Math.exp(-z)) - y) * (y === 1 ? perPos : 1);
      scale *= 1 - lr * L2;
      const step = (lr * g) / scale;
      for (let i = start; i < end; i++) w[terms[i]!]! -= step * x[i]!;
      bias -= lr * g * 0.1;
      if (scale < 1e-9) {
        for (let i = 0; i < w.length; i++) w[i]! *= scale;
        scale = 1;
      }
    }
  }
  for (let i = 0; i < w.length; i++) w[i]! *= scale;
  return bias;
}
