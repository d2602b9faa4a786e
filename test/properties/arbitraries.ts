import fc from 'fast-check';

// Shared generators for the property tests: hostile text, and digests built
// from papers the parser must read back exactly.

/** Fragments that have broken chat bots: mentions, links, markup, entities, controls, bidi, emoji. */
const HOSTILE = [
  '<!channel>', '<!here>', '<!everyone>', '<@U123ABC>', '<#C123|general>', '<https://evil.example|click>', '<@&123456789012345678>',
  '@everyone', '@here', '<@123456789012345678>', '<#123456789012345678>', '</paper:123>', '<t:1700000000:R>', '[click](https://evil.example)',
  '*', '**', '_', '__', '~~', '`', '```', '||', '>', '>>> ', '# ', '-# ', '\\', '&', '&amp;', '&lt;', '<', '<<<',
  '\u0000', '\u0007', '\u001b[2J', '\u007f', '\u0085', '\u202e', '\u2066', '\u200f', '\u061c', '\ufeff', '\u200b',
  '\ud83d\ude80', '\ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67', '\ud800', '\udfff', 'e\u0301', '\u4e2d\u6587', '\n', '\n\n', '\r\n', '\t', ' ', '.', '. ',
];

/** Any text a digest or a user might send: random code units mixed with hostile fragments. */
export const hostileText = (maxPieces = 40): fc.Arbitrary<string> =>
  fc
    .array(
      fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...HOSTILE) },
        { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
        { weight: 2, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 30 }) },
        // Now and then a long run, past every platform limit.
        { weight: 1, arbitrary: fc.tuple(fc.constantFrom('x', 'word ', '<', '&', '*_', '@everyone '), fc.integer({ min: 100, max: 3000 })).map(([s, n]) => s.repeat(n)) },
      ),
      { maxLength: maxPieces },
    )
    .map((pieces) => pieces.join(''));

// Words that are neither month names nor the email's noise lines, so a title is never read as a date or skipped.
const WORDS = ['sparse', 'autoencoders', 'diffusion', 'models', 'learning', 'vision', 'language', 'agents', 'scaling', 'attention', 'graph', 'robust', 'tokens', 'reasoning', 'memory', 'policy'];
const word = fc.constantFrom(...WORDS);
const capital = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);

/** A title: 2 to 12 capitalized words, no sentence punctuation (the shape real titles have). */
export const title = fc.array(word, { minLength: 2, maxLength: 12 }).map((ws) => ws.map(capital).join(' '));

/** An abstract: 2 to 8 sentences, each ending with a period. */
export const abstract = fc
  .array(fc.array(word, { minLength: 3, maxLength: 15 }), { minLength: 2, maxLength: 8 })
  .map((sentences) => sentences.map((ws) => `${capital(ws.join(' '))}.`).join(' '));

/** Well-formed papers with distinct titles. */
export const papers = (min = 2, max = 12) => fc.uniqueArray(fc.record({ title, abstract }), { minLength: min, maxLength: max, selector: (p) => p.title.toLowerCase() });

/** Digest text with one date line and the papers, blank lines between paragraphs. */
export function digestText(list: readonly { title: string; abstract: string }[]): string {
  return ['Apr 21', ...list.flatMap((p) => [p.title, p.abstract])].join('\n\n') + '\n';
}

/** Characters that mark binary damage (C0 controls other than tab, line breaks and ESC). */
export const binaryChars = fc.string({ unit: fc.constantFrom(...'\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000e\u000f\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001c\u001d\u001e\u001f'.split('')), minLength: 1, maxLength: 3 });
