import SearchableMap from 'minisearch/SearchableMap';
import { describe, expect, it } from 'vitest';
import { generateCorpus } from '../../bench/corpus.js';
import { makeQueries } from '../../bench/queries.js';
import { TypoTrie, type TreeNode } from '../../src/library/index/typo-trie.js';
import { Vocabulary } from '../../src/library/index/vocabulary.js';
import { processTerm, queryTerms, tokenize } from '../../src/library/text-terms.js';

// Typo expansion must answer exactly as minisearch's fuzzyGet over the same
// tree: the same terms, distances and order (the order decides ties and "did
// you mean" phrasings). Compared on a generated archive's whole vocabulary.

/** A tree of `terms` in first-seen order, as the index inserts them. */
function treeOf(terms: Iterable<string>): SearchableMap<number> {
  const map = new SearchableMap<number>();
  let id = 0;
  for (const t of terms) if (!map.has(t)) map.set(t, id++);
  return map;
}

const corpusTerms = (papers: { title: string; abstract: string }[]) =>
  papers.flatMap((p) => [p.title, p.abstract]).flatMap((text) => tokenize(text).flatMap((t) => processTerm(t) ?? []));

/** One edit: drop, double, swap or replace a letter. */
function edit(word: string, r: number): string {
  const i = Math.floor(r * 997) % Math.max(1, word.length);
  switch (Math.floor(r * 4)) {
    case 0: return word.slice(0, i) + word.slice(i + 1);
    case 1: return word.slice(0, i) + (word[i] ?? '') + word.slice(i);
    case 2: return word.slice(0, i) + (word[i + 1] ?? '') + (word[i] ?? '') + word.slice(i + 2);
    default: return `${word.slice(0, i)}x${word.slice(i + 1)}`;
  }
}

const same = (trie: TypoTrie, tree: SearchableMap<number>, query: string, d: number) => expect([...trie.near(query, d)], `"${query}" d=${d}`).toEqual([...tree.fuzzyGet(query, d)]);

describe('typo expansion over the flattened tree', () => {
  const papers = generateCorpus(1_500).flatMap((d) => d.papers);
  const terms = corpusTerms(papers);

  it('finds what fuzzyGet finds, in its order, for the bench typos and edits of indexed words at 1 to 3 edits', () => {
    const tree = treeOf(terms);
    const trie = TypoTrie.from(tree._tree as unknown as TreeNode);
    const words = makeQueries(papers, 300).flatMap((q) => queryTerms(q.text.replaceAll('"', '')));
    const distinct = [...new Set(terms)];
    for (let k = 0; k < 300; k++) words.push(edit(edit(distinct[(k * 7919) % distinct.length]!, ((k * 0.618) % 1)), (k * 0.414) % 1));
    let found = 0;
    for (const w of words) for (const d of [1, 2, 3]) {
      same(trie, tree, w, d);
      found += trie.near(w, d).size;
    }
    expect(found).toBeGreaterThan(1_000);
  });

  it('agrees on short, empty, accented, surrogate and very long queries and terms', () => {
    const odd = ['a', 'ab', 'é', 'façade', 'naïve', '😀', '😀x', 'x😀', 'ü', 'über', 'x'.repeat(300), `${'x'.repeat(299)}y`, '3', '35', '2024'];
    const tree = treeOf([...terms.slice(0, 20_000), ...odd]);
    const trie = TypoTrie.from(tree._tree as unknown as TreeNode);
    for (const q of [...odd, '', 'fa\u00e7ad', '\ud83d', 'x'.repeat(298), 'x'.repeat(301), 'uber', '20245']) for (const d of [0, 1, 2, 3]) same(trie, tree, q, d);
  });

  it('follows the tree after new terms are added (the vocabulary flattens it again)', () => {
    const vocabulary = Vocabulary.from(terms.slice(0, 5_000));
    const probe = ['modle', 'difusion', 'trnasformer', 'quantizaton', 'zebrafish'];
    const check = () => { for (const q of probe) for (const d of [1, 2, 3]) { vocabulary.forgetExpansions(); expect([...vocabulary.near(q, d)], q).toEqual([...vocabulary.nearByTree(q, d)]); } };
    check();
    // New terms split edges of the tree (a split moves a key to the end of its node): the order changes with them.
    for (const t of ['zebrafis', 'zebrafish', 'zebrafishes', 'mode', 'modles', 'modlee', 'difusions', 'quantizatons']) vocabulary.intern(t);
    check();
    expect(vocabulary.near('zebrafish', 1).has('zebrafis')).toBe(true);
  });
});
