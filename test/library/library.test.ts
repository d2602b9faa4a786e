import { describe, expect, it } from 'vitest';
import { parseDigest } from '../../src/sources/digest/parse-digest.js';
import { PaperLibrary } from '../../src/library/library.js';
import { normalizeTitle, paperId } from '../../src/library/paper.js';
import { NOW, sampleDigest, sampleLibrary } from '../helpers/sample.js';

const digestOf = (text: string, fileName = 'x.txt') => parseDigest(text, { fileName, now: NOW });
const ABSTRACT = 'We study sparse probes. They work on every model we tried.';

describe('paper identity', () => {
  it('derives a stable id from the normalized title', () => {
    expect(normalizeTitle('  Sparse   Autoencoders: A “Study” — Part II ')).toBe('sparse autoencoders a study part ii');
    expect(paperId('Sparse Autoencoders: a study')).toBe(paperId('sparse autoencoders — A Study'));
    expect(paperId('Sparse Autoencoders')).toMatch(/^[0-9a-f]{12}$/);
    expect(paperId('Sparse Autoencoders')).not.toBe(paperId('Dense Autoencoders'));
  });

  it('keeps one entry per paper that remembers every appearance', () => {
    const library = new PaperLibrary();
    library.addDigest(digestOf(`Apr 20\n\nSparse Probes\n\n${ABSTRACT}\n`, 'a.txt'));
    library.addDigest(digestOf(`Apr 21\n\nOther Paper\n\n${ABSTRACT}\n\nsparse probes\n\n${ABSTRACT}\n`, 'b.txt'));
    expect(library.size).toBe(2);
    const paper = library.get(paperId('Sparse Probes'))!;
    expect(paper.appearances).toEqual([
      { date: '2026-04-21', rank: 2, file: 'b.txt' },
      { date: '2026-04-20', rank: 1, file: 'a.txt' },
    ]);
    expect(library.days()).toEqual(['2026-04-21', '2026-04-20']);
  });

  it('changes nothing when the same digest is ingested again', () => {
    const library = sampleLibrary();
    const before = JSON.stringify(library.search('sparse autoencoders'));
    expect(library.addDigest(sampleDigest())).toEqual({ papersAdded: 0, appearancesAdded: 0, papersUpdated: 0, newPaperIds: [] });
    expect(library.size).toBe(84);
    expect(JSON.stringify(library.search('sparse autoencoders'))).toBe(before);
  });

  it('fills in an abstract that a later digest has', () => {
    const library = new PaperLibrary();
    library.addDigest(digestOf(`Apr 20\n\nSparse Probes\n\nNext One\n\n${ABSTRACT}\n`));
    expect(library.get(paperId('Sparse Probes'))!.abstract).toBe('');
    library.addDigest(digestOf(`Apr 21\n\nSparse Probes\n\nProbing with zebras works. It is new.\n`));
    expect(library.get(paperId('Sparse Probes'))!.abstract).toBe('Probing with zebras works. It is new.');
    expect(library.search('zebras').hits[0]!.paper.title).toBe('Sparse Probes');
  });
});

