import type { PaperView, Reply } from '../../src/commands/reply.js';
import { replyActions } from '../../src/conversation/actions.js';
import { linkedLine, placeLine } from '../../src/commands/place-line.js';
import { stripControls } from '../../src/text/unicode-controls.js';

// Reply -> plain terminal text. Pure. Digest and user text is stripped of
// control characters so no ANSI escape sequence in a digest can repaint or
// clear the user's terminal, and of bidi overrides so none can reorder a line.
//
// Every line is wrapped to the terminal's width (the adapter passes it), at
// word boundaries: a terminal that wraps a long line itself cuts words in
// half and loses the indentation. Only a word longer than the width (a URL)
// runs over, whole, so it can still be clicked or copied.

/** The width when the terminal's is unknown. */
export const DEFAULT_WIDTH = 80;
const INDENT = '    ';

/** Removes terminal control characters (ESC, BEL, ...) and bidi overrides from untrusted text. */
export function plain(text: string): string {
  return stripControls(text);
}

/**
 * Wraps text at word boundaries into lines of at most `width` characters: the
 * first line starts with `first`, the others with `indent` (a hanging indent).
 * Line breaks in the text are kept. A word longer than the room stands on a
 * line of its own, unbroken. One scan by index, one slice per line: no array
 * of words and no regex replace, whose cost grew faster than the text
 * (measured: 8 times the text, 15 times the time).
 */
export function wrap(text: string, indent: string, width = DEFAULT_WIDTH, first = indent): string {
  const out: string[] = [];
  let prefix = first;
  let room = Math.max(1, width - prefix.length);
  const push = (line: string) => {
    out.push(prefix + line);
    prefix = indent;
    room = Math.max(1, width - indent.length);
  };
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
        push(para.slice(lineStart, lineEnd));
        lineStart = -1;
      }
      if (lineStart === -1) lineStart = i;
      lineEnd = j;
      i = j;
    }
    push(lineStart === -1 ? '' : para.slice(lineStart, lineEnd));
  }
  return out.join('\n');
}

function isSpace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  return code >= 0x80 && /\s/.test(String.fromCharCode(code));
}

/** A reply's papers under the numbers the core gave them (page 2 of a search starts at 6). */
function hitList(reply: Reply, width: number): string[] {
  return replyActions(reply).papers.flatMap(({ n, paper: h }) => [
    wrap(h.title, INDENT, width, `${String(n).padStart(2)}. `),
    wrap(`${placeLine(h)}  [${h.arxivId === undefined ? h.id : `arXiv:${h.arxivId}`}]`, INDENT, width),
    ...(h.authors === undefined ? [] : [wrap(h.authors, INDENT, width)]),
    ...(h.snippet === '' ? [] : [wrap(h.snippet, INDENT, width)]),
    ...(h.note === undefined ? [] : [wrap(`(${h.note})`, INDENT, width)]),
    // A known arXiv id gets its page; title-search links wait for the single-paper view.
    ...(h.arxivId === undefined || h.links[0] === undefined ? [] : [wrap(h.links[0].url, INDENT, width)]),
  ]);
}

/** The full-paper block used by `random`, `show` and the daily post. */
export function renderPaper(heading: string, paper: PaperView, width = DEFAULT_WIDTH): string {
  return [
    wrap(`${heading}: ${paper.title}`, INDENT, width, ''),
    wrap(`${placeLine(paper)}  [${paper.arxivId === undefined ? paper.id : `arXiv:${paper.arxivId}`}]`, INDENT, width),
    ...(paper.authors === undefined ? [] : [wrap(paper.authors, INDENT, width)]),
    ...(paper.tldr === undefined ? [] : [wrap(`TL;DR (AI summary by Hugging Face): ${paper.tldr}`, INDENT, width)]),
    ...(paper.snippet === '' ? [] : [wrap(paper.snippet, INDENT, width)]),
    // The URL after the label, on the next line when both do not fit: it is never cut.
    ...paper.links.map((l) => wrap(`${l.label}: ${l.url}`, `${INDENT}  `, width, INDENT)),
  ].join('\n');
}

/** Paper cards (a pasted link or id): each numbered, with where it trended, the TL;DR, what the Hub links and every link. */
function renderCards(reply: Extract<Reply, { kind: 'card' }>, width: number): string[] {
  const numbers = replyActions(reply).papers.map((p) => p.n);
  return reply.cards.flatMap((card, i) => {
    const n = numbers[i] ?? i + 1;
    const linked = linkedLine(card.linked);
    return [
      wrap(card.title, INDENT, width, `${String(n).padStart(2)}. `),
      wrap(`${placeLine(card)}  [${card.arxivId === undefined ? card.id : `arXiv:${card.arxivId}`}]`, INDENT, width),
      ...(card.authors === undefined ? [] : [wrap(card.authors, INDENT, width)]),
      ...(card.tldr === undefined ? [] : [wrap(`TL;DR (AI summary by Hugging Face): ${card.tldr}`, INDENT, width)]),
      ...(linked === undefined ? [] : [wrap(linked, INDENT, width)]),
      ...card.links.map((l) => wrap(`${l.label}: ${l.url}`, `${INDENT}  `, width, INDENT)),
    ];
  });
}

/** The abstract as an indented follow-up: the console's "thread reply". */
export function renderAbstract(paper: PaperView, width = DEFAULT_WIDTH): string {
  const body = paper.abstract === '' ? '(The digest had no abstract for this paper.)' : paper.abstract;
  return [wrap(`\u21b3 Abstract of "${paper.title}"`, `${INDENT}  `, width, INDENT), wrap(body, `${INDENT}  `, width)].join('\n');
}

