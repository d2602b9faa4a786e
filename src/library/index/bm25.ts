// minisearch's scoring constants, copied so the compact index scores exactly
// as minisearch 7.2.0 does (the parity test compares first pages). The
// package version is pinned in package.json for that reason: a minisearch
// that changes these would make the reference and this index disagree.

/** BM25+ parameters: term frequency saturation, length normalization, lower bound (minisearch's defaults). */
export const BM25_K = 1.2;
export const BM25_B = 0.7;
export const BM25_D = 0.5;
/** Weight of a word-start match at distance 0 (minisearch's `weights.prefix`). */
export const PREFIX_WEIGHT = 0.375;
/** Weight of a typo match at distance 0 (minisearch's `weights.fuzzy`). */
export const FUZZY_WEIGHT = 0.45;

/** minisearch's inverse document frequency: `matching` of `total` documents hold the term. */
export function inverseDocFrequency(matching: number, total: number): number {
  return Math.log(1 + (total - matching + 0.5) / (matching + 0.5));
}
