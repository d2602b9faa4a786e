// Spellings a query term may stand for besides its own: terms the index
// holds that the user probably meant. minisearch's fuzzy matching is
// Levenshtein distance, which counts a swap of two neighbouring letters
// ("modle" for "model", "trasnformer") as two edits, too many for a
// five-letter word; so an unknown word's adjacent transpositions that the
// index holds are searched as well, weighted like a one-edit typo. Each
// variant remembers the query term it stands for, so ranking counts it as
// that term matched (through a typo), never as a separate word.

/** A term searched on behalf of a query term. */
export interface TermVariant {
  /** The term searched, as the index holds it. */
  term: string;
  /** The query term it stands for. */
  of: string;
  /** Its weight relative to an exact match of the query term (minisearch's fuzzy weight for one edit). */
  weight: number;
}

/** Words shorter than this get no transposition variants: "gan"/"gna" would be noise. */
const MIN_LENGTH = 4;
/** minisearch's default fuzzy weight. */
const FUZZY_WEIGHT = 0.45;

/**
 * The adjacent transpositions of each unknown query term that `known` holds.
 * Terms the index holds are what the user meant and get none.
 */
export function transpositionVariants(terms: readonly string[], known: (term: string) => boolean): TermVariant[] {
  const variants: TermVariant[] = [];
  const seen = new Set(terms);
  for (const term of terms) {
    if (term.length < MIN_LENGTH || known(term)) continue;
    const chars = [...term];
    for (let i = 0; i + 1 < chars.length; i++) {
      if (chars[i] === chars[i + 1]) continue;
      const swapped = [...chars];
      [swapped[i], swapped[i + 1]] = [swapped[i + 1]!, swapped[i]!];
      const candidate = swapped.join('');
      if (seen.has(candidate) || !known(candidate)) continue;
      seen.add(candidate);
      variants.push({ term: candidate, of: term, weight: (FUZZY_WEIGHT * candidate.length) / (candidate.length + 1) });
    }
  }
  return variants;
}
