import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Scorer } from '../../src/library/index/scorer.js';
import { ABSTRACT, SearchIndex, TITLE } from '../../src/library/index/search-index.js';
import { Vocabulary } from '../../src/library/index/vocabulary.js';
import type { QueryPlan } from '../../src/library/index/query-plan.js';
import { INDEX_FILE, openIndexFile, snapshotLibrary, writeIndexFile } from '../../src/library/library-file.js';
import { PaperLibrary } from '../../src/library/library.js';
import { LIVE_SOURCE } from '../../src/library/paper.js';
import { parseDigest } from '../../src/sources/digest/parse-digest.js';
import { NOW, sampleDigest } from '../helpers/sample.js';
import { useTmpDir } from '../helpers/tmp-dir.js';

const tmp = useTmpDir();

describe('the vocabulary', () => {
  it('reads back from its stored shape with the same ids and the same expansion order, surrogate pairs split by edges included', () => {
    // "\u{1F600}" and "\u{1F601}" share their high surrogate: the tree splits them inside the pair.
    const terms = ['model', 'modal', 'models', 'mode', 'tra\u{1F600}n', 'tra\u{1F601}n', 'lone\ud800', 'transformer', 'train', 'xyz'];
    const built = Vocabulary.from(terms);
    const read = Vocabulary.fromShape(built.shape(), terms.length, () => [...terms]);
    for (const [i, t] of terms.entries()) expect(read.id(t)).toBe(i);
    for (const prefix of ['mod', 'tra', 'tra\ud83d', 'x', 'q']) expect([...read.withPrefix(prefix)]).toEqual([...built.withPrefix(prefix)]);
    for (const word of ['modle', 'trian', 'tra\u{1F602}n']) expect([...read.near(word, 2)]).toEqual([...built.near(word, 2)]);
    expect(read.intern('zebra')).toBe(terms.length);
    expect(read.terms().at(-1)).toBe('zebra');
  });

  it('refuses a stored shape that does not hold the terms it claims', () => {
    const shape = Vocabulary.from(['model', 'mode']).shape();
    expect(() => Vocabulary.fromShape(shape, 3, () => [])).toThrow(/holds 2 terms, expected 3/);
    expect(() => Vocabulary.fromShape({ walk: shape.walk.subarray(0, 3), edges: shape.edges }, 2, () => [])).toThrow(/malformed/);
  });
});

describe('the scorer', () => {
  /** An index of small documents, with the plan helpers the library's plans are made of. */
  function fixture() {
    const index = new SearchIndex();
    const docs = [
      ['Sparse Autoencoders for Interpretability', 'We train sparse autoencoders on a language model.'],
      ['Sparse Attention', 'Attention that is sparse and fast.'],
      ['Autoencoders Revisited', 'Denoising autoencoders, again.'],
      ['Unrelated Title', 'Nothing to see here.'],
    ];
    for (const [title, abstract] of docs) index.addDoc(title!, abstract!);
    const spec = (term: string, boost = 1) => ({ term, fields: [TITLE, ABSTRACT] as const, prefix: false, maxEdits: 0, boost });
    return { scorer: new Scorer(index), spec };
  }

  it('matches an AND-group (an expansion of one query word) only where all its terms are, and counts it as covering that word', () => {
    const { scorer, spec } = fixture();
    // "sae" stands for "sparse autoencoder": one clause, two specs, covering the word.
    const plan: QueryPlan = {
      words: ['sae', 'interpretability'],
      clauses: [
        { word: 0, source: 'sae', key: 'sae', specs: [spec('sparse'), spec('autoencoder')], standIn: true },
        { word: 1, source: 'interpretability', key: 'interpretability', specs: [spec('interpretability')] },
      ],
      boosts: [4, 1],
      rankByPresence: true,
    };
    const ranked = scorer.run(plan).all();
    expect(ranked.map((r) => r.doc)).toEqual([0]);
    expect(ranked[0]).toMatchObject({ present: 1, covered: 2, matched: 2 });
    // Without its second clause, the group alone still needs both of its terms.
    expect(scorer.run({ ...plan, words: ['sae'], clauses: plan.clauses.slice(0, 1) }).all().map((r) => r.doc)).toEqual([0]);
  });

  it('weights a variant clause below the word itself, and counts it as the word it stands for', () => {
    const { scorer, spec } = fixture();
    const exact = scorer.run({ words: ['sparse'], clauses: [{ word: 0, source: 'sparse', key: 'sparse', specs: [spec('sparse')] }], boosts: [4, 1], rankByPresence: true }).all();
    const variant = scorer.run({ words: ['spasre'], clauses: [{ word: 0, source: 'sparse', key: 'spasre', specs: [spec('sparse', 0.36)] }], boosts: [4, 1], rankByPresence: true }).all();
    expect(variant.map((r) => r.doc)).toEqual(exact.map((r) => r.doc));
    variant.forEach((r, i) => expect(r.score).toBeCloseTo(exact[i]!.score * 0.36, 10));
    expect(variant.every((r) => r.matched === 1 && r.present === 0)).toBe(true);
  });
});

