import { describe, expect, it } from 'vitest';
import { parseDigest } from '../../../src/sources/digest/parse-digest.js';
import { NOW, SAMPLE_TEXT, sampleDigest } from '../../helpers/sample.js';

const parse = (text: string, fileName = 'digest.txt', now = NOW) => parseDigest(text, { fileName, now });
const ABSTRACT_A = 'We study a problem. Our method improves results by a wide margin on three benchmarks.';
const ABSTRACT_B = 'Large models are costly to run. We propose a cheaper way and show it works on every task we tried.';

describe('parseDigest on the sample email', () => {
  const digest = sampleDigest();
  const papers = digest.sections[0]!.papers;

  it('finds one section dated Apr 21 of the latest year not in the future', () => {
    expect(digest.sections).toHaveLength(1);
    expect(digest.sections[0]!.date).toBe('2026-04-21');
    expect(digest.problems).toEqual([]);
  });

  it('reads exactly 84 papers in trending order, first and last pinned', () => {
    expect(papers).toHaveLength(84);
    expect(papers[0]!.title).toBe('Towards Principled Evaluations of Sparse Autoencoders for Interpretability and Control');
    expect(papers[0]!.rank).toBe(1);
    expect(papers[0]!.abstract).toMatch(/^Disentangling model activations/);
    expect(papers[83]!.title).toBe('HiRes-LLaVA: Restoring Fragmentation Input in High-Resolution Large Vision-Language Models');
    expect(papers[83]!.rank).toBe(84);
    expect(papers.map((p) => p.rank)).toEqual(Array.from({ length: 84 }, (_, i) => i + 1));
    expect(papers.every((p) => p.abstract.length > 200)).toBe(true);
  });

  it('records the line of each title', () => {
    expect(papers[0]!.line).toBe(11);
    expect(SAMPLE_TEXT.split('\n')[papers[83]!.line - 1]).toBe(papers[83]!.title);
  });

  it('puts Apr 21 in the previous year when ingested before Apr 21', () => {
    expect(parse(SAMPLE_TEXT, 'x.txt', new Date('2027-03-01T00:00:00Z')).sections[0]!.date).toBe('2026-04-21');
    expect(parse(SAMPLE_TEXT, 'x.txt', new Date('2026-04-19T00:00:00Z')).sections[0]!.date).toBe('2025-04-21');
  });

  it('lets a YYYY-MM-DD in the file name decide the year', () => {
    const d = parse(SAMPLE_TEXT, 'daily-2024-04-21.txt');
    expect(d.sections[0]!.date).toBe('2024-04-21');
    expect(d.problems).toEqual([]);
  });
});

