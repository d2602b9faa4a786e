import { capAbstract, MAX_ABSTRACT_LENGTH } from '../abstract-limit.js';
import { classifyParagraph, type ParagraphKind } from './classify-paragraph.js';
import { dayFromFileName, isoDayOf, readDateLine, resolveDay, type DateLine } from './digest-date.js';
import type { DigestPaper, DigestProblem, DigestSection, IsoDay, ParsedDigest } from './digest-types.js';
import { BINARY_ALL, mostlyBinaryLine, paragraphs, type Paragraph } from './paragraphs.js';
import { ProblemLog } from './problem-log.js';

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
  /** Where problems go; the file reader passes the log that already holds its decoding warnings. */
  log?: ProblemLog;
}

const DAMAGE = 'binary data (a NUL or other control character)';

/**
 * Parses the text of a digest email into dated sections of ranked papers.
 * Never throws: anything wrong becomes a problem naming the file and line,
 * and every paper that could be read is kept. Linear in the text's length.
 */
export function parseDigest(text: string, ctx: ParseContext): ParsedDigest {
  const file = ctx.fileName;
  const log = ctx.log ?? new ProblemLog(file);
  const problem = (level: DigestProblem['level'], message: string, line?: number) => log.add(level, message, line);

  const clean = text.replace(/^\uFEFF/, '');
  if (clean.trim() === '') {
    problem('error', 'the file is empty: expected a date line such as "Apr 21" followed by titles and abstracts');
    return { file, sections: [], problems: log.list() };
  }
  const binaryLine = mostlyBinaryLine(clean);
  if (binaryLine !== undefined) {
    problem('error', 'this is not a text digest (binary data found)', binaryLine);
    return { file, sections: [], problems: log.list() };
  }

  const fileDay = dayFromFileName(file);
  const anchor = fileDay ? { day: fileDay, slackDays: 0 } : { day: isoDayOf(ctx.now), slackDays: 1 };
  // A file may repeat one date line a million times: each distinct day is resolved once.
  const resolved = new Map<string, IsoDay | undefined>();
  const resolveCached = (d: DateLine) => {
    const key = `${d.year ?? ''}-${d.month}-${d.day}`;
    if (!resolved.has(key)) resolved.set(key, resolveDay(d, anchor));
    return resolved.get(key);
  };
  const sections: DigestSection[] = [];
  let section: DigestSection | undefined;
  let pending: Paragraph | undefined; // a title still waiting for its abstract
  let skippedBeforeDate: number | undefined;
  let firstDamage: number | undefined;
  let badDates = 0;
  // After a damaged paragraph, prose is not glued to the paper before it: it
  // is the abstract (or the rest) of what was damaged, skipped up to the next title.
  let skipProse = false;

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
    const dateLine = para.date ?? (para.damaged ? undefined : readDateLine(para.text));
    if (dateLine) {
      flushPending();
      skipProse = false;
      if ('problem' in dateLine) {
        badDates++;
        problem('error', `${dateLine.problem}; the papers under it are skipped`, para.line);
        section = undefined;
        continue;
      }
      const day = resolveCached(dateLine);
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
    if (!para.damaged && KNOWN_NOISE.has(para.text.toLowerCase())) continue;
    if (!section) {
      if (para.damaged) firstDamage ??= para.line;
      skippedBeforeDate ??= para.line;
      continue;
    }
    if (para.damaged) {
      firstDamage ??= para.line;
      // Which paragraph was damaged decides what is lost: an abstract loses only
      // itself (its paper stays, without it); a title loses its paper.
      const kind = classifyParagraph(para.text.replace(BINARY_ALL, ' '), pending ? 'abstract' : 'title');
      if (pending && kind === 'abstract') {
        problem('error', `${DAMAGE} in the abstract of "${preview(pending.text)}"; kept the paper without its abstract`, para.line);
        addPaper(pending, '');
        pending = undefined;
      } else if (kind === 'title') {
        flushPending();
        problem('error', `${DAMAGE} in a title; skipped that paper`, para.line);
      } else {
        problem('error', `${DAMAGE} in a paragraph of abstract text; skipped it`, para.line);
      }
      skipProse = true;
      continue;
    }
    const expected: ParagraphKind = pending ? 'abstract' : 'title';
    const kind = classifyParagraph(para.text, expected);
    if (kind === 'title') {
      flushPending();
      skipProse = false;
      pending = para;
    } else if (pending) {
      addPaper(pending, para.text);
      pending = undefined;
    } else if (skipProse) {
      continue;
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
    // A bad date line already said why nothing loaded; damage with no date line is a binary file.
    if (firstDamage !== undefined) problem('error', 'this is not a text digest (binary data found)', firstDamage);
    else if (badDates === 0) {
      problem('error', 'no date line found (expected a line such as "Apr 21" before the papers); nothing loaded', skippedBeforeDate);
    }
    return { file, sections: [], problems: log.list() };
  }
  // Warned only after merging: a day's first section may be empty while a later one has its papers.
  const merged = mergeSameDay(sections);
  for (const s of merged) {
    if (s.papers.length === 0) problem('warning', `the section dated ${s.date} has no papers`, s.line);
    for (const p of s.papers) {
      const capped = capAbstract(p.abstract);
      if (capped.cutFrom === undefined) continue;
      problem('warning', `the abstract of "${preview(p.title)}" has ${capped.cutFrom.toLocaleString('en-US')} characters; cut to ${MAX_ABSTRACT_LENGTH.toLocaleString('en-US')}`, p.line);
      p.abstract = capped.text;
    }
  }
  return { file, sections: merged, problems: log.list() };
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

function preview(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