/** A line of the bot's own words (or with untrusted text in it), wrapped flush left. */
function line(text: string, width: number, indent = '  '): string {
  return wrap(text, indent, width, '');
}

/** A line after `base` that keeps its own leading spaces (a table, BibTeX), continued two further in. */
function keepIndent(text: string, base: string, width: number): string {
  const lead = base + /^[ \t]*/.exec(text)![0].replace(/\t/g, '  ');
  return wrap(text, `${lead}  `, width, lead);
}

/**
 * The commands as a two-column table: usage, then what it does, wrapped in its
 * column. A usage too wide for the column (at most 45% of the width) stands on
 * its own line, its description below it in the column.
 */
function helpTable(rows: { usage: string; description: string }[], width: number): string[] {
  const column = Math.max(0, ...rows.map((r) => r.usage.length).filter((n) => 2 + n + 2 <= width * 0.45));
  const indent = ' '.repeat(2 + column + 2);
  return rows.map((r) =>
    r.usage.length <= column
      ? wrap(r.description, indent, width, `  ${r.usage.padEnd(column)}  `)
      : `${wrap(r.usage, '    ', width, '  ')}\n${wrap(r.description, indent, width)}`,
  );
}

/** Renders any reply as terminal text, `width` columns wide. */
export function renderText(reply: Reply, width = DEFAULT_WIDTH): string {
  const notes = reply.notes.map((n) => wrap(`Note: ${n}`, '      ', width, ''));
  switch (reply.kind) {
    case 'results': {
      const header = `Results for "${reply.query}": ${reply.total} ${reply.total === 1 ? 'match' : 'matches'}, page ${reply.page} of ${reply.pageCount}`;
      const tips = ['Type "abstract N" to read result N, "save N" to keep it.'];
      if (reply.page < reply.pageCount) tips.push('"more" shows the next page.');
      return [...notes, line(header, width), ...hitList(reply, width), line(tips.join(' '), width)].join('\n');
    }
    case 'today':
      return [...notes, line(`Top trending papers of ${reply.date}:`, width), ...hitList(reply, width), line('Type "abstract N" to read paper N.', width)].join('\n');
    case 'list':
      return [
        ...notes,
        line(`${reply.title}:`, width),
        ...hitList(reply, width),
        ...(reply.more === undefined ? [] : [wrap(reply.more, INDENT, width)]),
        line('Type "abstract N" to read paper N.', width),
      ].join('\n');
    case 'saved': {
      const tips = ['"abstract N" reads paper N, "unsave N" takes it off.'];
      if (reply.page < reply.pageCount) tips.push(`"saved ${reply.page + 1}" shows the next page.`);
      return [
        ...notes,
        line(`Your reading list: ${reply.total} ${reply.total === 1 ? 'paper' : 'papers'}, newest first, page ${reply.page} of ${reply.pageCount} (only you see it):`, width),
        ...hitList(reply, width),
        line(tips.join(' '), width),
      ].join('\n');
    }
    case 'bibtex':
      return [
        ...notes,
        line(`${reply.title}:`, width),
        ...plain(reply.bibtex)
          .split('\n')
          .map((l) => keepIndent(l, '', width)),
      ].join('\n');
    case 'paper':
      return [...notes, renderPaper(reply.heading, reply.paper, width), line('Type "abstract" to read its abstract.', width)].join('\n');
    case 'card': {
      const tip = reply.cards.length === 1 ? 'Type "abstract", "save 1", "cite", "related" or "watch 1" for this paper.' : 'Type "abstract N", "save N", "cite N", "related N" or "watch N" for paper N.';
      // A card sent unasked (a watch alert) says why first: its heading, then what changed.
      const why = reply.heading === undefined ? [] : [line(`${reply.heading}:`, width), ...(reply.lines ?? []).map((l) => wrap(l, INDENT, width))];
      return [...notes, ...why, ...renderCards(reply, width), line(tip, width)].join('\n');
    }
    case 'abstract':
      return [...notes, renderAbstract(reply.paper, width)].join('\n');
    case 'citation':
      // Each BibTeX line keeps its own indentation; a continued line is indented two more (BibTeX ignores the break).
      return [
        ...notes,
        line(`BibTeX for "${reply.paper.title}":`, width),
        ...plain(reply.bibtex)
          .split('\n')
          .map((l) => keepIndent(l, '', width)),
      ].join('\n');
    case 'no-results': {
      const lines = [...notes, line(`No papers match "${reply.query}".`, width)];
      if (reply.suggestions.length > 0) lines.push(line(`Did you mean: ${reply.suggestions.map((s) => `"${s}"`).join(', ')}?`, width));
      lines.push(line('Try fewer or different words, or "today" for the newest papers.', width));
      return lines.join('\n');
    }
    case 'help': {
      const lib = reply.library;
      return [
        ...notes,
        line('paperbot: search the Hugging Face Daily Papers digests.', width),
        ...helpTable(reply.entries, width),
        line(`Library: ${lib.papers} papers from ${lib.digests} digest ${lib.digests === 1 ? 'day' : 'days'}${lib.newest ? `, newest ${lib.newest}` : ''}.`, width),
      ].join('\n');
    }
    case 'info':
      return [...notes, line(reply.title, width), ...reply.lines.map((l) => keepIndent(l, '  ', width))].join('\n');
    case 'refused':
      return [...notes, line(`Not allowed: ${reply.message}`, width)].join('\n');
    case 'error':
      return [...notes, line(`Sorry: ${reply.message}`, width)].join('\n');
  }
}
