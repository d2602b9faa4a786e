import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findPaperLinks, MAX_LINKS_PER_TEXT, parsePaperLink } from '../../src/links/paper-links.js';
import { hostileText } from '../properties/arbitraries.js';

// Paper links as people paste them: every form names the paper's arXiv id
// without its version; anything else names none, and nothing throws.

const newId = fc
  .tuple(fc.integer({ min: 7, max: 29 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 99_999 }), fc.boolean())
  .map(([yy, mm, n, five]) => `${String(yy).padStart(2, '0')}${String(mm).padStart(2, '0')}.${String(n).padStart(five ? 5 : 4, '0').slice(-(five ? 5 : 4))}`);
const oldId = fc
  .tuple(fc.constantFrom('hep-th', 'math', 'cond-mat', 'astro-ph', 'math.GT', 'cs.LG'), fc.integer({ min: 0, max: 9_999_999 }))
  .map(([archive, n]) => `${archive}/${String(n).padStart(7, '0')}`);
const anyId = fc.oneof(newId, oldId);
const version = fc.option(fc.integer({ min: 1, max: 19 }), { nil: undefined });

/** Every way a link to `id` (with `v` appended) is written. */
const linkTo = (id: string, v: string) =>
  fc
    .tuple(
      fc.constantFrom('https://', 'http://', ''),
      fc.constantFrom('', 'www.'),
      fc.constantFrom(`arxiv.org/abs/${id}${v}`, `arxiv.org/pdf/${id}${v}`, `arxiv.org/pdf/${id}${v}.pdf`, `arxiv.org/html/${id}${v}`, `huggingface.co/papers/${id}`, `hf.co/papers/${id}`),
      fc.constantFrom('', '/', '?context=cs', '#community'),
      fc.constantFrom('plain', 'slack', 'slack-label'),
    )
    .map(([scheme, www, rest, tail, form]) => {
      const url = `${scheme}${www}${rest}${tail}`;
      return form === 'plain' ? url : form === 'slack' ? `<${url}>` : `<${url}|${rest}>`;
    });

describe('paper links', () => {
  it('read every form of a link to a paper as its arXiv id, without the version', () => {
    fc.assert(
      fc.property(anyId, version, (id, n) => {
        const v = n === undefined ? '' : `v${n}`;
        fc.assert(
          fc.property(linkTo(id, v), (link) => {
            expect(parsePaperLink(link)?.arxivId).toBe(id);
            // The same link inside a sentence, followed by punctuation, or in brackets.
            expect(findPaperLinks(`see ${link}, it is good.`).map((l) => l.arxivId)).toEqual([id]);
            expect(parsePaperLink(`(${link})`)?.arxivId).toBe(id);
          }),
          { numRuns: 10 },
        );
      }),
      { numRuns: 200 },
    );
  });

  it('read a bare id, with or without a version or an arXiv: mark', () => {
    fc.assert(
      fc.property(anyId, version, fc.constantFrom('', 'arXiv:', 'arxiv: '), (id, n, mark) => {
        const v = n === undefined ? '' : `v${n}`;
        expect(parsePaperLink(`${mark}${id}${v}`)).toEqual({ arxivId: id, ...(n === undefined ? {} : { version: n }), url: `${mark}${id}${v}` });
        // In free text, only a marked id is a paper: a plain number there is often something else.
        expect(findPaperLinks(`read ${mark}${id}${v} today`)).toHaveLength(mark === '' ? 0 : 1);
      }),
      { numRuns: 300 },
    );
  });

  it('keep the version a link named', () => {
    expect(parsePaperLink('https://arxiv.org/abs/2509.24006v2')).toEqual({ arxivId: '2509.24006', version: 2, url: 'https://arxiv.org/abs/2509.24006v2' });
    expect(parsePaperLink('<https://arxiv.org/pdf/hep-th/9901001v3.pdf|paper>')).toEqual({ arxivId: 'hep-th/9901001', version: 3, url: 'https://arxiv.org/pdf/hep-th/9901001v3.pdf' });
  });

  it('name no paper for other hosts, other pages and look-alikes', () => {
    for (const text of [
      'https://arxiv.org/list/cs.LG/recent',
      'https://arxiv.org/abs/',
      'https://notarxiv.org/abs/2509.24006',
      'https://arxiv.org.evil.example/abs/2509.24006',
      'https://huggingface.co/datasets/2509.24006',
      'https://huggingface.co/papers',
      'ftp://arxiv.org/abs/2509.24006',
      'https://example.org/abs/2509.24006',
      '2509.240',
      '25091.24006',
      'https',
      'show',
      '',
    ]) {
      expect(parsePaperLink(text), text).toBeUndefined();
      expect(findPaperLinks(text), text).toEqual([]);
    }
  });

  it('find each paper once, in order, and at most the cap', () => {
    const text = 'a <https://arxiv.org/abs/2509.24006|x> b huggingface.co/papers/2509.24006 c [pdf](https://arxiv.org/pdf/2511.04567v2) d arXiv:hep-th/9901001';
    expect(findPaperLinks(text)).toEqual([
      { arxivId: '2509.24006', url: 'https://arxiv.org/abs/2509.24006' },
      { arxivId: '2511.04567', version: 2, url: 'https://arxiv.org/pdf/2511.04567v2' },
      { arxivId: 'hep-th/9901001', url: 'arXiv:hep-th/9901001' },
    ]);
    const many = Array.from({ length: 30 }, (_, i) => `arxiv.org/abs/2511.${String(i).padStart(5, '0')}`).join(' ');
    expect(findPaperLinks(many)).toHaveLength(MAX_LINKS_PER_TEXT);
  });

  it('never throw, and only give ids the library accepts, on any text', () => {
    fc.assert(
      fc.property(fc.oneof(hostileText(), fc.string({ unit: 'binary', maxLength: 300 })), (text) => {
        const whole = parsePaperLink(text);
        if (whole) expect(whole.arxivId).toMatch(/^(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[a-z]{2})?\/\d{7})$/i);
        for (const link of findPaperLinks(text)) expect(text).toContain(link.url.replace(/^https:\/\//, ''));
      }),
      { numRuns: 1000 },
    );
  });
});