describe('search', () => {
  const library = sampleLibrary();
  const titles = (q: string) => library.search(q).hits.map((h) => h.paper.title);

  it('ranks title matches above abstract-only matches', () => {
    const hits = library.search('mixup', { pageSize: 10 }).hits;
    const inTitle = hits.map((h) => /mixup/i.test(h.paper.title));
    expect(inTitle.indexOf(false)).toBeGreaterThan(inTitle.lastIndexOf(true));
  });

  it('tolerates typos, prefixes and plurals', () => {
    expect(titles('autoencodr')[0]).toMatch(/Sparse Autoencoders/);
    expect(titles('quantiz')).toContain('SplitQuant: Layer Splitting for Low-Bit Neural Network Quantization');
    // "SAE" finds the paper that only says "SAEs" in its abstract.
    expect(titles('SAE')).toContain('Adaptive Sparse Allocation with Mutual Choice & Feature Choice Sparse Autoencoders');
  });

  it('ranks papers matching all terms above papers matching some', () => {
    const hits = library.search('sparse autoencoders', { pageSize: 50 }).hits;
    const all = hits.map((h) => h.matchedAllTerms);
    expect(all[0]).toBe(true);
    expect(all.indexOf(false)).toBeGreaterThan(all.lastIndexOf(true));
    expect(all).toContain(false);
  });

  it('does not let fuzzy look-alikes of every word outrank the real words (difusion modles)', () => {
    // Before: a paper with "fusion" and "module" matched both typos fuzzily and ranked first.
    expect(titles('difusion modles')[0]).toBe('Diffusion Models Beat GANs on Image Classification');
  });

  it('ranks look-alikes of one word below papers matching every word through a typo', () => {
    // Before: "ULSAM: ... Attention Module" (module ~ modles, nothing for difusion) ranked 3rd, above
    // real diffusion-model papers, because "modles" -> "model" is a letter swap, two Levenshtein edits.
    const hits = library.search('difusion modles', { pageSize: 10 }).hits.map((h) => h.paper.title);
    const lookAlike = hits.findIndex((t) => t.startsWith('ULSAM'));
    const real = hits.filter((t) => /diffusion/i.test(t) && /models?\b/i.test(t)).map((t) => hits.indexOf(t));
    expect(real.length).toBeGreaterThanOrEqual(3);
    expect(lookAlike === -1 || real.every((i) => i < lookAlike)).toBe(true);
  });

  it('reads a swap of two letters as a one-letter typo', () => {
    // Levenshtein counts the swap as two edits, more than a five-letter word allows: no "model" paper came up.
    expect(titles('modle').filter((t) => /\bModels?\b/.test(t)).length).toBeGreaterThanOrEqual(3);
    expect(titles('trasnformer')[0]).toMatch(/Transformer/);
  });

  it('gives a snippet around the matched words, with the date and rank', () => {
    const hit = library.search('indirect object identification').hits[0]!;
    expect(hit.snippet).toContain('indirect object identification');
    expect(hit.snippet.length).toBeLessThanOrEqual(182);
    expect(hit.snippet.startsWith('\u2026')).toBe(true);
    expect(hit.paper.appearances[0]).toEqual({ date: '2026-04-21', rank: 1, file: 'hf-daily-papers-apr-21.txt' });
  });

  it('pages through results', () => {
    const p1 = library.search('learning', { pageSize: 5 });
    const p2 = library.search('learning', { page: 2, pageSize: 5 });
    expect(p1.total).toBeGreaterThan(10);
    expect(p1.pageCount).toBe(Math.min(10, Math.ceil(p1.total / 5)));
    expect(p2.page).toBe(2);
    expect(p2.hits.map((h) => h.paper.id)).not.toContain(p1.hits[0]!.paper.id);
    expect(library.search('learning', { page: 999 }).page).toBe(p1.pageCount);
  });

  it('returns nothing, not everything, for stopwords and symbols', () => {
    expect(library.search('the of and').total).toBe(0);
    expect(library.search('!!! ??? ***').terms).toEqual([]);
  });

  it('suggests spellings for a query with no results', () => {
    expect(library.search('wassersteinn gaborr texure').total).toBeGreaterThan(0);
    expect(library.search('interpretabilitty quantisatoin').total).toBeGreaterThan(0);
    const none = 'difusoin';
    expect(library.search(none).total).toBe(0);
    expect(library.suggest(none).length).toBeGreaterThan(0);
    expect(library.suggest(none)[0]).toBe('diffusion');
  });
});

