// How text becomes search terms, shared by indexing, querying and snippets so
// that all three agree on what "the same word" means.

// minisearch's own default tokenizer splits on spaces and punctuation; we use
// the same class so "GPT-2" gives "gpt" and "2", "LLaVA-HD" gives "llava", "hd".
const SPACE_OR_PUNCTUATION = /[\n\r\p{Z}\p{P}]+/u;
/** Token runs with their offsets, matching {@link tokenize}'s split. */
export const TOKEN = /[^\n\r\p{Z}\p{P}]+/gu;

// Words that match nearly every paper and so only add noise and cost.
const STOPWORDS = new Set(
  (
    'a an and are as at be by for from has have in into is it its of on or our that the their this to ' +
    'we with which via using can these those than then also both such not more most all any how what when'
  ).split(' '),
);

/** Splits text into raw tokens (minisearch's `tokenize` option). */
export function tokenize(text: string): string[] {
  return text.split(SPACE_OR_PUNCTUATION).filter(Boolean);
}

/**
 * Normalizes one token (minisearch's `processTerm` option): folds case and
 * accents, drops stopwords and stray symbols, and strips English plurals so
 * "SAEs" meets "SAE" and "autoencoders" meets "autoencoder". A light suffix
 * rule rather than a full stemmer: it must never merge unrelated words, and
 * prefix search already covers "quantiz" -> "quantization".
 */
export function processTerm(token: string): string | null {
  // Profiling showed this function dominating indexing (Unicode normalization
  // and four regexes per token, ~11M tokens at 50k papers), while text repeats
  // a small vocabulary: remember each token's term. The memo is bounded so
  // hostile input cannot grow it without limit.
  const known = MEMO.get(token);
  if (known !== undefined) return known;
  const term = processTermUncached(token);
  if (MEMO.size >= MEMO_LIMIT) MEMO.clear();
  MEMO.set(token, term);
  return term;
}

const MEMO = new Map<string, string | null>();
const MEMO_LIMIT = 500_000;

function processTermUncached(token: string): string | null {
  const term = token.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
  if (!/[\p{L}\p{N}]/u.test(term) || STOPWORDS.has(term)) return null;
  return singular(term);
}

function singular(term: string): string {
  if (term.length <= 3 || !/[a-z]s$/.test(term)) return term;
  if (term.endsWith('ies') && term.length > 4) return `${term.slice(0, -3)}y`;
  if (/(ss|us|is)$/.test(term)) return term;
  if (/(sses|xes|ches|shes)$/.test(term)) return term.slice(0, -2);
  return term.slice(0, -1);
}

/** The distinct processed terms of a query, in order. */
export function queryTerms(query: string): string[] {
  const terms: string[] = [];
  for (const token of tokenize(query)) {
    const term = processTerm(token);
    if (term && !terms.includes(term)) terms.push(term);
  }
  return terms;
}
