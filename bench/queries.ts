// The benchmark's query mix: what people type into /paper, drawn
// deterministically from the corpus so every size gets comparable queries.

import { makeRng, type GeneratedPaper } from './corpus.js';
import { parseCommand } from '../src/commands/parse-command.js';
import { processTerm, tokenize } from '../src/library/text-terms.js';

/** What a query exercises. */
export type QueryKind = 'title words' | 'concept' | 'typo' | 'prefix' | 'no match';

export interface BenchQuery {
  kind: QueryKind;
  text: string;
}

// Concepts people search for; most are seed words, so they are frequent and
// their posting lists long (the expensive case for any index).
const CONCEPTS = [
  'diffusion', 'language models', 'reinforcement learning', 'vision transformer', 'sparse autoencoders',
  'quantization', 'knowledge distillation', 'contrastive learning', 'image segmentation', 'speech enhancement',
  'graph neural networks', 'adversarial robustness', 'data augmentation', 'model merging', 'long context',
  'object detection', 'neural collapse', 'federated learning', 'mixture of experts', 'video generation',
];

/** Content words of a text, as typed (not processed), at least `min` letters long. */
function words(text: string, min: number): string[] {
  return tokenize(text).filter((t) => t.length >= min && /^\p{L}+$/u.test(t) && processTerm(t) !== null);
}

/** One edit a hurried typist makes: swap two letters, drop one, or double one. */
function typo(word: string, rng: () => number): string {
  const i = 1 + Math.floor(rng() * (word.length - 2));
  const r = rng();
  if (r < 0.4) return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
  if (r < 0.7) return word.slice(0, i) + word.slice(i + 1);
  return word.slice(0, i) + word[i] + word.slice(i);
}

/** Letters that spell no word of any corpus: the generator never makes q, j, w, y. */
function nonsense(rng: () => number): string {
  const letters = 'qjwyq';
  let w = '';
  const n = 5 + Math.floor(rng() * 4);
  for (let i = 0; i < n; i++) w += letters[Math.floor(rng() * letters.length)]!;
  return w;
}

/**
 * `count` queries in fixed proportions: 35% title words (1 to 4 words), 20%
 * concepts, 15% typos, 15% prefixes, 15% no match. Drawn from `papers`.
 */
export function makeQueries(papers: readonly GeneratedPaper[], count = 400, seed = 7): BenchQuery[] {
  const rng = makeRng(seed);
  const paper = () => papers[Math.floor(rng() * papers.length)]!;
  const out: BenchQuery[] = [];
  for (let i = 0; i < count; i++) {
    const r = (i * 0.6180339887) % 1; // a low-discrepancy spread over the kinds
    if (r < 0.35) {
      const ws = words(paper().title, 3);
      const n = Math.min(ws.length, 1 + Math.floor(rng() * 4));
      const at = Math.floor(rng() * Math.max(1, ws.length - n + 1));
      out.push({ kind: 'title words', text: ws.slice(at, at + n).join(' ').toLowerCase() || 'learning' });
    } else if (r < 0.55) {
      out.push({ kind: 'concept', text: CONCEPTS[Math.floor(rng() * CONCEPTS.length)]! });
    } else if (r < 0.7) {
      const ws = words(paper().title, 6);
      const w = ws[Math.floor(rng() * ws.length)] ?? 'transformers';
      const other = words(paper().title, 4)[0];
      out.push({ kind: 'typo', text: [typo(w.toLowerCase(), rng), ...(rng() < 0.5 && other ? [other.toLowerCase()] : [])].join(' ') });
    } else if (r < 0.85) {
      const ws = words(paper().abstract, 7);
      const w = (ws[Math.floor(rng() * ws.length)] ?? 'quantization').toLowerCase();
      out.push({ kind: 'prefix', text: w.slice(0, 4 + Math.floor(rng() * 3)) });
    } else {
      const n = 1 + Math.floor(rng() * 3);
      out.push({ kind: 'no match', text: Array.from({ length: n }, () => nonsense(rng)).join(' ') });
    }
  }
  // Words that begin like a command ("related work", "follow up") are quoted, as a user would, so
  // `/paper <query>` is a search everywhere the bench sends it; quotes add no search terms.
  return out.map((q) => (parseCommand(q.text).command?.kind === 'search' ? q : { ...q, text: `"${q.text}"` }));
}
