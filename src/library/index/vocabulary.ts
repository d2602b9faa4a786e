// The index's vocabulary: every term ever indexed, numbered in the order it
// was first seen. minisearch's own radix tree (`SearchableMap`) answers the
// lookups it is good at (exact, word start, typo within an edit distance), so
// word-start and typo expansion is exactly minisearch's. Terms are inserted in
// first-seen order, as minisearch inserts them while indexing, so the tree has
// the same shape and its expansions come out in the same order: ties between
// equal scores then break the same way as in minisearch.
//
// The index file stores the tree's shape (see `shape`), so loading rebuilds
// its nodes directly instead of inserting 78k terms one by one (280 ms at 50k
// papers; a third of a cold start). This reads minisearch's tree format (a
// Map per node, '' for the leaf), which is why package.json pins minisearch.

import SearchableMap from 'minisearch/SearchableMap';
import { TypoTrie, type TreeNode } from './typo-trie.js';

/** minisearch's radix tree node: edge -> child node, and '' -> the value at this node. */
type Node = TreeNode;
const LEAF = '';

/** The tree in the file: a walk of its nodes (key counts, leaves, edge lengths) and the edges' text. */
export interface VocabularyShape {
  /** Per node: its key count, then per key either [0, term id] (the leaf) or [length * 2 + 1] and the child. */
  walk: Uint32Array;
  /** Every edge's text, in walk order. */
  edges: string;
}

/** Expansions remembered within one query (see {@link Vocabulary.near}). */
const CACHED_EXPANSIONS = 64;

export class Vocabulary {
  readonly #tree: SearchableMap<number>;
  readonly #near = new Map<string, ReadonlyMap<string, [number, number]>>();
  /** The tree flattened for typo expansion (typo-trie.ts): made at the first typo, dropped when a term is added. */
  #typos: TypoTrie | undefined;
  #terms: string[] | undefined;
  #size: number;
  readonly #loadTerms: (() => string[]) | undefined;

  private constructor(tree: SearchableMap<number>, size: number, terms: string[] | undefined, loadTerms?: () => string[]) {
    this.#tree = tree;
    this.#size = size;
    this.#terms = terms;
    this.#loadTerms = loadTerms;
  }

  static empty(): Vocabulary {
    return new Vocabulary(new SearchableMap<number>(), 0, []);
  }

  /** A vocabulary of `terms` in id order, inserted one by one (a fold in a worker does this). */
  static from(terms: readonly string[]): Vocabulary {
    const vocabulary = Vocabulary.empty();
    for (const term of terms) vocabulary.intern(term);
    return vocabulary;
  }

  /**
   * A vocabulary from a stored tree shape; `terms` (id order) is read only if
   * a term's text by id is needed (a fold, new terms). Throws on a malformed shape.
   */
  static fromShape(shape: VocabularyShape, size: number, terms: () => string[]): Vocabulary {
    const { walk, edges } = shape;
    let at = 0;
    let text = 0;
    let leaves = 0;
    const node = (depth: number): Node => {
      if (depth > 10_000 || at >= walk.length) throw new Error('Vocabulary: a malformed tree');
      const map: Node = new Map();
      const keys = walk[at++]!;
      for (let k = 0; k < keys; k++) {
        const kind = walk[at++]!;
        if (kind === 0) {
          const id = walk[at++]!;
          if (id >= size || map.has(LEAF)) throw new Error('Vocabulary: a malformed tree');
          map.set(LEAF, id);
          leaves++;
        } else {
          const length = kind >>> 1;
          if (length === 0 || text + length > edges.length) throw new Error('Vocabulary: a malformed tree');
          const edge = edges.slice(text, (text += length));
          map.set(edge, node(depth + 1));
        }
      }
      return map;
    };
    const root = walk.length === 0 ? new Map() : node(0);
    if (at !== walk.length || text !== edges.length || leaves !== size) throw new Error(`Vocabulary: the tree holds ${leaves} terms, expected ${size}`);
    return new Vocabulary(new SearchableMap<number>(root as never), size, undefined, terms);
  }

  /** Number of distinct terms. */
  get size(): number {
    return this.#size;
  }

  /** The id of `term`, or undefined if it was never indexed. */
  id(term: string): number | undefined {
    return this.#tree.get(term);
  }

