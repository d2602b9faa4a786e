import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParsedDigestSchema } from '../../src/sources/digest/digest-types.js';
import { decodeDigest } from '../../src/sources/digest/decode-digest.js';
import { parseDigest } from '../../src/sources/digest/parse-digest.js';
import { PROBLEMS_SHOWN } from '../../src/sources/digest/problem-log.js';
import { NOW } from '../helpers/sample.js';
import { binaryChars, digestText, hostileText, papers } from './arbitraries.js';

const parse = (text: string) => parseDigest(text, { fileName: 'prop.txt', now: NOW });

describe('the digest parser, on any input', () => {
  it('never throws, and returns a valid digest with at most a screenful of problems per level', () => {
    const lines = fc.array(fc.oneof(hostileText(8), fc.constantFrom('Apr 21', 'Feb 30', 'May 3, 2024', '', 'new', 'Some Title', 'We did it. It works.')), { maxLength: 60 });
    fc.assert(
      fc.property(fc.oneof(hostileText(), lines.map((l) => l.join('\n'))), (text) => {
        const d = parse(text);
        expect(() => ParsedDigestSchema.parse(d)).not.toThrow();
        for (const level of ['error', 'warning'] as const) {
          expect(d.problems.filter((p) => p.level === level && p.count === undefined).length).toBeLessThanOrEqual(PROBLEMS_SHOWN);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on any bytes, whatever their encoding', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
        const decoded = decodeDigest(bytes);
        expect(typeof decoded.text).toBe('string');
        expect(() => ParsedDigestSchema.parse(parse(decoded.text))).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });

  it('reads back every well-formed paper exactly, in order', () => {
    fc.assert(
      fc.property(papers(1, 15), (list) => {
        const d = parse(digestText(list));
        expect(d.problems).toEqual([]);
        expect(d.sections[0]!.papers.map((p) => ({ title: p.title, abstract: p.abstract }))).toEqual(list);
      }),
      { numRuns: 200 },
    );
  });

  it('keeps every well-formed paper around one damaged paragraph, and names its line', () => {
    fc.assert(
      fc.property(papers(2, 12), fc.nat(), fc.nat(), binaryChars, (list, which, where, damage) => {
        // Paragraph 0 is the date line; then title, abstract, title, abstract, ...
        const paragraphs = ['Apr 21', ...list.flatMap((p) => [p.title, p.abstract])];
        const index = 1 + (which % (paragraphs.length - 1));
        const target = paragraphs[index]!;
        const at = where % (target.length + 1);
        paragraphs[index] = `${target.slice(0, at)}${damage}${target.slice(at)}`;
        const text = `${paragraphs.join('\n\n')}\n`;
        const d = parse(text);

        const paper = Math.floor((index - 1) / 2);
        const damagedTitle = (index - 1) % 2 === 0;
        const expected = damagedTitle ? list.filter((_, i) => i !== paper) : list.map((p, i) => (i === paper ? { ...p, abstract: '' } : p));
        expect(d.sections[0]!.papers.map((p) => ({ title: p.title, abstract: p.abstract }))).toEqual(expected);
        const line = text.split('\n').findIndex((l) => l.includes(damage)) + 1;
        expect(d.problems).toEqual([{ level: 'error', file: 'prop.txt', line, message: expect.stringContaining('binary data') }]);
      }),
      { numRuns: 300 },
    );
  });
});
