// The index's vocabulary: every term ever indexed, numbered in the order it
// was first seen. minisearch's own radix tree (`SearchableMap`) answers the
// lookups it is good at (exact, word start, typo within an edit distance), so
// word-start and typo expansion is exactly minisearch's. Terms are inserted in
// first-seen order, as minisearch inserts them while indexing, so the tree has
// the same shape and its expansions come out in the same order: ties between
// equal scores then break the same way as in minisearch.

import SearchableMap from 'minisearch/SearchableMap';

export class Vocabulary {
  readonly #ids = new SearchableMap<number>();
  readonly #terms: string[] = [];

  /** Builds a vocabulary from terms in id order (as a file stores them). */
  static from(terms: readonly string[]): Vocabulary {
    const vocabulary = new Vocabulary();
    for (const term of terms) vocabulary.intern(term);
    return vocabulary;
  }

  /** Number of distinct terms. */
  get size(): number {
    return this.#terms.length;
  }

  /** The id of `term`, or undefined if it was never indexed. */
  id(term: string): number | undefined {
    return this.#ids.get(term);
  }

  /** The term with id `id`. */
  term(id: number): string {
    return this.#terms[id]!;
  }

  /** Every term in id order. */
  terms(): readonly string[] {
    return this.#terms;
  }

  /** The id of `term`, numbering it if it is new. */
  intern(term: string): number {
    const known = this.#ids.get(term);
    if (known !== undefined) return known;
    const id = this.#terms.length;
    this.#terms.push(term);
    this.#ids.set(term, id);
    return id;
  }

  /** Terms starting with `prefix` (the prefix itself included, if indexed), in minisearch's order. */
  withPrefix(prefix: string): IterableIterator<[string, number]> {
    return this.#ids.atPrefix(prefix).entries();
  }

  /** Terms within `maxDistance` edits of `term`: term -> [id, distance], in minisearch's order. */
  near(term: string, maxDistance: number): Map<string, [number, number]> {
    return this.#ids.fuzzyGet(term, maxDistance);
  }
}
