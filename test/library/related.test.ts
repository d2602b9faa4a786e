import { describe, expect, it } from 'vitest';
import { LIVE_SOURCE } from '../../src/library/paper.js';
import { sampleLibrary } from '../helpers/sample.js';

// Pairs of sample papers that clearly share a topic (by their trending rank on
// Apr 21): each should find the other among its five related papers.
const PAIRS: [number, number, string][] = [
  [1, 81, 'sparse autoencoders'],
  [25, 72, 'model merging'],
  [25, 75, 'model merging'],
  [72, 19, 'model merging'],
  [21, 29, 'mixup'],
  [29, 77, 'mixup'],
  [30, 44, 'neural collapse'],
  [17, 46, 'super-resolution'],
  [46, 55, 'super-resolution'],
  [57, 58, 'diffusion models'],
  [35, 84, 'high-resolution LLaVA'],
  [14, 15, 'continual learning'],
  [34, 65, 'vision transformers'],
  [65, 82, 'vision transformers'],
  [38, 54, 'dataset compression and distillation'],
  [22, 70, 'network pruning'],
  [28, 74, 'out-of-distribution generalization'],
  [4, 66, 'quantization'],
  [32, 43, 'fine-tuning'],
];

describe('related papers', () => {
  const library = sampleLibrary();
  const byRank = new Map(library.papersOn('2026-04-21').map((r) => [r.rank, r.paper]));
  const related = (rank: number) => library.related(byRank.get(rank)!.id, 5).map((p) => p.id);

  it('finds the sibling of each paper of a shared topic among its five, nearly always', () => {
    let found = 0;
    const missed: string[] = [];
    for (const [a, b, topic] of PAIRS) {
      for (const [x, y] of [[a, b], [b, a]] as const) {
        if (related(x).includes(byRank.get(y)!.id)) found++;
        else missed.push(`#${x} -> #${y} (${topic})`);
      }
    }
    const rate = found / (PAIRS.length * 2);
    expect(rate, `related: ${found} of ${PAIRS.length * 2} siblings found (${(rate * 100).toFixed(0)}%); missed: ${missed.join(', ') || 'none'}`).toBeGreaterThanOrEqual(0.85);
    // The clearest pairs never miss.
    for (const [x, y] of [[1, 81], [81, 1], [57, 58], [58, 57], [35, 84], [84, 35]] as const) expect(related(x)).toContain(byRank.get(y)!.id);
  });

  it('never lists the paper itself, lists five at most, and knows nothing of an unknown id', () => {
    for (const rank of [1, 2, 40, 84]) {
      const ids = related(rank);
      expect(ids).not.toContain(byRank.get(rank)!.id);
      expect(ids.length).toBeLessThanOrEqual(5);
      expect(new Set(ids).size).toBe(ids.length);
    }
    expect(library.related('ffffffffffff')).toEqual([]);
  });

  it('uses the AI keywords of the live source', () => {
    const lib = sampleLibrary();
    lib.addListing({
      date: '2026-04-22',
      source: LIVE_SOURCE,
      papers: [{ title: 'Zephyr', abstract: 'We present Zephyr.', rank: 1, meta: { arxivId: '2511.00001', aiKeywords: ['sparse autoencoders', 'interpretability'] } }],
    });
    const zephyr = lib.getByArxiv('2511.00001')!;
    expect(lib.related(zephyr.id, 5).map((p) => p.title)).toContain('Towards Principled Evaluations of Sparse Autoencoders for Interpretability and Control');
  });
});
