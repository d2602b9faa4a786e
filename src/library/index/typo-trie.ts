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
//   whose minimum is over d); so does this walk, which prunes more but only
//   with lower bounds of the distance: a subtree whose terms are all too
//   short or too long, a query character whose letter is in no term below
//   nor above (an edit each), a row whose cells cannot reach the last column
//   within d given the lengths left. At 50k papers that cut the walk's time
//   on the bench's queries by more than half (bench/typo-expansion.ts);
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
  /** Per edge entry: the shortest and longest term below it (a walk skips what cannot come within d of the query's length). */
  readonly #shortest: Int32Array;
  readonly #longest: Int32Array;
  /** Per edge entry: the letters (see {@link letterBit}) of its text and of every edge below it. */
  readonly #letters: Int32Array;
  readonly #chars: Uint16Array;
  readonly #count: number;

  private constructor(length: Int32Array, value: Int32Array, skip: Int32Array, depth: Int32Array, shortest: Int32Array, longest: Int32Array, letters: Int32Array, chars: Uint16Array, count: number) {
    this.#length = length;
    this.#value = value;
    this.#skip = skip;
    this.#depth = depth;
    this.#shortest = shortest;
    this.#longest = longest;
    this.#letters = letters;
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
    const shortest = new Int32Array(count);
    const longest = new Int32Array(count);
    const letters = new Int32Array(count);
    const text = new Uint16Array(chars);
    let at = 0;
    let textAt = 0;
    // An explicit stack of key iterators (a deep tree must not overflow the call stack).
    type Frame = { keys: Iterator<[string, TreeNode | number]>; depth: number; edge: number; shortest: number; longest: number; letters: number };
    const stack: Frame[] = [{ keys: root.entries(), depth: 0, edge: -1, shortest: Infinity, longest: -1, letters: 0 }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const next = top.keys.next();
      if (next.done) {
        stack.pop();
        if (top.edge >= 0) {
          skip[top.edge] = at;
          shortest[top.edge] = top.shortest;
          longest[top.edge] = top.longest;
          letters[top.edge] = top.letters;
          const parent = stack[stack.length - 1]!;
          parent.letters |= top.letters;
          parent.shortest = Math.min(parent.shortest, top.shortest);
          parent.longest = Math.max(parent.longest, top.longest);
        }
        continue;
      }
      const [key, child] = next.value;
      depth[at] = top.depth;
      if (key === LEAF) {
        value[at++] = child as number;
        top.shortest = Math.min(top.shortest, top.depth);
        top.longest = Math.max(top.longest, top.depth);
        continue;
      }
      length[at] = key.length;
      value[at] = textAt;
      let own = 0;
      for (let i = 0; i < key.length; i++) {
        const c = key.charCodeAt(i);
        text[textAt++] = c;
        own |= letterBit(c);
      }
      stack.push({ keys: (child as TreeNode).entries(), depth: top.depth + key.length, edge: at++, shortest: Infinity, longest: -1, letters: own });
    }
    return new TypoTrie(length, value, skip, depth, shortest, longest, letters, text, count);
  }

  /** Bytes held by the arrays (for the bench and the memory budget). */
  get byteLength(): number {
    return this.#length.byteLength + this.#value.byteLength + this.#skip.byteLength + this.#depth.byteLength + this.#shortest.byteLength + this.#longest.byteLength + this.#letters.byteLength + this.#chars.byteLength;
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
    // How many of the query's characters fall in each letter class.
    const perLetter = new Int32Array(32);
    let queryLetters = 0;
    for (let j = 0; j < q; j++) {
      codes[j] = query.charCodeAt(j);
      const bit = letterBit(codes[j]!);
      queryLetters |= bit;
      perLetter[31 - Math.clz32(bit)]!++;
    }
    // Per row, the letters of the term's text above it.
    const above = new Int32Array(rows);
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
      // Every term below is too short or too long to come within d: skip the subtree. Below, a row is
      // pruned when no cell can reach the last column within d given the lengths left (minisearch prunes
      // on the row's minimum alone); neither ever drops a term within d, so the results are the same.
      const short = this.#shortest[e]!;
      const long = this.#longest[e]!;
      if (long < q - d || short > q + d) {
        e = skip[e]!;
        continue;
      }
      // Each query character whose letter is neither above nor anywhere below costs an edit.
      let missing = queryLetters & ~(above[depth]! | this.#letters[e]!);
      let lacking = 0;
      while (missing !== 0) {
        const b = 31 - Math.clz32(missing);
        lacking += perLetter[b]!;
        missing &= ~(1 << b);
      }
      if (lacking > d) {
        e = skip[e]!;
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
        above[i] = above[i - 1]! | letterBit(c);
        const row = i * width;
        const up = row - width;
        const lo = i - d > 1 ? i - d : 1;
        const hi = i + d < q ? i + d : q;
        // The lengths the term may still add: [short - i, long - i]; a cell at column j needs |q - j - added| more edits.
        const fewest = short - i;
        const most = long - i;
        let min = i <= d ? i + gap(q, fewest, most) : cap;
        for (let j = lo; j <= hi; j++) {
          const at = j - i + d + 1;
          // D[i-1][j-1] sits at the same offset in the row above; D[i-1][j] one further; D[i][j-1] one before.
          let v = band[up + at]! + (c === codes[j - 1] ? 0 : 1);
          const del = band[up + at + 1]! + 1;
          if (del < v) v = del;
          const ins = band[row + at - 1]! + 1;
          if (ins < v) v = ins;
          if (v > cap) v = cap;
          band[row + at] = v;
          if (v < min) {
            const left = q - j;
            const bound = v + (left < fewest ? fewest - left : left > most ? left - most : 0);
            if (bound < min) min = bound;
          }
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

/**
 * A character's letter class as one bit: a-z their own, digits one, every
 * other code unit one of five by its value. A coarse class only makes the
 * letter test above let more through, never drop a term.
 */
function letterBit(c: number): number {
  if (c >= 97 && c <= 122) return 1 << (c - 97);
  if (c >= 48 && c <= 57) return 1 << 26;
  return 1 << (27 + (c % 5));
}

/** How far `x` lies outside [from, to]. */
function gap(x: number, from: number, to: number): number {
  return x < from ? from - x : x > to ? x - to : 0;
}

/** The first `n` code units of `path` as a string (in chunks: a spread of a long array would overflow the stack). */
function textOf(path: Uint16Array, n: number): string {
  if (n <= 1024) return String.fromCharCode(...path.subarray(0, n));
  let s = '';
  for (let i = 0; i < n; i += 1024) s += String.fromCharCode(...path.subarray(i, Math.min(n, i + 1024)));
  return s;
}