describe('papers added after the index file was written', () => {
  const zebra = (n: number) => `Apr ${10 + n}\n\nZebra Finch Song Model ${n}\n\nWe model zebra finch songs, take ${n}. It works.\n`;

  it('are searched with the file\'s papers under one set of statistics: the same answers as a library built at once', async () => {
    const file = join(tmp(), INDEX_FILE);
    const first = new PaperLibrary();
    first.addDigest(sampleDigest());
    writeIndexFile(file, snapshotLibrary(first, { key: { digests: {} }, files: 1, problems: [] }).snapshot);
    const loaded = new PaperLibrary(openIndexFile(file).state);
    const whole = new PaperLibrary();
    whole.addDigest(sampleDigest());
    const later = [1, 2, 3].map((n) => parseDigest(zebra(n), { fileName: `z${n}.txt`, now: NOW }));
    for (const d of later) {
      loaded.addDigest(d);
      whole.addDigest(d);
    }
    // A changed abstract: the paper's old search document is replaced.
    const top = whole.today(1)!.papers[0]!.paper;
    const relisted = { date: '2026-04-22', source: LIVE_SOURCE, papers: [{ title: top.title, abstract: 'Okapi herding, now with sparse probes.', rank: 1, meta: { arxivId: '2405.08366' } }] };
    loaded.addListing(relisted);
    whole.addListing(relisted);
    for (const q of ['zebra finch', 'sparse autoencoders', 'okapi', 'autoencodr', 'model', 'quantiz', 'difusion modles']) {
      const a = whole.search(q, { pageSize: 50 });
      const b = loaded.search(q, { pageSize: 50 });
      expect(b.hits.map((h) => [h.paper.id, h.score, h.snippet]), q).toEqual(a.hits.map((h) => [h.paper.id, h.score, h.snippet]));
      expect(b.total, q).toBe(a.total);
    }
    expect(loaded.search('indirect object identification').hits.map((h) => h.paper.id)).not.toContain(top.id);
    expect(loaded.get(top.id)!.abstract).toBe('Okapi herding, now with sparse probes.');
    expect(loaded.unsavedCount).toBe(4);
  });
});

describe('a live day held at the same version', () => {
  it('is skipped: the library already merged that very listing', () => {
    const library = new PaperLibrary();
    const listing = (upvotes: number) => ({
      date: '2026-04-22',
      source: LIVE_SOURCE,
      version: 7,
      papers: [{ title: 'Okapi Herding Policies', abstract: 'We herd okapis.', rank: 1, meta: { arxivId: '2504.00001', upvotes } }],
    });
    expect(library.addListing(listing(3)).papersAdded).toBe(1);
    // Same version: not merged again (a stored day the index already holds), even if its content differed.
    expect(library.addListing(listing(9)).papersUpdated).toBe(0);
    expect(library.getByArxiv('2504.00001')!.upvotes).toBe(3);
    // A new version, or a listing without one (a poll), is merged.
    expect(library.addListing({ ...listing(9), version: 8 }).papersUpdated).toBe(1);
    expect(library.addListing({ ...listing(12), version: undefined }).papersUpdated).toBe(1);
    expect(library.getByArxiv('2504.00001')!.upvotes).toBe(12);
  });
});

