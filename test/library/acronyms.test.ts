import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AcronymTable, acronymVariants, bestLongForm } from '../../src/library/acronyms.js';
import { INDEX_FILE, openIndexFile, snapshotLibrary, writeIndexFile } from '../../src/library/library-file.js';
import { PaperLibrary } from '../../src/library/library.js';
import { queryTerms } from '../../src/library/text-terms.js';
import { SAMPLE_TEXT } from '../helpers/sample.js';
import { useTmpDir } from '../helpers/tmp-dir.js';

describe('acronyms', () => {
  it('learns long forms followed by their short form, as Schwartz and Hearst match them', () => {
    const table = new AcronymTable({ curated: false });
    expect(table.learn('We use Monte Carlo Tree Search (MCTS) to plan. A Mixture-of-Experts (MoE) layer routes tokens.')).toBe(2);
    expect(table.learn('Sparse autoencoders (SAEs) find features; Low-Rank Adaptation (LoRA) tunes them.')).toBe(2);
    expect(table.expansionsOf('mct')).toEqual([['monte', 'carlo', 'tree', 'search']]);
    expect(table.expansionsOf('moe')).toEqual([['mixture', 'expert']]);
    expect(table.expansionsOf('sae')).toEqual([['sparse', 'autoencoder']]);
    expect(table.expansionsOf('lora')).toEqual([['low', 'rank', 'adaptation']]);
    // Not acronyms, or no long form that spells them.
    expect(table.learn('As shown before (2020), results (see below) improve (e.g. here). Our method (XYZ) wins.')).toBe(0);
    // A long form with words the short form has no letter for, and a short form of two terms.
    expect(table.learn('Automated search for compact, better performing models (AutoML).')).toBe(0);
    expect(table.learn('Supervised Contrastive Multiple Instance Learning (SC-MIL) helps.')).toBe(0);
    // A pair learned twice counts once.
    expect(table.learn('Again, Monte Carlo Tree Search (MCTS).')).toBe(0);
    expect(bestLongForm('HMM', 'a hidden Markov model')).toBe('hidden Markov model');
  });

  it('learns pairs from the sample digest', () => {
    const table = new AcronymTable({ curated: false });
    expect(table.learn(SAMPLE_TEXT)).toBeGreaterThan(20);
    expect(table.expansionsOf('ioi')).toEqual([['indirect', 'object', 'identification']]);
  });

  it('gives a query both ways: an acronym its expansions, an expansion its acronyms, every sense of an ambiguous one', () => {
    const table = new AcronymTable();
    // Terms as the index holds them: "MCTS" is "mct" (plurals fold), "experts" is "expert".
    expect(acronymVariants(table, queryTerms('MCTS'))).toEqual([{ terms: ['monte', 'carlo', 'tree', 'search'], of: ['mct'] }]);
    expect(acronymVariants(table, queryTerms('sparse mixture of experts'))).toEqual([{ terms: ['moe'], of: ['mixture', 'expert'] }]);
    expect(acronymVariants(table, queryTerms('MAE')).map((v) => v.terms.join(' '))).toEqual(['masked autoencoder', 'mean absolute error']);
    expect(acronymVariants(table, queryTerms('zebra finch'))).toEqual([]);
    // An expansion searches its acronym only where the acronym surely means it: not "MAE" (two senses), not "RL" (two letters).
    expect(acronymVariants(table, queryTerms('mean absolute error'))).toEqual([]);
    expect(acronymVariants(table, queryTerms('reinforcement learning'))).toEqual([]);
    expect(acronymVariants(table, queryTerms('RL')).map((v) => v.terms.join(' '))).toEqual(['reinforcement learning']);
  });
});

const tmp = useTmpDir();

/** A library of one day's listing: [title, abstract] pairs, ranked in order. */
function libraryOf(papers: [string, string][]): PaperLibrary {
  const library = new PaperLibrary();
  library.addListing({ date: '2026-11-20', source: 'test.txt', papers: papers.map(([title, abstract], i) => ({ title, abstract, rank: i + 1 })) });
  return library;
}