describe('today, random and lookup', () => {
  const library = sampleLibrary();

  it('lists the newest digest top papers in rank order', () => {
    const today = library.today(3)!;
    expect(today.date).toBe('2026-04-21');
    expect(today.papers.map((p) => p.rank)).toEqual([1, 2, 3]);
    expect(today.papers[0]!.paper.title).toMatch(/^Towards Principled Evaluations/);
  });

  it('picks a random paper with the injected source of randomness', () => {
    expect(library.random(() => 0)!.title).toMatch(/^Towards Principled Evaluations/);
    expect(library.random(() => 0.9999)!.title).toMatch(/^HiRes-LLaVA/);
    expect(new PaperLibrary().random()).toBeUndefined();
  });

  it('finds a paper by id', () => {
    const id = library.today(1)!.papers[0]!.paper.id;
    expect(library.get(id)!.title).toMatch(/^Towards Principled/);
    expect(library.get('000000000000')).toBeUndefined();
  });

  it('completes titles as they are typed', () => {
    expect(library.complete('merging mod').map((p) => p.title)).toContain('Merging Models with Fisher-Weighted Averaging');
    expect(library.complete('', 25)).toHaveLength(25);
  });
});

describe('matching new papers against a topic (follow alerts)', () => {
  it('lists the candidates that match every term as words, word starts or plurals, best first, never look-alikes', () => {
    const library = sampleLibrary();
    const all = new Set(library.search('sparse autoencoders', { pageSize: 50 }).hits.map((h) => h.paper.id));
    const matched = library.matchAll('sparse autoencoder', all);
    expect(matched.length).toBeGreaterThan(0);
    expect(matched.every((p) => /sparse/i.test(`${p.title} ${p.abstract}`) && /autoencoder/i.test(`${p.title} ${p.abstract}`))).toBe(true);
    // A candidate that matches one word only, or only through a typo, is not a match.
    const others = new Set([...library.search('sparse', { pageSize: 50 }).hits.map((h) => h.paper.id)].filter((id) => !matched.some((p) => p.id === id)));
    expect(library.matchAll('sparse autoencoder', others)).toEqual([]);
    expect(library.matchAll('sparce autoencodr', all)).toEqual([]);
    expect(library.matchAll('autoenc', all).length).toBeGreaterThan(0);
    expect(library.matchAll('the of', all)).toEqual([]);
  });
});

describe('question-shaped queries (issue 19, 13b)', () => {
  // The three queries, over papers that hold their framing words: "look", "new", "papers", "about".
  const library = new PaperLibrary();
  const paper = (title: string, abstract: string, rank: number) => ({ title, abstract, rank });
  library.addListing({
    date: '2026-04-21',
    source: 'x.txt',
    papers: [
      paper('Do I Look Like a cat.n.01 to You? A Taxonomy Image Generation Benchmark', 'We look at papers that generate images for taxonomy nodes. I am new to this; I was looking for a benchmark.', 1),
      paper('New Papers on Old Benchmarks', 'This is about looking at new papers and what they say about old benchmarks.', 2),
      paper('Mining Diamonds in Minecraft with Language Agents', 'An agent plays Minecraft from pixels and text.', 3),
      paper('When More Thinking Hurts: Overthinking in Reasoning Models', 'Reasoning models spend tokens on easy questions.', 4),
      paper('Differential Privacy for Fine-Tuning', 'We bound what a fine-tuned model leaks about its training data.', 5),
      paper('A Survey of New Evaluation Papers', 'Papers about papers: what is new in evaluation and about benchmarks.', 6),
    ],
  });
  const first = (q: string) => library.search(q).hits[0]?.paper.title;

  it.each([
    ["I'm looking for papers on minecraft", 'minecraft'],
    ["what's new in overthinking", 'overthinking'],
    ['papers about privacy', 'privacy'],
  ])('"%s" ranks first what "%s" ranks first', (query, subject) => {
    expect(first(subject)).toBeDefined();
    expect(first(query)).toBe(first(subject));
  });

  it('still ranks by every word alike when asked to (the minisearch library did)', () => {
    const plain = new PaperLibrary(library.state(), { weighCoverage: false });
    expect(plain.search("I'm looking for papers on minecraft").hits[0]?.paper.title).not.toBe(first('minecraft'));
  });
});
