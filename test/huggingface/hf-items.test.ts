import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readItems } from '../../src/sources/huggingface/hf-items.js';
import { driftItems } from './fixtures.js';

describe('reading the API items of a day', () => {
  const day = '2026-11-27';
  const { papers, warnings } = readItems(day, driftItems(day));

  it('keeps every valid item, ranked by upvotes, and names each skipped one by day and position', () => {
    expect(papers.map((p) => [p.rank, p.arxivId, p.upvotes ?? 0])).toEqual([
      [1, '2511.04567', 87],
      [2, '2511.04571', 40],
      [3, '2511.04570', 12],
      [4, '2511.04572', 5],
      [5, '2511.04573', 1],
    ]);
    expect(warnings).toEqual([
      'Hugging Face 2026-11-27, item 4: skipped (not an object: string)',
      'Hugging Face 2026-11-27, item 5: skipped (not an object: null)',
      'Hugging Face 2026-11-27, item 6: skipped (no valid arXiv id)',
    ]);
  });

  it('collapses hard line wraps, drops the version and hidden authors, and reads drifted fields', () => {
    const sla = papers[0]!;
    expect(sla.title).toBe('Fine-Tunable Sparse-Linear Attention for Long Video Generation');
    expect(sla.abstract).toBe('Attention is the bottleneck of long video diffusion. We make it sparse and linear, and fine-tunable.');
    expect(sla.authors).toEqual(['Ada Lovelace', 'Grace Hopper', 'Émile Zola', 'Alan Turing']);
    expect(sla).toMatchObject({ publishedAt: '2026-11-27', githubRepo: 'https://github.com/example/sla', projectPage: 'https://example.org/sla', numComments: 7 });
    expect(sla.aiKeywords).toEqual(['sparse attention', 'linear attention', 'video diffusion']);
    // The abstract only at the top level; the title only at the top level; no ai_* at all.
    expect(papers.find((p) => p.arxivId === '2511.04571')!.abstract).toBe('Mamba meets retrieval for DNA.');
    const tiny = papers.find((p) => p.arxivId === '2511.04572')!;
    expect(tiny.title).toBe('Tiny Recursive Reasoners Beat Large Models');
    // A javascript: URL is dropped, never kept as a link.
    expect(tiny.githubRepo).toBeUndefined();
    expect(papers.find((p) => p.arxivId === '2511.04570')).not.toHaveProperty('aiSummary');
  });

  it('never throws, whatever the API sends', () => {
    fc.assert(
      fc.property(fc.array(fc.anything(), { maxLength: 20 }), (items) => {
        const r = readItems(day, items);
        expect(r.papers.length + r.warnings.length).toBeLessThanOrEqual(items.length);
        expect(r.papers.map((p) => p.rank)).toEqual(r.papers.map((_, i) => i + 1));
      }),
    );
  });
});