const titles = (library: PaperLibrary, query: string) => library.search(query, { pageSize: 50 }).hits.map((h) => h.paper.title);

describe('acronym-aware search', () => {
  const papers: [string, string][] = [
    // Spells the acronym out, many times, in its title and abstract: a strong match for the expansion.
    ['Monte Carlo Tree Search for Theorem Proving', 'Monte Carlo tree search guides the prover. Our Monte Carlo tree search is fast; tree search wins.'],
    // Writes the acronym once, in passing.
    ['Planning Games Quickly', 'We compare against MCTS baselines on board games.'],
    ['Sparse Routing at Scale', 'A MoE layer sends each token to two of 64 feed-forward blocks.'],
    ['Mixtures of Experts Explained', 'A mixture of experts routes tokens; we explain why experts specialize.'],
    ['Residual Learning Revisited', 'Mixture weights on residual networks, in the title and in the abstract: mixture, mixture.'],
    ['Masked Autoencoders See Far', 'A masked autoencoder learns from 75% masking.'],
    ['Forecasting With Small Errors', 'We lower the mean absolute error of daily forecasts.'],
    ['Reporting MAE Everywhere', 'Our MAE drops by half.'],
  ];

  it('finds the expansion of a query acronym, ranked after every paper that writes the acronym itself', () => {
    const library = libraryOf(papers);
    expect(titles(library, 'MCTS')).toEqual(['Planning Games Quickly', 'Monte Carlo Tree Search for Theorem Proving']);
    // Without acronyms, only the paper that writes it.
    expect(new PaperLibrary(library.state(), { acronyms: false }).search('MCTS').hits.map((h) => h.paper.title)).toEqual(['Planning Games Quickly']);
  });

  it('finds the acronym of a query expansion, above papers with only some of its words', () => {
    const library = libraryOf(papers);
    const found = titles(library, 'mixture of experts');
    expect(found[0]).toBe('Mixtures of Experts Explained');
    // "MoE" stands for both words: above a paper that holds one of them, however often.
    expect(found.slice(1)).toEqual(['Sparse Routing at Scale', 'Residual Learning Revisited']);
  });

  it('searches every sense of an ambiguous acronym, and does not search an ambiguous acronym for one of its senses', () => {
    const library = libraryOf(papers);
    expect(titles(library, 'MAE')).toEqual(['Reporting MAE Everywhere', expect.any(String), expect.any(String)]);
    expect(new Set(titles(library, 'MAE').slice(1))).toEqual(new Set(['Masked Autoencoders See Far', 'Forecasting With Small Errors']));
    expect(titles(library, 'mean absolute error')).not.toContain('Reporting MAE Everywhere');
  });

  it('learns pairs from the papers it indexes, and keeps them in the index file', () => {
    const library = libraryOf([
      ['Hierarchical Token Pruning for Long Videos', 'We propose hierarchical token pruning (HTP), which drops redundant tokens.'],
      ['Faster Video Models', 'Combined with HTP, our model runs twice as fast.'],
    ]);
    expect(titles(library, 'hierarchical token pruning')).toEqual(['Hierarchical Token Pruning for Long Videos', 'Faster Video Models']);
    const file = join(tmp(), INDEX_FILE);
    writeIndexFile(file, snapshotLibrary(library, { key: { digests: {} }, files: 1, problems: [] }).snapshot);
    const reopened = new PaperLibrary(openIndexFile(file).state);
    expect(titles(reopened, 'hierarchical token pruning')).toEqual(['Hierarchical Token Pruning for Long Videos', 'Faster Video Models']);
  });

  it('lets a follow of an acronym match a new paper that spells it out (and the other way round)', () => {
    const library = libraryOf(papers);
    const ids = (query: string) => library.matchAll(query).map((p) => p.title);
    expect(ids('MoE')).toEqual(expect.arrayContaining(['Sparse Routing at Scale', 'Mixtures of Experts Explained']));
    expect(ids('mixture of experts')).toEqual(expect.arrayContaining(['Sparse Routing at Scale', 'Mixtures of Experts Explained']));
    expect(ids('mixture of experts')).not.toContain('Residual Learning Revisited');
  });
});
