import { BIDI_CONTROLS, TERMINAL_CONTROLS } from '../../src/text/unicode-controls.js';

// Discord markdown escaping for untrusted text (digest titles and abstracts,
// queries), in one linear pass. discord.js's escapeMarkdown is not used: its
// lookbehinds rescan the text before every character, so a 4,000-character
// abstract took 85 ms and a 1 MB one seconds (measured), and it leaves masked
// links ("[label](https://...)") live, which in an embed is a disguised link.
//
// Every markdown character gets a backslash, which Discord shows as the bare
// character: * _ ~ ` | (emphasis, code, spoilers), [ ] (masked links), < >
// (mention, channel, emoji and timestamp syntax; quotes), # (headings) and the
// backslash itself. "@" gets a zero-width space, so "@everyone" does not even
// look like a ping (allowed_mentions already stops it). Bare URLs are left
// as written so links in abstracts keep working; they show where they go.

const MARKDOWN = /[\\*_~`|[\]<>#]/g;
// A URL runs to the first space, markdown bracket or backslash (a backslash left inside it would
// escape the escaper's own backslash after it); inside it only "@" is touched.
const URL = /https?:\/\/[^\s<>[\]`|\\]+/g;

/** Escapes untrusted text for any Discord field that renders markdown. */
export function escapeDiscord(text: string): string {
  const clean = text.replace(TERMINAL_CONTROLS, '').replace(BIDI_CONTROLS, '');
  let out = '';
  let from = 0;
  for (const m of clean.matchAll(URL)) {
    out += escapePlain(clean.slice(from, m.index)) + m[0].replace(/@/g, '@\u200b');
    from = m.index + m[0].length;
  }
  return out + escapePlain(clean.slice(from));
}

function escapePlain(text: string): string {
  return text.replace(MARKDOWN, '\\$&').replace(/@/g, '@\u200b');
}

/** What one character can become in {@link escapeDiscord}: 2 for escaped characters and "@", else 1. */
export function discordCost(code: number): number {
  switch (code) {
    case 0x5c: // \
    case 0x2a: // *
    case 0x5f: // _
    case 0x7e: // ~
    case 0x60: // `
    case 0x7c: // |
    case 0x5b: // [
    case 0x5d: // ]
    case 0x3c: // <
    case 0x3e: // >
    case 0x23: // #
    case 0x40: // @
      return 2;
    default:
      return 1;
  }
}
