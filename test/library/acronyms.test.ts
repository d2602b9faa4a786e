import { describe, expect, it } from 'vitest';
import { AcronymTable, acronymVariants, bestLongForm } from '../../src/library/acronyms.js';
import { queryTerms } from '../../src/library/text-terms.js';
import { SAMPLE_TEXT } from '../helpers/sample.js';

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
  });
});
