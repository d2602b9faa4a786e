// Platform limits cap message and block sizes (Slack section 3000, Discord
// description 4096, content 2000). These helpers cut plain text to a limit
// without breaking words, and say so when something was left out.
//
// Limits apply to the text after the renderer escapes it, and escaping grows
// text ("<" becomes "&lt;" on Slack). So both helpers take the cost of each
// character once escaped, and cut the raw text where its escaped form fits:
// one pass, linear in the input, whatever the input is.

const ELLIPSIS = '\u2026';

/** The length a UTF-16 code unit takes once escaped (1 when nothing is escaped). */
export type CharCost = (code: number) => number;
const PLAIN: CharCost = () => 1;

/**
 * Splits text into chunks whose cost is at most `max`, preferring paragraph,
 * then sentence, then word boundaries; a single word longer than `max` is cut.
 * No chunk is empty; joining the chunks with spaces gives the text back
 * (modulo whitespace at the cut points).
 */
export function splitText(text: string, max: number, cost: CharCost = PLAIN): string[] {
  if (max < 1) throw new RangeError(`splitText: max must be at least 1, got ${max}`);
  const chunks: string[] = [];
  const end = text.trimEnd().length;
  let start = skipSpace(text, 0, end);
  while (start < end) {
    const fits = fitting(text, start, end, max, cost);
    if (start + fits >= end) {
      chunks.push(text.slice(start, end));
      break;
    }
    // The boundary must end within what fits; one character more shows a space right after it.
    const window = text.slice(start, start + fits + 1);
    let cut = lastBoundary(window, /\n\s*\n/g, fits);
    if (cut < fits / 2) cut = Math.max(cut, lastBoundary(window, /[.!?]["')\]]?\s/g, fits));
    if (cut < fits / 2) cut = Math.max(cut, lastBoundary(window, /\s/g, fits));
    if (cut <= 0) cut = safeCut(text, start, fits);
    const chunk = text.slice(start, start + cut).trim();
    if (chunk !== '') chunks.push(chunk);
    start = skipSpace(text, start + cut, end);
  }
  return chunks;
}

/** Cuts text so its cost is at most `max`, at a word boundary, ending with an ellipsis if cut. */
export function truncate(text: string, max: number, cost: CharCost = PLAIN): string {
  if (fitting(text, 0, text.length, max, cost) >= text.length) return text;
  if (max < 2) return text.slice(0, Math.max(0, max));
  // The ellipsis costs one wherever it goes: no platform escapes it.
  const room = fitting(text, 0, text.length, max - 1, cost);
  const space = text.lastIndexOf(' ', room);
  const cut = space > room / 2 ? space : safeCut(text, 0, room);
  return `${text.slice(0, cut).trimEnd()}${ELLIPSIS}`;
}

/**
 * The links (already rendered) that fit whole in `room`, joined by " · ". A
 * link cut in half is broken markup, and a long title makes long search links
 * (CJK takes 9 characters a letter once URL-encoded): those that do not fit
 * are left out.
 */
export function fittingLinks(links: readonly string[], room: number, separator = ' · '): string {
  let out = '';
  for (const l of links) {
    const next = out === '' ? l : `${out}${separator}${l}`;
    if (next.length <= room) out = next;
  }
  return out;
}

/** How many code units from `start` fit within `max` (at least one, so every loop moves on). */
function fitting(text: string, start: number, end: number, max: number, cost: CharCost): number {
  let used = 0;
  let i = start;
  while (i < end) {
    const c = cost(text.charCodeAt(i));
    if (used + c > max) break;
    used += c;
    i++;
  }
  return Math.max(1, i - start);
}

/** The end offset of the last match of `re` that ends within the first `max` characters. */
function lastBoundary(window: string, re: RegExp, max: number): number {
  let best = -1;
  for (const m of window.matchAll(re)) {
    const end = m.index + m[0].length;
    if (end <= max) best = end;
  }
  return best;
}

/** A cut `at` characters after `start` that does not split a surrogate pair (emoji); never 0. */
function safeCut(text: string, start: number, at: number): number {
  const code = text.charCodeAt(start + at - 1);
  return code >= 0xd800 && code <= 0xdbff && at > 1 ? at - 1 : at;
}

function skipSpace(text: string, i: number, end: number): number {
  while (i < end && /\s/.test(text[i]!)) i++;
  return i;
}
