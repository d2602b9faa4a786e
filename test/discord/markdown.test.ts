import { describe, expect, it } from 'vitest';
import { escapeDiscord } from '../../adapters/discord/markdown.js';

describe('escapeDiscord', () => {
  // Found by the renderer property (seed 299481030): a bare URL ran on over a backslash, which was then
  // left unescaped, so the "\" the escaper put before "<" was itself escaped and "<!channel>" went live.
  it('never lets a backslash inside a bare URL cancel the escaping after it', () => {
    const out = escapeDiscord('[click](https://evil.example)\\<!channel>');
    expect(out).not.toMatch(/(^|[^\\])(?:\\\\)*<[@#/:at!&]/);
    expect(out).toContain('\\\\\\<!channel');
  });

  it('keeps a plain URL as written', () => {
    expect(escapeDiscord('see https://arxiv.org/abs/2509.24006 now')).toBe('see https://arxiv.org/abs/2509.24006 now');
  });
});
