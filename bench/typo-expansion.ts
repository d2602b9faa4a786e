// `npx tsx bench/typo-expansion.ts`: typo expansion over the vocabulary of a
// generated archive, minisearch's walk over its tree of Maps against the
// flattened walk (typo-trie.ts) that replaced it, on the bench's typo and
// no-match words with search's and "did you mean"'s edit distances. Checks
// that both give the same terms, distances and order; prints the times.
// BENCH_SIZES (default 10000,50000) picks the archive sizes.

import { generateCorpus } from './corpus.js';
import { makeQueries } from './queries.js';
import { editsFor } from '../src/library/index/query-plan.js';
import { Vocabulary } from '../src/library/index/vocabulary.js';
import { queryTerms, processTerm, tokenize } from '../src/library/text-terms.js';
import { ms, percentile } from './stats.js';

const SIZES = (process.env.BENCH_SIZES ?? '10000,50000').split(',').map(Number);

for (const size of SIZES) {
  const papers = generateCorpus(size).flatMap((d) => d.papers);
  const vocabulary = Vocabulary.empty();
  for (const p of papers) for (const text of [p.title, p.abstract]) for (const t of tokenize(text)) {
    const term = processTerm(t);
    if (term !== null) vocabulary.intern(term);
  }
  const words = makeQueries(papers, 400).filter((q) => q.kind === 'typo' || q.kind === 'no match').flatMap((q) => queryTerms(q.text.replaceAll('"', '')));
  // Search's distances (from 5 letters) and "did you mean"'s (from 3), as search-plans.ts asks them.
  const asks = words.flatMap((w) => [editsFor(w, w.length >= 5 ? 0.2 : false, 2), editsFor(w, w.length >= 3 ? 0.34 : false, 3)].filter((d) => d > 0).map((d) => [w, d] as const));
  // The first expansion flattens the tree: its time less a second one's is the build.
  let started = performance.now();
  vocabulary.near('warmup', 1);
  const firstMs = performance.now() - started;
  vocabulary.forgetExpansions();
  started = performance.now();
  vocabulary.near('warmup', 1);
  const buildMs = firstMs - (performance.now() - started);
  let differences = 0;
  // Each expansion's best of 5 rounds: the machine is shared, and a preempted round says nothing of the walk.
  const time = (f: (w: string, d: number) => unknown) => asks.map(([w, d]) => {
    let best = Infinity;
    for (let round = 0; round < 5; round++) {
      const started = performance.now();
      f(w, d);
      best = Math.min(best, performance.now() - started);
    }
    return best;
  });
  for (const [w, d] of asks) {
    vocabulary.forgetExpansions();
    if (JSON.stringify([...vocabulary.near(w, d)]) !== JSON.stringify([...vocabulary.nearByTree(w, d)])) differences++;
  }
  time((w, d) => vocabulary.nearByTree(w, d));
  time((w, d) => (vocabulary.forgetExpansions(), vocabulary.near(w, d)));
  const tree = time((w, d) => vocabulary.nearByTree(w, d));
  const flat = time((w, d) => (vocabulary.forgetExpansions(), vocabulary.near(w, d)));
  if (process.env.SLOWEST) for (const i of flat.map((_, i) => i).sort((a, b) => flat[b]! - flat[a]!).slice(0, 8)) console.log(`  ${asks[i]![0]} d=${asks[i]![1]}: tree ${ms(tree[i]!)}, flat ${ms(flat[i]!)}, ${vocabulary.near(asks[i]![0], asks[i]![1]).size} terms`);
  const line = (xs: number[]) => `p50 ${ms(percentile(xs, 50))} / p99 ${ms(percentile(xs, 99))} / total ${ms(xs.reduce((a, b) => a + b, 0))}`;
  console.log(`${size.toLocaleString('en-US')} papers, ${vocabulary.size.toLocaleString('en-US')} terms, ${asks.length} expansions (${differences} different)`);
  console.log(`  minisearch's tree walk: ${line(tree)}`);
  console.log(`  flattened walk:         ${line(flat)}; built in ${ms(buildMs)}, ${(vocabulary.typoBytes / 1e6).toFixed(1)} MB`);
}
