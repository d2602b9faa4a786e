// Platform limits cap message and block sizes (Slack section 3000, Discord
// description 4096, content 2000). These helpers cut plain text to a limit
// without breaking words, and say so when something was left out.

const ELLIPSIS = '\u2026';

/**
 * Splits text into chunks of at most `max` characters, preferring paragraph,
 * then sentence, then word boundaries; a single word longer than `max` is cut.
 * No chunk is empty; joining the chunks with spaces gives the text back
 * (modulo whitespace at the cut points).
 */
export function splitText(text: string, max: number): string[] {
  if (max < 1) throw new RangeError(`splitText: max must be at least 1, got ${max}`);
  const chunks: string[] = [];
  let rest = text.trim();
  while (rest.length > max) {
    const window = rest.slice(0, max + 1);
    let cut = lastBoundary(window, /\n\s*\n/g, max);
    if (cut < max / 2) cut = Math.max(cut, lastBoundary(window, /[.!?]["')\]]?\s/g, max));
    if (cut < max / 2) cut = Math.max(cut, lastBoundary(window, /\s/g, max));
    if (cut <= 0) cut = safeCut(rest, max);
    chunks.push(rest.slice(0, cut).trim());
    rest = rest.slice(cut).trim();
  }
  if (rest !== '') chunks.push(rest);
  return chunks;
}

/** Cuts text to at most `max` characters at a word boundary, ending with an ellipsis if cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max < 2) return text.slice(0, max);
  const room = max - ELLIPSIS.length;
  const space = text.lastIndexOf(' ', room);
  const cut = space > room / 2 ? space : safeCut(text, room);
  return `${text.slice(0, cut).trimEnd()}${ELLIPSIS}`;
}

/** The end index of the last match of `re` within the first `max` characters. */
function lastBoundary(window: string, re: RegExp, max: number): number {
  let best = -1;
  for (const m of window.matchAll(re)) {
    const end = m.index + m[0].length;
    if (end <= max) best = end;
  }
  return best;
}

/** A cut at or before `at` that does not split a surrogate pair (emoji). */
function safeCut(text: string, at: number): number {
  const code = text.charCodeAt(at - 1);
  return code >= 0xd800 && code <= 0xdbff ? at - 1 : at;
}