  /** Every term in id order. */
  terms(): readonly string[] {
    this.#terms ??= this.#loadTerms!();
    return this.#terms;
  }

  /** The terms numbered from `start` on (without reading the stored terms when there are none). */
  termsFrom(start: number): readonly string[] {
    if (start >= this.#size) return [];
    return this.terms().slice(start);
  }

  /** The id of `term`, numbering it if it is new. */
  intern(term: string): number {
    const known = this.#tree.get(term);
    if (known !== undefined) return known;
    const terms = this.terms() as string[];
    const id = this.#size++;
    terms.push(term);
    this.#tree.set(term, id);
    this.#near.clear();
    this.#typos = undefined;
    return id;
  }

  /** Terms starting with `prefix` (the prefix itself included, if indexed), in minisearch's order. */
  withPrefix(prefix: string): [string, number][] {
    const found: [string, number][] = [];
    this.forEachWithPrefix(prefix, (id, _length, text) => found.push([text(), id]));
    return found;
  }

  /**
   * Visits the terms starting with `prefix` as minisearch's `atPrefix(...)
   * .entries()` lists them, without its cost: its iterator builds every
   * term's text and an entry for it, most of what a search allocated (the
   * garbage that made memory creep in the bench's soak). Here a term's text
   * is built only when `text` is called. minisearch finds the subtree; the
   * walk takes each node's keys from last to first, as its TreeIterator does.
   */
  forEachWithPrefix(prefix: string, visit: (id: number, length: number, text: () => string) => void): void {
    const subtree = this.#tree.atPrefix(prefix);
    const base = subtree._prefix;
    const path: string[] = [];
    const text = () => base + path.join('');
    const walk = (node: Node, length: number) => {
      const keys = [...node.keys()];
      for (let k = keys.length - 1; k >= 0; k--) {
        const key = keys[k]!;
        if (key === LEAF) visit(node.get(LEAF) as number, length, text);
        else {
          path.push(key);
          walk(node.get(key) as Node, length + key.length);
          path.pop();
        }
      }
    };
    walk(subtree._tree as unknown as Node, base.length);
  }

  /**
   * Terms within `maxDistance` edits of `term`: term -> [id, distance], in
   * minisearch's fuzzyGet order (the same walk over a flattened copy of the
   * tree, see typo-trie.ts). The profile of typo queries at 50k papers showed half
   * their time in this walk, asked twice per word (the title probe of an
   * unknown word, then the search): answers are kept until {@link forgetExpansions}.
   */
  near(term: string, maxDistance: number): ReadonlyMap<string, [number, number]> {
    const key = `${maxDistance}\u0000${term}`;
    let found = this.#near.get(key);
    if (!found) {
      this.#typos ??= TypoTrie.from(this.#tree._tree as unknown as Node);
      found = this.#typos.near(term, maxDistance);
      if (this.#near.size >= CACHED_EXPANSIONS) this.#near.clear();
      this.#near.set(key, found);
    }
    return found;
  }

  /** Starts a new query: expansions are computed afresh (the cache only saves repeats within one query). */
  forgetExpansions(): void {
    this.#near.clear();
  }

  /** minisearch's own typo walk over the tree (what {@link near} reproduces; for tests and the bench). */
  nearByTree(term: string, maxDistance: number): ReadonlyMap<string, [number, number]> {
    return this.#tree.fuzzyGet(term, maxDistance);
  }

  /** Bytes held by the flattened tree for typo expansion, 0 before the first typo. */
  get typoBytes(): number {
    return this.#typos?.byteLength ?? 0;
  }

  /** The tree's shape, for the index file. */
  shape(): VocabularyShape {
    const walk: number[] = [];
    const edges: string[] = [];
    const visit = (node: Node) => {
      walk.push(node.size);
      for (const [key, value] of node) {
        if (key === LEAF) walk.push(0, value as number);
        else {
          walk.push(key.length * 2 + 1);
          edges.push(key);
          visit(value as Node);
        }
      }
    };
    if (this.#size > 0) visit(this.#tree._tree as unknown as Node);
    return { walk: Uint32Array.from(walk), edges: edges.join('') };
  }
}
