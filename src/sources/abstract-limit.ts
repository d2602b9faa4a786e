// How much of an abstract paperbot keeps. arXiv caps abstracts near 1,920
// characters; the longest real ones in digests are a few thousand. A digest
// can still hold a megabyte in one paragraph (a pasted PDF, a broken export),
// and every search snippet, thread reply and index entry would carry it.

/** Abstracts longer than this are cut, with a note saying so where the cut is. */
export const MAX_ABSTRACT_LENGTH = 20_000;

/** What {@link capAbstract} did. */
export interface CappedAbstract {
  text: string;
  /** The length before cutting, when it was cut. */
  cutFrom?: number;
}

/**
 * Cuts an abstract longer than {@link MAX_ABSTRACT_LENGTH} at a sentence end
 * (or a word end) before the limit and appends a note that tells the reader
 * it was cut and how long the original is. Shorter text comes back as is.
 */
export function capAbstract(text: string, max = MAX_ABSTRACT_LENGTH): CappedAbstract {
  if (text.length <= max) return { text };
  const head = text.slice(0, max);
  // A sentence end in the last tenth reads best; else a word end; else a hard cut.
  const sentence = Math.max(head.lastIndexOf('. '), head.lastIndexOf('.\n'));
  const space = head.lastIndexOf(' ');
  let cut = sentence > max * 0.9 ? sentence + 1 : space > max * 0.5 ? space : max;
  const code = head.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut--; // never split an emoji's surrogate pair
  const note = `[cut here: the digest's abstract has ${text.length.toLocaleString('en-US')} characters; paperbot keeps the first ${max.toLocaleString('en-US')}]`;
  return { text: `${head.slice(0, cut).trimEnd()} \u2026 ${note}`, cutFrom: text.length };
}
