// Typo expansion over the vocabulary: every indexed term within an edit
// distance of a query term. minisearch's SearchableMap.fuzzyGet did this by
// walking its radix tree of Maps, building each visited prefix as a string
// and iterating a Map per node; at 50k papers that walk was a quarter of all
// command CPU and most of "did you mean". This is the same walk over the same
// tree, flattened into typed arrays: one entry per edge or leaf in the tree's
// pre-order, an edge pointing past its subtree so a pruned branch is skipped
// by one assignment, the edges' text in one Uint16Array (UTF-16 code units,
// as minisearch compares them), and the Levenshtein rows kept in a band of
// 2d+3 cells per row instead of a full matrix.
//
// Why the results are identical to fuzzyGet's (test/library/typo-trie.test.ts
// compares them on whole vocabularies):
// - the set: fuzzyGet reports exactly the terms whose Levenshtein distance is
//   at most d (its banded rows are exact up to d, and it prunes only rows
//   whose minimum is over d); so does this walk;
// - the distances: the same dynamic program, values capped at d+1;
// - the order: fuzzyGet reports in the tree's pre-order, a node's keys in
//   the Map's insertion order, the leaf among them where the Map has it; the
//   entries here are laid out in that same order.
// The flattened copy is made from the tree when first needed and again after
// the tree changed (new terms), so a start pays nothing for it.

/** minisearch's radix tree node: edge -> child node, and '' -> the term id at this node. */
export type TreeNode = Map<string, TreeNode | number>;
const LEAF = '';

export class TypoTrie {
  /** Per entry: the edge's length in code units, or 0 for a leaf. */
  readonly #length: Int32Array;
  /** Per entry: where the edge's text starts in {@link #chars}, or the leaf's term id. */
  readonly #value: Int32Array;
  /** Per edge entry: the entry after its subtree (where a pruned walk goes on). */
  readonly #skip: Int32Array;
  /** Per entry: the length of the prefix above it (the Levenshtein row it starts after). */
  readonly #depth: Int32Array;
  readonly #chars: Uint16Array;
  readonly #count: number;

  private constructor(length: Int32Array, value: Int32Array, skip: Int32Array, depth: Int32Array, chars: Uint16Array, count: number) {
    this.#length = length;
    this.#value = value;
    this.#skip = skip;
    this.#depth = depth;
    this.#chars = chars;
    this.#count = count;
  }

  /** Flattens minisearch's tree (its root node), keeping its pre-order and key order. */
  static from(root: TreeNode): TypoTrie {
    // Count entries and characters first, so the arrays are allocated once at their size.
    let count = 0;
    let chars = 0;
    const pending: TreeNode[] = [root];
    while (pending.length > 0) {
      const node = pending.pop()!;
      for (const [key, child] of node) {
        count++;
        if (key !== LEAF) {
          chars += key.length;
          pending.push(child as TreeNode);
        }
      }
    }
    const length = new Int32Array(count);
    const value = new Int32Array(count);
    const skip = new Int32Array(count);
    const depth = new Int32Array(count);
    const text = new Uint16Array(chars);
    let at = 0;
    let textAt = 0;
    // An explicit stack of key iterators (a deep tree must not overflow the call stack).
    const stack: { keys: Iterator<[string, TreeNode | number]>; depth: number; edge: number }[] = [{ keys: root.entries(), depth: 0, edge: -1 }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const next = top.keys.next();
      if (next.done) {
        if (top.edge >= 0) skip[top.edge] = at;
        stack.pop();
        continue;
      }
      const [key, child] = next.value;
      depth[at] = top.depth;
      if (key === LEAF) {
        value[at++] = child as number;
        continue;
      }
      length[at] = key.length;
      value[at] = textAt;
      for (let i = 0; i < key.length; i++) text[textAt++] = key.charCodeAt(i);
      stack.push({ keys: (child as TreeNode).entries(), depth: top.depth + key.length, edge: at++ });
    }
    return new TypoTrie(length, value, skip, depth, text, count);
  }

  /** Bytes held by the arrays (for the bench and the memory budget). */
  get byteLength(): number {
    return this.#length.byteLength + this.#value.byteLength + this.#skip.byteLength + this.#depth.byteLength + this.#chars.byteLength;
  }

  /**
   * Terms within `maxDistance` edits (Levenshtein, over UTF-16 code units) of
   * `query`: term -> [id, distance], in minisearch's fuzzyGet order.
   */
  near(query: string, maxDistance: number): Map<string, [number, number]> {
    const found = new Map<string, [number, number]>();
    const d = Math.max(0, Math.floor(maxDistance));
    const q = query.length;
    const cap = d + 1;
    // Row i keeps the columns j in [i-d-1, i+d+1] at i*width + (j - i + d + 1); the outermost two stay
    // at d+1 (out of band), as in minisearch's matrix, whose out-of-band cells are never written.
    const width = 2 * d + 3;
    const rows = q + d + 1;
    const band = new Uint8Array(rows * width).fill(cap);
    for (let j = 0; j <= Math.min(q, d); j++) band[j + d + 1] = j;
    for (let i = 1; i <= d && i < rows; i++) band[i * width + d + 1 - i] = i;
    const codes = new Uint16Array(q);
    for (let j = 0; j < q; j++) codes[j] = query.charCodeAt(j);
    // The term's text along the walk, by row, built into a string only for a term found.
    const path = new Uint16Array(rows);
    const length = this.#length;
    const value = this.#value;
    const skip = this.#skip;
    const depthOf = this.#depth;
    const chars = this.#chars;
    const count = this.#count;
    let e = 0;
    while (e < count) {
      const depth = depthOf[e]!;
      const k = length[e]!;
      if (k === 0) {
        // A leaf: the term is the prefix above it, its distance the last column of its row.
        if (depth >= q - d && depth <= q + d) {
          const distance = band[depth * width + q - depth + d + 1]!;
          if (distance <= d) found.set(textOf(path, depth), [value[e]!, distance]);
        }
        e++;
        continue;
      }
      const start = value[e]!;
      let pruned = false;
      for (let p = 0; p < k; p++) {
        const i = depth + p + 1;
        if (i >= rows) {
          pruned = true;
          break;
        }
        const c = chars[start + p]!;
        path[i - 1] = c;
        const row = i * width;
        const above = row - width;
        const lo = i - d > 1 ? i - d : 1;
        const hi = i + d < q ? i + d : q;
        let min = i <= d ? i : cap;
        for (let j = lo; j <= hi; j++) {
          const at = j - i + d + 1;
          // D[i-1][j-1] sits at the same offset in the row above; D[i-1][j] one further; D[i][j-1] one before.
          let v = band[above + at]! + (c === codes[j - 1] ? 0 : 1);
          const del = band[above + at + 1]! + 1;
          if (del < v) v = del;
          const ins = band[row + at - 1]! + 1;
          if (ins < v) v = ins;
          if (v > cap) v = cap;
          band[row + at] = v;
          if (v < min) min = v;
        }
        if (min > d) {
          pruned = true;
          break;
        }
      }
      e = pruned ? skip[e]! : e + 1;
    }
    return found;
  }
}

/** The first `n` code units of `path` as a string (in chunks: a spread of a long array would overflow the stack). */
function textOf(path: Uint16Array, n: number): string {
  if (n <= 1024) return String.fromCharCode(...path.subarray(0, n));
  let s = '';
  for (let i = 0; i < n; i += 1024) s += String.fromCharCode(...path.subarray(i, Math.min(n, i + 1024)));
  return s;
}
