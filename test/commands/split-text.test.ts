import { describe, expect, it } from 'vitest';
import { splitText, truncate } from '../../src/commands/split-text.js';

describe('splitText', () => {
  it('keeps short text whole', () => {
    expect(splitText('  short text ', 100)).toEqual(['short text']);
  });

  it('splits a 5000-character abstract into chunks under the limit at sentence or word ends', () => {
    const sentence = 'We propose a method that improves sparse autoencoders on every benchmark we tried. ';
    const text = sentence.repeat(60).trim();
    const chunks = splitText(text, 3000);
    expect(chunks.length).toBe(2);
    expect(chunks.every((c) => c.length <= 3000)).toBe(true);
    expect(chunks[0]!.endsWith('tried.')).toBe(true);
    expect(chunks.join(' ')).toBe(text);
  });

  it('cuts a word longer than the limit, never inside an emoji', () => {
    const chunks = splitText('🚀'.repeat(10), 5);
    expect(chunks.every((c) => c.length <= 5 && !/^[\udc00-\udfff]|[\ud800-\udbff]$/.test(c))).toBe(true);
    expect(chunks.join('')).toBe('🚀'.repeat(10));
  });
});

describe('truncate', () => {
  it('cuts at a word and adds an ellipsis', () => {
    expect(truncate('Sparse autoencoders for interpretability', 25)).toBe('Sparse autoencoders for\u2026');
    expect(truncate('short', 25)).toBe('short');
    expect(truncate('x'.repeat(300), 100)).toHaveLength(100);
  });
});
