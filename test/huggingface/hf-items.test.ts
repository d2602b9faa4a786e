import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readItems } from '../../src/sources/huggingface/hf-items.js';
import { LiveDaySchema } from '../../src/sources/huggingface/live-day.js';
import { badFieldItems, driftItems } from './fixtures.js';

describe('reading the API items of a day', () => {
  const day = '2026-11-27';
  const { papers, warnings } = readItems(day, driftItems(day));

  it('keeps every valid item, ranked by upvotes, and names each skipped item and dropped field by day and position', () => {
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
      // A javascript: link is a field dropped, not an item lost.
      'Hugging Face 2026-11-27, item 7 (2511.04572): githubRepo dropped (expected an http(s) URL of at most 2000 characters)',
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

  it('drops a field that storing would refuse, with a one-line warning, and keeps the item and the day', () => {
    const bad = readItems(day, badFieldItems(day));
    expect(bad.papers.map((p) => p.arxivId).sort()).toEqual(['2511.07001', '2511.07002', '2511.07003', '2511.07004', '2511.07005']);
    for (const p of bad.papers) {
      expect(p).not.toHaveProperty('publishedAt');
      expect(p).not.toHaveProperty('githubRepo');
      expect(p).not.toHaveProperty('projectPage');
      expect(p.authors).toEqual(['Ada Lovelace']);
    }
    expect(bad.papers.find((p) => p.arxivId === '2511.07005')).not.toHaveProperty('githubStars');
    // What was read is what the store takes: the same schema checks it.
    expect(LiveDaySchema.safeParse({ date: day, papers: bad.papers, fetchedAt: 0, final: true }).success).toBe(true);
    expect(bad.warnings).toEqual([
      'Hugging Face 2026-11-27, item 1 (2511.07001): publishedAt dropped (expected a day that exists (no Feb 30))',
      'Hugging Face 2026-11-27, item 2 (2511.07002): publishedAt dropped (expected a day that exists (no Feb 30))',
      'Hugging Face 2026-11-27, item 3 (2511.07003): publishedAt dropped (expected a day that exists (no Feb 30))',
      'Hugging Face 2026-11-27, item 4 (2511.07004): githubRepo dropped (expected an http(s) URL of at most 2000 characters)',
      'Hugging Face 2026-11-27, item 4 (2511.07004): projectPage dropped (expected an http(s) URL of at most 2000 characters)',
      'Hugging Face 2026-11-27, item 5 (2511.07005): upvotes dropped (expected a whole number of 0 or more)',
      'Hugging Face 2026-11-27, item 5 (2511.07005): githubStars dropped (expected a whole number of 0 or more)',
    ]);
  });

  it('never throws, whatever the API sends', () => {
    fc.assert(
      fc.property(fc.array(fc.anything(), { maxLength: 20 }), (items) => {
        const r = readItems(day, items);
        expect(r.papers.length).toBeLessThanOrEqual(items.length);
        expect(r.papers.map((p) => p.rank)).toEqual(r.papers.map((_, i) => i + 1));
        // Whatever was read, the store takes.
        expect(LiveDaySchema.safeParse({ date: day, papers: r.papers, fetchedAt: 0, final: true }).success).toBe(true);
      }),
    );
  });
});
