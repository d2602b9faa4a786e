import { processTerm, TOKEN } from './text-terms.js';

/** How long a snippet is, about one chat line and a half. */
export const SNIPPET_LENGTH = 180;

/**
 * A short extract of `text` around the words that matched: the window of
 * about {@link SNIPPET_LENGTH} characters holding the most distinct matched
 * terms, cut at word boundaries, with an ellipsis where text was left out.
 * `matched` holds processed terms (as the index stores them). Without a match
 * in the text, the snippet is its opening.
 */
export function makeSnippet(text: string, matched: ReadonlySet<string>, length = SNIPPET_LENGTH): string {
  if (text.length <= length) return text;
  const hits: { at: number; term: string }[] = [];
  if (matched.size > 0) {
    for (const m of text.matchAll(TOKEN)) {
      const term = processTerm(m[0]);
      if (term && matched.has(term)) hits.push({ at: m.index, term });
    }
  }
  let start = 0;
  let best = 0;
  for (let i = 0; i < hits.length; i++) {
    const terms = new Set<string>();
    for (let j = i; j < hits.length && hits[j]!.at < hits[i]!.at + length * 0.8; j++) terms.add(hits[j]!.term);
    if (terms.size > best) {
      best = terms.size;
      start = hits[i]!.at;
    }
  }
  // Give the first hit some lead-in context, back to a word boundary.
  if (start > 0) start = Math.max(0, start - Math.floor(length / 4));
  if (start > 0) {
    const space = text.indexOf(' ', start);
    start = space === -1 || space - start > 20 ? start : space + 1;
  }
  let end = Math.min(text.length, start + length);
  if (end < text.length) {
    const space = text.lastIndexOf(' ', end);
    if (space > start + length / 2) end = space;
  }
  const body = text.slice(start, end).trim();
  return `${start > 0 ? '\u2026' : ''}${body}${end < text.length ? '\u2026' : ''}`;
}