describe('parseDigest on real-world variants', () => {
  const base = `new\n\nSubscribe\n\nApr 21\n\nFirst Title\n\n${ABSTRACT_A}\n\nSecond Title: With a Colon\n\n${ABSTRACT_B}\n`;

  it('accepts CRLF endings, a byte-order mark and trailing spaces', () => {
    const text = `\uFEFF${base.replace(/\n/g, '  \r\n')}`;
    const d = parse(text);
    expect(d.problems).toEqual([]);
    expect(d.sections[0]!.papers.map((p) => [p.title, p.abstract])).toEqual([
      ['First Title', ABSTRACT_A],
      ['Second Title: With a Colon', ABSTRACT_B],
    ]);
  });

  it('joins an abstract hard-wrapped over several lines', () => {
    const d = parse(`Apr 21\n\nWrapped\n\nWe study a problem.\nOur method works.\n`);
    expect(d.sections[0]!.papers[0]!.abstract).toBe('We study a problem. Our method works.');
  });

  it('reads several date sections, ranks restarting in each', () => {
    const d = parse(`${base}\nApr 22\n\nThird Title\n\n${ABSTRACT_A}\n`);
    expect(d.sections.map((s) => [s.date, s.papers.length])).toEqual([
      ['2026-04-21', 2],
      ['2026-04-22', 1],
    ]);
    expect(d.sections[1]!.papers[0]!.rank).toBe(1);
  });

  it('keeps a title with no abstract, with an empty abstract and a warning naming its line', () => {
    const d = parse(`Apr 21\n\nLonely Title Without Abstract\n\nNext Title\n\n${ABSTRACT_A}\n\nLast Title Also Alone\n`, 'x.txt');
    const papers = d.sections[0]!.papers;
    expect(papers.map((p) => [p.title, p.abstract])).toEqual([
      ['Lonely Title Without Abstract', ''],
      ['Next Title', ABSTRACT_A],
      ['Last Title Also Alone', ''],
    ]);
    expect(d.problems).toEqual([
      { level: 'warning', file: 'x.txt', line: 3, message: expect.stringContaining('no abstract') },
      { level: 'warning', file: 'x.txt', line: 9, message: expect.stringContaining('no abstract') },
    ]);
  });

  it('tells a one-sentence abstract from a title', () => {
    const d = parse(`Apr 21\n\nTiny\n\nWe release code.\n\nAnother Paper\n\n${ABSTRACT_B}\n`);
    expect(d.sections[0]!.papers.map((p) => [p.title, p.abstract])).toEqual([
      ['Tiny', 'We release code.'],
      ['Another Paper', ABSTRACT_B],
    ]);
  });

  it('tells a long title (over 250 characters) from an abstract, even after a title with no abstract', () => {
    const long =
      'A Very Long Title About Scaling Laws, Mixture-of-Experts Routing, Sparse Attention Kernels, Retrieval-Augmented ' +
      'Generation, Speculative Decoding, Quantization-Aware Training and Distillation for Efficient Multilingual ' +
      'Multimodal Foundation Models on Edge Devices';
    expect(long.length).toBeGreaterThan(250);
    const d = parse(`Apr 21\n\nShort Title Alone\n\n${long}\n\n${ABSTRACT_A}\n`);
    expect(d.sections[0]!.papers.map((p) => [p.title, p.abstract])).toEqual([
      ['Short Title Alone', ''],
      [long, ABSTRACT_A],
    ]);
  });

  it('does not take "et al." or "vs." inside a title for sentence ends', () => {
    const d = parse(`Apr 21\n\nTitle A\n\n${ABSTRACT_A}\n\nCNNs vs. Transformers: Revisiting Smith et al. on Vision\n\n${ABSTRACT_B}\n`);
    expect(d.sections[0]!.papers.map((p) => p.title)).toEqual(['Title A', 'CNNs vs. Transformers: Revisiting Smith et al. on Vision']);
  });

  it('skips unknown header noise before the date line', () => {
    const d = parse(`From: Hugging Face <digest@hf.co>\n\nView in browser\n\n${base}`);
    expect(d.problems).toEqual([]);
    expect(d.sections[0]!.papers).toHaveLength(2);
  });

  it('keeps non-ASCII and markup characters exactly', () => {
    const title = 'Ünïcödé & <b>Markup</b> *bold* _it_ `code` <!channel> @everyone 🚀 Attention';
    const d = parse(`Apr 21\n\n${title}\n\nWe test ≤ ≥ ∑ and 中文 text. It works well in practice.\n`);
    expect(d.sections[0]!.papers[0]!.title).toBe(title);
    expect(d.sections[0]!.papers[0]!.abstract).toContain('中文');
  });
});

describe('parseDigest on bad input', () => {
  it('reports an empty file', () => {
    const d = parse('  \n\n \r\n', 'empty.txt');
    expect(d.sections).toEqual([]);
    expect(d.problems).toEqual([{ level: 'error', file: 'empty.txt', message: expect.stringContaining('empty') }]);
  });

  it('reports a binary file with the line of the first binary byte', () => {
    const d = parse('Apr 21\n\nTitle\n\nok\u0000\u0001\u0002', 'blob.txt');
    expect(d.sections).toEqual([]);
    expect(d.problems).toEqual([{ level: 'error', file: 'blob.txt', line: 5, message: expect.stringContaining('binary') }]);
  });

  it('reports a file with no date line, naming the first skipped line', () => {
    const d = parse(`Some Title\n\n${ABSTRACT_A}\n`, 'nodate.txt');
    expect(d.sections).toEqual([]);
    expect(d.problems).toEqual([{ level: 'error', file: 'nodate.txt', line: 1, message: expect.stringContaining('no date line') }]);
  });

  it('reports an impossible day (Feb 30) and keeps the good section after it', () => {
    const d = parse(`Feb 30\n\nLost Title\n\n${ABSTRACT_A}\n\nApr 21\n\nKept Title\n\n${ABSTRACT_B}\n`, 'mixed.txt');
    expect(d.sections.map((s) => s.papers.map((p) => p.title))).toEqual([['Kept Title']]);
    expect(d.problems).toEqual([{ level: 'error', file: 'mixed.txt', line: 1, message: expect.stringContaining('"Feb 30" is not a date') }]);
  });

  it('reports an abstract without a title and keeps the rest', () => {
    const d = parse(`Apr 21\n\n${ABSTRACT_A}\n\nReal Title\n\n${ABSTRACT_B}\n`, 'orphan.txt');
    expect(d.sections[0]!.papers.map((p) => p.title)).toEqual(['Real Title']);
    expect(d.problems).toEqual([{ level: 'warning', file: 'orphan.txt', line: 3, message: expect.stringContaining('no title') }]);
  });
});
