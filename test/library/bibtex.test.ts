import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bibtexListOf, bibtexOf, escapeBibtex, protectCapitals } from '../../src/library/bibtex.js';
import type { Paper } from '../../src/library/paper.js';

const paper = (over: Partial<Paper> = {}): Paper => ({
  id: '0123456789ab',
  title: 'Towards Principled Evaluations of Sparse Autoencoders for Interpretability and Control',
  abstract: '',
  appearances: [{ date: '2026-04-21', rank: 1, file: 'huggingface' }],
  arxivId: '2405.08366',
  authors: ['Aleksandar Makelov', 'George Lange', 'Neel Nanda'],
  publishedAt: '2024-05-14',
  ...over,
});

describe('BibTeX citations', () => {
  it('gives every entry of a list its own key, as BibTeX requires: a repeated one gets a letter', () => {
    const same = (i: number) => paper({ id: `0123456789a${i}`, title: `Towards Something ${i}` });
    const list = bibtexListOf([0, 1, 2, 3].map(same));
    expect([...list.matchAll(/@misc\{([^,]+),/g)].map((m) => m[1])).toEqual(['makelov2024towards', 'makelov2024towardsb', 'makelov2024towardsc', 'makelov2024towardsd']);
    const many = bibtexListOf(Array.from({ length: 40 }, (_, i) => same(i)));
    const keys = [...many.matchAll(/@misc\{([^,]+),/g)].map((m) => m[1]);
    expect(new Set(keys).size).toBe(40);
    expect(bibtexListOf([paper()])).toBe(bibtexOf(paper()));
  });

  it('builds the @misc entry arXiv users cite', () => {
    expect(bibtexOf(paper())).toBe(
      [
        '@misc{makelov2024towards,',
        '  title = {Towards Principled Evaluations of Sparse Autoencoders for Interpretability and Control},',
        '  author = {Aleksandar Makelov and George Lange and Neel Nanda},',
        '  year = {2024},',
        '  eprint = {2405.08366},',
        '  archivePrefix = {arXiv},',
        '  url = {https://arxiv.org/abs/2405.08366}',
        '}',
      ].join('\n'),
    );
  });

  it('escapes specials and accents, and braces capitals in acronyms', () => {
    expect(escapeBibtex('50% of {x} & $y #1 a_b ~ ^ \\')).toBe('50\\% of \\{x\\} \\& \\$y \\#1 a\\_b \\textasciitilde{} \\textasciicircum{} \\textbackslash{}');
    expect(escapeBibtex('Émile Zoła, Gödel, Ångström, Straße, naïve')).toBe("{\\'E}mile Zo{\\l}a, G{\\\"o}del, {\\r A}ngstr{\\\"o}m, Stra{\\ss}e, na{\\\"\\i}ve");
    expect(protectCapitals('Scaling SAEs with LLaVA and GPT-4 on 3D Data')).toBe('Scaling {SAEs} with {LLaVA} and {GPT-4} on {3D} Data');
    expect(protectCapitals('Fine-Tunable Sparse-Linear Attention, A Study')).toBe('Fine-Tunable Sparse-Linear Attention, A Study');
    const entry = bibtexOf(paper({ title: 'SAE & GPT-4: 100% {Sparse}', authors: ['Émile Zola'] }));
    expect(entry).toContain('title = {{SAE} \\& {GPT-4}: 100\\% \\{Sparse\\}}');
    expect(entry).toContain("author = {{\\'E}mile Zola}");
    expect(entry.split('\n')[0]).toBe('@misc{zola2024sae,');
  });

  it('cites a paper without an arXiv id by its title and Hugging Face day, saying the id is unknown', () => {
    const entry = bibtexOf(paper({ arxivId: undefined, authors: undefined, publishedAt: undefined }));
    expect(entry).toContain('howpublished = {Hugging Face Daily Papers, 2026-04-21}');
    expect(entry).toContain('note = {arXiv identifier unknown}');
    expect(entry).not.toContain('eprint');
    expect(entry.split('\n')[0]).toBe('@misc{anon2026towards,');
  });

  it('takes the year from a new-style arXiv id when the date is unknown', () => {
    expect(bibtexOf(paper({ publishedAt: undefined, arxivId: '2509.24006' }))).toContain('year = {2025}');
  });

  it('never leaves a brace unbalanced or a special unescaped, whatever the title', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200, unit: 'grapheme' }), fc.array(fc.string({ maxLength: 40 }), { maxLength: 5 }), (title, authors) => {
        const entry = bibtexOf(paper({ title: title.trim() || 'x', authors }));
        let depth = 0;
        for (let i = 0; i < entry.length; i++) {
          const c = entry[i]!;
          if (c === '\\') {
            i++;
            continue;
          }
          if (c === '{') depth++;
          if (c === '}') depth--;
          expect(depth).toBeGreaterThanOrEqual(0);
          expect('%&$#_'.includes(c) && entry[i - 1] !== '\\').toBe(false);
        }
        expect(depth).toBe(0);
      }),
    );
  });
});
