import { classifyParagraph, type ParagraphKind } from './classify-paragraph.js';
import { dayFromFileName, isoDayOf, parseDateLine, resolveDay } from './digest-date.js';
import type { DigestPaper, DigestProblem, DigestSection, IsoDay, ParsedDigest } from './digest-types.js';

// Lines the email prints around the papers. They are skipped wherever they
// appear; any other text before the first date line is skipped as well.
const KNOWN_NOISE = new Set(
  ['new', 'get trending papers in your email inbox!', 'subscribe', 'byak and the research community', 'unsubscribe'],
);
// Titles longer than this are cut (with a warning) so one bad paragraph cannot
// blow up every message that shows it.
const MAX_TITLE_LENGTH = 500;

/** Where a digest came from and when it is being ingested. */
export interface ParseContext {
  /** Shown in every problem; its `YYYY-MM-DD`, if any, anchors the year. */
  fileName: string;
  /** Ingestion time: the year of a date line is the latest not after it. */
  now: Date;
}

interface Paragraph {
  text: string;
  line: number;
}

/**
 * Parses the text of a digest email into dated sections of ranked papers.
 * Never throws: anything wrong becomes a problem naming the file and line,
 * and every paper that could be read is kept.
 */
export function parseDigest(text: string, ctx: ParseContext): ParsedDigest {
  const file = ctx.fileName;
  const problems: DigestProblem[] = [];
  const problem = (level: DigestProblem['level'], message: string, line?: number) =>
    problems.push(line === undefined ? { level, file, message } : { level, file, line, message });

  const clean = text.replace(/^\uFEFF/, '');
  if (clean.trim() === '') {
    problem('error', 'the file is empty: expected a date line such as "Apr 21" followed by titles and abstracts');
    return { file, sections: [], problems };
  }
  const binaryLine = findBinaryLine(clean);
  if (binaryLine !== undefined) {
    problem('error', 'this is not a text digest (binary data found)', binaryLine);
    return { file, sections: [], problems };
  }

  const fileDay = dayFromFileName(file);
  const anchor = fileDay ? { day: fileDay, slackDays: 0 } : { day: isoDayOf(ctx.now), slackDays: 1 };
  const sections: DigestSection[] = [];
  let section: DigestSection | undefined;
  let pending: Paragraph | undefined; // a title still waiting for its abstract
  let skippedBeforeDate: number | undefined;

  const addPaper = (title: Paragraph, abstract: string) => {
    if (!section) return;
    let titleText = title.text;
    if (titleText.length > MAX_TITLE_LENGTH) {
      problem('warning', `title is ${titleText.length} characters; cut to ${MAX_TITLE_LENGTH}`, title.line);
      titleText = `${titleText.slice(0, MAX_TITLE_LENGTH - 1)}\u2026`;
    }
    const paper: DigestPaper = { title: titleText, abstract, rank: section.papers.length + 1, line: title.line };
    section.papers.push(paper);
  };
  const flushPending = () => {
    if (!pending) return;
    problem('warning', `"${preview(pending.text)}" has no abstract; kept with an empty one`, pending.line);
    addPaper(pending, '');
    pending = undefined;
  };

  for (const para of paragraphs(clean)) {
    const dateLine = parseDateLine(para.text);
    if (dateLine) {
      flushPending();
      const day = resolveDay(dateLine, anchor);
      if (!day) {
        problem('error', `"${para.text}" is not a day that can be placed in a year; its papers are skipped`, para.line);
        section = undefined;
        continue;
      }
      if (fileDay && sections.length === 0 && day !== fileDay && dateLine.year === undefined) {
        problem('warning', `date line "${para.text}" differs from the file name's ${fileDay}; using ${day}`, para.line);
      }
      section = { date: day, line: para.line, papers: [] };
      sections.push(section);
      continue;
    }
    if (KNOWN_NOISE.has(para.text.toLowerCase())) continue;
    if (!section) {
      skippedBeforeDate ??= para.line;
      continue;
    }
    const expected: ParagraphKind = pending ? 'abstract' : 'title';
    const kind = classifyParagraph(para.text, expected);
    if (kind === 'title') {
      flushPending();
      pending = para;
    } else if (pending) {
      addPaper(pending, para.text);
      pending = undefined;
    } else {
      const last = section.papers.at(-1);
      if (last && last.abstract !== '') {
        // A second paragraph of prose right after an abstract continues it.
        last.abstract = `${last.abstract}\n\n${para.text}`;
      } else if (last) {
        last.abstract = para.text;
      } else {
        problem('warning', `text "${preview(para.text)}" has no title before it; skipped`, para.line);
      }
    }
  }
  flushPending();

  if (sections.length === 0) {
    problem(
      'error',
      'no date line found (expected a line such as "Apr 21" before the papers); nothing loaded',
      skippedBeforeDate,
    );
  } else {
    for (const s of sections) {
      if (s.papers.length === 0) problem('warning', `the section dated ${s.date} has no papers`, s.line);
    }
  }
  return { file, sections: mergeSameDay(sections), problems };
}

/** Splits text into blank-line separated paragraphs; wrapped lines are joined. */
function* paragraphs(text: string): Generator<Paragraph> {
  const lines = text.split(/\r\n|\r|\n/);
  let buf: string[] = [];
  let start = 0;
  for (let i = 0; i <= lines.length; i++) {
    const raw = i < lines.length ? lines[i]! : '';
    const line = raw.replace(/[\p{Z}\t\v\f]+/gu, ' ').trim();
    // A date line is a paragraph of its own even without blank lines around it.
    const standsAlone = line !== '' && parseDateLine(line) !== undefined;
    if ((line === '' || standsAlone) && buf.length > 0) {
      yield { text: buf.join(' '), line: start + 1 };
      buf = [];
    }
    if (standsAlone) {
      yield { text: line, line: i + 1 };
    } else if (line !== '') {
      if (buf.length === 0) start = i;
      buf.push(line);
    }
  }
}

/** Two sections with the same day in one file become one, in file order. */
function mergeSameDay(sections: DigestSection[]): DigestSection[] {
  const byDay = new Map<IsoDay, DigestSection>();
  for (const s of sections) {
    const seen = byDay.get(s.date);
    if (!seen) {
      byDay.set(s.date, s);
      continue;
    }
    for (const p of s.papers) seen.papers.push({ ...p, rank: seen.papers.length + 1 });
  }
  return [...byDay.values()];
}

/** The 1-based line of the first NUL or other binary control character, if any. */
function findBinaryLine(text: string): number | undefined {
  // eslint-disable-next-line no-control-regex
  const m = /[\u0000-\u0008\u000e-\u001a\u001c-\u001f]/.exec(text);
  if (!m) return undefined;
  return text.slice(0, m.index).split('\n').length;
}

function preview(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
