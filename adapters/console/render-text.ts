import type { PaperSummary, PaperView, Reply } from '../../src/commands/reply.js';
import { placeLine } from '../../src/commands/place-line.js';
import { stripControls } from '../../src/text/unicode-controls.js';

// Reply -> plain terminal text. Pure. Digest and user text is stripped of
// control characters so no ANSI escape sequence in a digest can repaint or
// clear the user's terminal, and of bidi overrides so none can reorder a line.

const WIDTH = 100;
const INDENT = '    ';

/** Removes terminal control characters (ESC, BEL, ...) and bidi overrides from untrusted text. */
export function plain(text: string): string {
  return stripControls(text);
}

/**
 * Wraps text at word boundaries, every line prefixed by `indent`; a word
 * longer than the width stands on a line of its own. One scan by index, one
 * slice per line: no array of words and no regex replace, whose cost grew
 * faster than the text (measured: 8 times the text, 15 times the time).
 */
export function wrap(text: string, indent: string, width = WIDTH): string {
  const out: string[] = [];
  const room = Math.max(1, width - indent.length);
  for (const para of plain(text).split('\n')) {
    const n = para.length;
    let lineStart = -1;
    let lineEnd = -1;
    let i = 0;
    for (;;) {
      while (i < n && isSpace(para.charCodeAt(i))) i++;
      if (i >= n) break;
      let j = i;
      while (j < n && !isSpace(para.charCodeAt(j))) j++;
      // The word is para[i, j): it joins the line if the line still fits, else starts the next one.
      if (lineStart !== -1 && j - lineStart > room) {
        out.push(indent + para.slice(lineStart, lineEnd));
        lineStart = -1;
      }
      if (lineStart === -1) lineStart = i;
      lineEnd = j;
      i = j;
    }
    out.push(indent + (lineStart === -1 ? '' : para.slice(lineStart, lineEnd)));
  }
  return out.join('\n');
}

function isSpace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  return code >= 0x80 && /\s/.test(String.fromCharCode(code));
}

function hitList(hits: PaperSummary[], firstNumber: number): string[] {
  return hits.flatMap((h, i) => [
    `${String(firstNumber + i).padStart(2)}. ${plain(h.title)}`,
    `${INDENT}${placeLine(h)}  [${h.arxivId === undefined ? h.id : `arXiv:${h.arxivId}`}]`,
    ...(h.authors === undefined ? [] : [wrap(h.authors, INDENT)]),
    ...(h.snippet === '' ? [] : [wrap(h.snippet, INDENT)]),
    // A known arXiv id gets its page; title-search links wait for the single-paper view.
    ...(h.arxivId === undefined ? [] : [`${INDENT}${h.links[0]!.url}`]),
  ]);
}

/** The full-paper block used by `random`, `show` and the daily post. */
export function renderPaper(heading: string, paper: PaperView): string {
  return [
    `${heading}: ${plain(paper.title)}`,
    `${INDENT}${placeLine(paper)}  [${paper.arxivId === undefined ? paper.id : `arXiv:${paper.arxivId}`}]`,
    ...(paper.authors === undefined ? [] : [wrap(paper.authors, INDENT)]),
    ...(paper.tldr === undefined ? [] : [wrap(`TL;DR (AI summary by Hugging Face): ${paper.tldr}`, INDENT)]),
    ...(paper.snippet === '' ? [] : [wrap(paper.snippet, INDENT)]),
    ...paper.links.map((l) => `${INDENT}${plain(l.label)}: ${plain(l.url)}`),
  ].join('\n');
}

/** The abstract as an indented follow-up: the console's "thread reply". */
export function renderAbstract(paper: PaperView): string {
  const body = paper.abstract === '' ? '(The digest had no abstract for this paper.)' : paper.abstract;
  return [`${INDENT}\u21b3 Abstract of "${plain(paper.title)}"`, wrap(body, `${INDENT}  `)].join('\n');
}

/** Renders any reply as terminal text. */
export function renderText(reply: Reply): string {
  const notes = reply.notes.map((n) => `Note: ${plain(n)}`);
  switch (reply.kind) {
    case 'results': {
      const first = (reply.page - 1) * reply.pageSize + 1;
      const header = `Results for "${plain(reply.query)}": ${reply.total} ${reply.total === 1 ? 'match' : 'matches'}, page ${reply.page} of ${reply.pageCount}`;
      const tips = ['Type "abstract N" to read result N.'];
      if (reply.page < reply.pageCount) tips.push('"more" shows the next page.');
      return [...notes, header, ...hitList(reply.hits, first), tips.join(' ')].join('\n');
    }
    case 'today':
      return [
        ...notes,
        `Top trending papers of ${reply.date}:`,
        ...hitList(reply.hits, 1),
        'Type "abstract N" to read paper N.',
      ].join('\n');
    case 'list':
      return [
        ...notes,
        `${plain(reply.title)}:`,
        ...hitList(reply.hits, 1),
        ...(reply.more === undefined ? [] : [`    ${plain(reply.more)}`]),
        'Type "abstract N" to read paper N.',
      ].join('\n');
    case 'paper':
      return [...notes, renderPaper(reply.heading, reply.paper), 'Type "abstract" to read its abstract.'].join('\n');
    case 'abstract':
      return [...notes, renderAbstract(reply.paper)].join('\n');
    case 'citation':
      return [...notes, `BibTeX for "${plain(reply.paper.title)}":`, plain(reply.bibtex)].join('\n');
    case 'no-results': {
      const lines = [...notes, `No papers match "${plain(reply.query)}".`];
      if (reply.suggestions.length > 0) lines.push(`Did you mean: ${reply.suggestions.map((s) => `"${plain(s)}"`).join(', ')}?`);
      lines.push('Try fewer or different words, or "today" for the newest papers.');
      return lines.join('\n');
    }
    case 'help': {
      const width = Math.max(...reply.entries.map((e) => e.usage.length));
      const lib = reply.library;
      return [
        ...notes,
        'paperbot: search the Hugging Face Daily Papers digests.',
        ...reply.entries.map((e) => `  ${e.usage.padEnd(width)}  ${e.description}`),
        `  ${'abstract N'.padEnd(width)}  the abstract of result N (console)`,
        `  ${'more'.padEnd(width)}  the next page of results (console)`,
        `Library: ${lib.papers} papers from ${lib.digests} digest ${lib.digests === 1 ? 'day' : 'days'}${lib.newest ? `, newest ${lib.newest}` : ''}.`,
      ].join('\n');
    }
    case 'info':
      return [...notes, plain(reply.title), ...reply.lines.map((l) => `  ${plain(l)}`)].join('\n');
    case 'refused':
      return [...notes, `Not allowed: ${plain(reply.message)}`].join('\n');
    case 'error':
      return [...notes, `Sorry: ${plain(reply.message)}`].join('\n');
  }
}
