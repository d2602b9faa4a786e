import { processTerm, TOKEN } from './text-terms.js';

// What a paper is about, as weighted search terms, for "related papers": its
// title's words (the strongest signal, as for search), its abstract's most
// distinctive words (tf-idf: frequent in it, rare in the library), and
// Hugging Face's AI keywords when the live source gave them. Terms that most
// papers hold ("model", "learning") are left out: they would match everything
// and rank nothing.

/** A term searched for related papers, with its weight. */
export interface RelatedTerm {
  term: string;
  weight: number;
  /** Where it came from: the title's words are searched in titles too. */
  from: 'title' | 'abstract' | 'keywords';
}

/** How many of the abstract's words are used. */
const ABSTRACT_TERMS = 12;
/** A term in more than this share of papers says too little to relate two of them. */
const COMMON_SHARE = 0.2;
const WEIGHTS = { title: 1, keywords: 0.8, abstract: 0.5 } as const;

/** What the terms' rarity is measured against. */
export interface TermRarity {
  /** Papers in the library. */
  papers: number;
  /** Papers whose abstract holds `term` (0 when none, or only titles, do). */
  abstractFrequency(term: string): number;
}

/** The weighted terms of a paper, most telling first; none twice. */
export function relatedTerms(paper: { title: string; abstract: string; aiKeywords?: readonly string[] }, rarity: TermRarity): RelatedTerm[] {
  const out = new Map<string, RelatedTerm>();
  const common = (term: string) => rarity.papers >= 20 && rarity.abstractFrequency(term) > rarity.papers * COMMON_SHARE;
  const add = (term: string, from: RelatedTerm['from'], weight: number) => {
    const seen = out.get(term);
    if (!seen || seen.weight < weight) out.set(term, { term, weight, from: seen?.from === 'title' ? 'title' : from });
  };
  for (const term of termsOf(paper.title)) if (!common(term)) add(term, 'title', WEIGHTS.title);
  for (const keyword of paper.aiKeywords ?? []) for (const term of termsOf(keyword)) if (!common(term)) add(term, 'keywords', WEIGHTS.keywords);
  const counts = new Map<string, number>();
  for (const term of termsOf(paper.abstract)) counts.set(term, (counts.get(term) ?? 0) + 1);
  const scored = [...counts]
    .filter(([term]) => !common(term) && term.length > 2)
    .map(([term, tf]) => ({ term, score: tf * Math.log(1 + rarity.papers / (1 + rarity.abstractFrequency(term))) }))
    .sort((a, b) => b.score - a.score || (a.term < b.term ? -1 : 1))
    .slice(0, ABSTRACT_TERMS);
  for (const { term } of scored) add(term, 'abstract', WEIGHTS.abstract);
  return [...out.values()];
}

function termsOf(text: string): string[] {
  const terms: string[] = [];
  for (const m of text.matchAll(TOKEN)) {
    const term = processTerm(m[0]);
    if (term !== null && !/^\d+$/.test(term)) terms.push(term);
  }
  return terms;
}
