import { z } from 'zod';
import curated from './data/ml-acronyms.json' with { type: 'json' };
import { queryTerms } from './text-terms.js';

// Acronyms and their expansions, both ways: a query's acronym also finds
// papers that only spell it out ("MCTS" -> "Monte Carlo Tree Search"), and a
// query's expansion also finds papers that only use the acronym ("mixture of
// experts" -> "MoE"). Pairs come from a small curated table (data/ml-acronyms.json,
// source stated there) and from the library's own text, learned as papers are
// indexed: a long form followed by its short form in parentheses, matched by
// Schwartz and Hearst's algorithm (PSB 2003). Ambiguous acronyms keep every
// expansion. Everything is kept as processed terms, as the index holds them.

const CuratedSchema = z.object({ source: z.string(), acronyms: z.record(z.string(), z.array(z.string()).min(1)) });

/** An acronym's expansion as index terms (stopwords dropped): "mixture of experts" -> ["mixture", "expert"]. */
export type Expansion = readonly string[];

/** An acronym shorter than this is searched for its expansions, but an expansion does not search it: two letters mean too many things. */
const MIN_STANDS_FOR = 3;
/** The longest acronym we learn or expand, in letters. */
const MAX_ACRONYM = 10;
/** A short form in parentheses: 2-10 characters, with a letter, starting with a letter or digit. */
const SHORT_FORM = /\(([A-Za-z0-9][A-Za-z0-9-]{1,9})\)/g;

export class AcronymTable {
  /** acronym term -> expansion key (terms joined by a space) -> expansion. */
  readonly #expansions = new Map<string, Map<string, Expansion>>();
  /** expansion key -> acronym terms. */
  readonly #acronyms = new Map<string, Set<string>>();
  /** Pairs learned from the library's text, in the order learned (what the index file keeps). */
  readonly #learned: [string, Expansion][] = [];
  /** How many expansions one acronym may have: a cap against noisy text. */
  readonly #maxExpansions: number;
  #longest = 0;

  constructor(opts: { curated?: boolean; maxExpansions?: number } = {}) {
    this.#maxExpansions = opts.maxExpansions ?? 4;
    if (opts.curated ?? true) {
      for (const [acronym, expansions] of Object.entries(CuratedSchema.parse(curated).acronyms)) {
        for (const e of expansions) this.add(acronym, e);
      }
    }
  }

  /** Adds a pair, as written ("MoE", "Mixture of Experts"). Returns false if either side has no terms or the pair is known. */
  add(acronym: string, longForm: string): boolean {
    const [short] = queryTerms(acronym);
    return short !== undefined && this.#addTerms(short, queryTerms(longForm));
  }

  /** Adds a pair given as index terms; false if unusable, known, or past the cap. */
  #addTerms(short: string, terms: Expansion): boolean {
    if (terms.length < 2 || terms.includes(short)) return false;
    const key = terms.join(' ');
    const known = this.#expansions.get(short) ?? new Map<string, Expansion>();
    if (known.has(key) || known.size >= this.#maxExpansions) return false;
    known.set(key, terms);
    this.#expansions.set(short, known);
    const acronyms = this.#acronyms.get(key) ?? new Set<string>();
    acronyms.add(short);
    this.#acronyms.set(key, acronyms);
    this.#longest = Math.max(this.#longest, terms.length);
    return true;
  }

  /** Learns every new "Long Form (LF)" pair of a text (a title or an abstract). Returns how many. */
  learn(text: string): number {
    let learned = 0;
    for (const m of text.matchAll(SHORT_FORM)) {
      const short = m[1]!.replace(/(?<=[A-Z])s$/, ''); // "(SAEs)" names "SAE"
      // An acronym has a capital letter: "(MoE)", "(LoRA)", "(3DGS)"; not "(2020)" or "(see below)".
      if (!/[A-Z]/.test(short)) continue;
      const letters = short.replace(/[^A-Za-z0-9]/g, '');
      if (letters.length < 2 || letters.length > MAX_ACRONYM) continue;
      const before = text.slice(0, m.index).split(/\s+/).filter(Boolean);
      const window = before.slice(-Math.min(letters.length + 5, letters.length * 2)).join(' ');
      const longForm = bestLongForm(letters, window);
      if (longForm === undefined) continue;
      const shortTerms = queryTerms(short);
      const terms = queryTerms(longForm);
      // One term ("SC-MIL" is two: not a pair a query word can stand for), and every word of the long
      // form starts with one of its letters: Schwartz and Hearst's match alone takes "Automated search
      // for compact, better performing models (AutoML)".
      const term = shortTerms.length === 1 ? shortTerms[0]! : undefined;
      if (term === undefined || !terms.every((t) => letters.toLowerCase().includes(t.replace(/^[^\p{L}\p{N}]+/u, '')[0] ?? ''))) continue;
      if (this.#addTerms(term, terms)) {
        this.#learned.push([term, terms]);
        learned++;
      }
    }
    return learned;
  }

