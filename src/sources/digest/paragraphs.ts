import { stripBidi } from '../../text/unicode-controls.js';
import { readDateLine } from './digest-date.js';

// Digest text -> paragraphs, the parser's units: lines folded and cleaned,
// blank lines between paragraphs, a date line always a paragraph of its own,
// and binary damage marked on the paragraph it is in.

/** A blank-line separated paragraph of a digest, wrapped lines joined. */
export interface Paragraph {
  text: string;
  line: number;
  /** Holds a NUL or another control character no text has: binary damage. */
  damaged: boolean;
  /** The date line this paragraph is, when it is one (read once, in {@link paragraphs}). */
  date?: ReturnType<typeof readDateLine>;
}

// Control characters that never occur in text (tab, line breaks, form feed
// and ESC excepted): their presence means binary data.
// eslint-disable-next-line no-control-regex
const BINARY = /[\u0000-\u0008\u000e-\u001a\u001c-\u001f]/;
// eslint-disable-next-line no-control-regex
export const BINARY_ALL = /[\u0000-\u0008\u000e-\u001a\u001c-\u001f]/g;
/** A file where more than this share of characters is binary is not a text digest at all. */
const BINARY_SHARE = 0.1;

// Whitespace runs that are not already one plain space: a run of two or more,
// or one tab or Unicode space. (Matching every single space made a megabyte
// line of prose cost more than linear time: V8 builds the result per match.)
const SPACES_TO_FOLD = /[\p{Z}\t\v\f]{2,}|[\t\v\f\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/gu;

/** Splits text into blank-line separated paragraphs; wrapped lines are joined. */
export function* paragraphs(text: string): Generator<Paragraph> {
  const lines = text.split(/\r\n|\r|\n/);
  let buf: string[] = [];
  let start = 0;
  let damaged = false;
  for (let i = 0; i <= lines.length; i++) {
    const raw = i < lines.length ? lines[i]! : '';
    // Spaces folded; bidi overrides and isolates dropped (they reorder what a title shows).
    const line = stripBidi(raw.replace(SPACES_TO_FOLD, ' ')).trim();
    const bad = BINARY.test(line);
    // A date line is a paragraph of its own even without blank lines around it.
    const date = line === '' || bad ? undefined : readDateLine(line);
    const standsAlone = date !== undefined;
    if ((line === '' || standsAlone) && buf.length > 0) {
      yield { text: buf.join(' '), line: start + 1, damaged };
      buf = [];
      damaged = false;
    }
    if (standsAlone) {
      yield { text: line, line: i + 1, damaged: false, date };
    } else if (line !== '') {
      if (buf.length === 0) start = i;
      buf.push(line);
      damaged ||= bad;
    }
  }
}

/**
 * The line of the first binary character when binary characters are more
 * than {@link BINARY_SHARE} of the text: an image or archive saved as .txt.
 * Less than that is damage in a text file, handled per paragraph.
 */
export function mostlyBinaryLine(text: string): number | undefined {
  const first = text.search(BINARY);
  if (first === -1) return undefined;
  let count = 0;
  for (let i = first; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c <= 0x08 || (c >= 0x0e && c <= 0x1a) || (c >= 0x1c && c <= 0x1f)) count++;
  }
  return count > text.length * BINARY_SHARE ? text.slice(0, first).split('\n').length : undefined;
}
