// Telling a title from an abstract.
//
// Length alone fails both ways: some abstracts are one short sentence, and
// some titles run past 150 characters. What does separate them is prose
// structure: abstracts are sentences (they end with a period, usually contain
// several sentence breaks), titles are phrases (no terminal period, no break
// between sentences). The digest also alternates title, abstract, title, ...,
// so the parser tells us which one it expects next, and we only overrule that
// expectation on clear evidence.

// Abbreviations whose period does not end a sentence ("Singh et al. (2020)").
const ABBREVIATIONS = /(?:\bet al|\be\.g|\bi\.e|\bvs|\bcf|\bfig|\beq|\bsec|\bno|\bvol|\bapprox|\bresp|\bca|\bdr|\bmr|\bms|\bst|\bjr|\binc|\bltd|\bco|\bu\.s)\.$/i;
// A sentence break: end punctuation, optional closing quote or bracket, then a
// space and a capital, digit or opening bracket.
const SENTENCE_BREAK = /[.!?]["'\u201d\u2019)\]]?\s+(?=["'\u201c\u2018(\[]?[\p{Lu}\p{N}])/gu;
const TERMINAL_PERIOD = /[.\u2026]["'\u201d\u2019)\]]?$/u;

/** The structural facts of a paragraph that decide what it is. */
export interface ParagraphShape {
  length: number;
  words: number;
  sentenceBreaks: number;
  endsWithPeriod: boolean;
}

/** Measures a paragraph's shape. */
export function shapeOf(text: string): ParagraphShape {
  let sentenceBreaks = 0;
  for (const m of text.matchAll(SENTENCE_BREAK)) {
    const before = text.slice(0, m.index + 1);
    if (!ABBREVIATIONS.test(before)) sentenceBreaks++;
  }
  return {
    length: text.length,
    words: text.split(/\s+/).filter(Boolean).length,
    sentenceBreaks,
    endsWithPeriod: TERMINAL_PERIOD.test(text) && !ABBREVIATIONS.test(text),
  };
}

/** What the parser expects the next paragraph to be. */
export type ParagraphKind = 'title' | 'abstract';

// Real titles: median 76 characters, longest seen 175. Anything this long is
// prose whatever its punctuation, and is only one of several signals.
const PROSE_LENGTH = 400;
const PROSE_WORDS = 60;
// A title-shaped paragraph can still be an abstract when we expect one (an
// abstract cut off without its final period). Past this size, it is not a title.
const TITLE_MAX_LENGTH = 300;

/**
 * Decides whether a paragraph is a title or an abstract, given what the
 * sequence says should come next.
 */
export function classifyParagraph(text: string, expected: ParagraphKind): ParagraphKind {
  // Past these lengths the answer is known: no need to measure a long abstract's every sentence.
  if (text.length > PROSE_LENGTH || (expected === 'abstract' && text.length > TITLE_MAX_LENGTH)) return 'abstract';
  const shape = shapeOf(text);
  if (expected === 'title') {
    // Overrule only on clear prose: a sentence with a final period, several
    // sentences, or a length no title has.
    const clearlyProse =
      shape.endsWithPeriod || shape.sentenceBreaks >= 2 || shape.length > PROSE_LENGTH || shape.words > PROSE_WORDS;
    return clearlyProse ? 'abstract' : 'title';
  }
  // Expecting an abstract: a phrase with no sentence punctuation at all and of
  // a title's size is the next paper's title (this paper had no abstract).
  const clearlyTitle = !shape.endsWithPeriod && shape.sentenceBreaks === 0 && shape.length <= TITLE_MAX_LENGTH;
  return clearlyTitle ? 'title' : 'abstract';
}