  /** The pairs learned from text (not the curated ones), as index terms, to store with the index (not a copy). */
  learned(): readonly (readonly [string, Expansion])[] {
    return this.#learned;
  }

  /** Takes back pairs {@link learned} returned (from the index file). */
  restore(pairs: readonly (readonly [string, readonly string[]])[]): void {
    for (const [a, e] of pairs) if (this.#addTerms(a, e)) this.#learned.push([a, e]);
  }

  /** The expansions of an acronym term (none if it is not one). */
  expansionsOf(term: string): Expansion[] {
    return [...(this.#expansions.get(term)?.values() ?? [])];
  }

  /**
   * Whether a paper that writes the acronym surely means its one expansion:
   * three letters or more, and one expansion known. Only then does a query's
   * expansion search the acronym: "mean absolute error" must not find papers
   * on masked autoencoders (MAE), nor "semantic calibration" every "SC".
   */
  standsFor(acronym: string): boolean {
    return acronym.length >= MIN_STANDS_FOR && this.#expansions.get(acronym)?.size === 1;
  }

  /** The acronyms of an expansion given as terms. */
  acronymsOf(terms: readonly string[]): string[] {
    return [...(this.#acronyms.get(terms.join(' ')) ?? [])];
  }

  /** The longest expansion known, in terms (bounds the search for expansions in a query). */
  get longestExpansion(): number {
    return this.#longest;
  }
}

/**
 * Schwartz and Hearst's long-form match: walking both strings from the end,
 * each character of the short form must appear in the long form, in order,
 * and the first must start a word. Returns the shortest such long form, or
 * undefined.
 */
export function bestLongForm(short: string, candidate: string): string | undefined {
  const s = short.toLowerCase();
  const l = candidate.toLowerCase();
  let si = s.length - 1;
  let li = l.length - 1;
  while (si >= 0) {
    const c = s[si]!;
    if (!/[a-z0-9]/.test(c)) {
      si--;
      continue;
    }
    while (li >= 0 && (l[li] !== c || (si === 0 && li > 0 && /[a-z0-9]/.test(l[li - 1]!)))) li--;
    if (li < 0) return undefined;
    li--;
    si--;
  }
  const start = l.lastIndexOf(' ', li) + 1;
  const longForm = candidate.slice(start).trim();
  // The long form must be longer than the short one and more than one word ("Mixture-of-Experts" is three).
  return longForm.length > short.length && /[\s-]/.test(longForm) ? longForm : undefined;
}

/** A query word's acronym variant: an expansion (all its terms must match) or an acronym, standing for query terms. */
export interface AcronymVariant {
  /** The terms searched; all must match a paper for the variant to count. */
  terms: readonly string[];
  /** The query terms it stands for (one acronym, or the words of an expansion). */
  of: readonly string[];
}

/** The acronym variants of a query's terms, both ways. */
export function acronymVariants(table: AcronymTable, terms: readonly string[]): AcronymVariant[] {
  const variants: AcronymVariant[] = [];
  const seen = new Set<string>();
  const push = (v: AcronymVariant) => {
    const key = `${v.terms.join(' ')}>${v.of.join(' ')}`;
    if (seen.has(key)) return;
    seen.add(key);
    variants.push(v);
  };
  for (const term of terms) for (const e of table.expansionsOf(term)) push({ terms: e, of: [term] });
  const longest = Math.min(table.longestExpansion, terms.length);
  for (let len = 2; len <= longest; len++) {
    for (let i = 0; i + len <= terms.length; i++) {
      const run = terms.slice(i, i + len);
      for (const a of table.acronymsOf(run)) if (!terms.includes(a) && table.standsFor(a)) push({ terms: [a], of: run });
    }
  }
  return variants;
}
