import { z } from 'zod';
import { ArxivIdSchema } from '../../library/paper.js';
import { stripControls, wellFormed } from '../../text/unicode-controls.js';
import { capAbstract } from '../abstract-limit.js';
import { LivePaperSchema, type LivePaper } from './live-day.js';

// The daily-papers API's items, read leniently. Real responses have drifted
// over the years (fields added, renamed, moved between the item and its
// `paper`), so only the arXiv id and a title are required. Every other field
// is read once, by the very schema the store checks a saved day with
// (LivePaperSchema): a field that schema would refuse is dropped here, with
// one warning line, so one bad field never costs its item, nor its day.

/** Titles longer than this are cut (the longest real ones are under 200 characters); abstracts: see abstract-limit.ts. */
export const MAX_TITLE_LENGTH = 500;

const text = z.string().optional().catch(undefined);

const AuthorSchema = z.object({ name: text, hidden: z.boolean().optional().catch(undefined) });

/** Just enough to find an item's fields: an object whose `paper` has an arXiv id. */
const ApiItemSchema = z.looseObject({
  paper: z.looseObject({ id: ArxivIdSchema, title: text, summary: text }),
  title: text,
  summary: text,
});

type Stored = typeof LivePaperSchema.shape;

/**
 * Collapses arXiv's hard line wraps and runs of whitespace; drops control
 * characters, bidi overrides (they reorder what a title shows) and lone
 * surrogates, as digest text is cleaned.
 */
export function cleanText(s: string | undefined, max: number): string {
  const clean = wellFormed(stripControls(s ?? ''))
    .replace(/\s+/g, ' ')
    .trim();
  return clean.length <= max ? clean : `${clean.slice(0, max - 1).trimEnd()}\u2026`;
}

/** What reading a day's items gave: the papers, ranked, and a warning per skipped item or dropped field. */
export interface ReadItems {
  papers: LivePaper[];
  warnings: string[];
  /** Items left out (no arXiv id, no title, not an object). */
  skipped: number;
  /** Fields left out of the papers kept (the value was there but refused). */
  dropped: number;
}

/**
 * Reads a day's items into ranked papers: skips (with a warning naming the day
 * and the item's position) anything that is not an object with an arXiv id and
 * a title; drops (with a warning naming the field too) a field the store would
 * refuse; keeps one entry per arXiv id; ranks by upvotes, highest first, ties
 * in the API's order. What it gives always passes LiveDaySchema.
 */
export function readItems(date: string, items: readonly unknown[]): ReadItems {
  const warnings: string[] = [];
  let skipped = 0;
  let dropped = 0;
  const seen = new Set<string>();
  const read: (Omit<LivePaper, 'rank'> & { order: number })[] = [];
  items.forEach((item, i) => {
    const where = `Hugging Face ${date}, item ${i + 1}`;
    const parsed = ApiItemSchema.safeParse(item);
    if (!parsed.success) {
      warnings.push(`${where}: skipped (${describeProblem(item, parsed.error)})`);
      skipped++;
      return;
    }
    const { paper, ...top } = parsed.data;
    const title = cleanText(paper.title ?? top.title, MAX_TITLE_LENGTH);
    if (title === '') {
      warnings.push(`${where}: skipped (no title)`);
      skipped++;
      return;
    }
    if (seen.has(paper.id)) return;
    seen.add(paper.id);
    /**
     * The first of `values` (the paper's, then the item's) that the stored
     * schema of `key` accepts once `prepare`d; a value there but refused is
     * dropped with one line naming it.
     */
    const field = <K extends keyof Stored>(key: K, apiName: string, values: unknown[], prepare: (v: unknown) => unknown = (v) => v): z.output<Stored[K]> | undefined => {
      let problem: string | undefined;
      for (const raw of values) {
        const value = absent(raw) ? undefined : prepare(raw);
        if (absent(value)) continue;
        const checked = LivePaperSchema.shape[key].safeParse(value);
        if (checked.success) return checked.data as z.output<Stored[K]>;
        problem ??= oneLine(checked.error);
      }
      if (problem !== undefined) {
        warnings.push(`${where} (${paper.id}): ${apiName} dropped (${problem})`);
        dropped++;
      }
      return undefined;
    };
    read.push({
      order: i,
      arxivId: paper.id,
      title,
      abstract: capAbstract(cleanText(paper.summary ?? top.summary, Infinity)).text,
      ...defined({
        authors: field('authors', 'authors', [paper.authors], readAuthors),
        upvotes: field('upvotes', 'upvotes', [paper.upvotes]),
        // The API sends a timestamp; the day is its first ten characters.
        publishedAt: field('publishedAt', 'publishedAt', [paper.publishedAt, top.publishedAt], (v) => (typeof v === 'string' ? v.slice(0, 10) : v)),
        aiSummary: field('aiSummary', 'ai_summary', [paper.ai_summary], (v) => (typeof v === 'string' ? cleanText(v, 1_000) : v)),
        aiKeywords: field('aiKeywords', 'ai_keywords', [paper.ai_keywords], (v) =>
          Array.isArray(v) ? v.filter((k): k is string => typeof k === 'string').map((k) => cleanText(k, 100)).filter(Boolean).slice(0, 50) : v,
        ),
        githubRepo: field('githubRepo', 'githubRepo', [paper.githubRepo]),
        githubStars: field('githubStars', 'githubStars', [paper.githubStars]),
        projectPage: field('projectPage', 'projectPage', [paper.projectPage]),
        thumbnail: field('thumbnail', 'thumbnail', [top.thumbnail]),
        numComments: field('numComments', 'numComments', [top.numComments]),
      }),
    });
  });
  read.sort((a, b) => (b.upvotes ?? 0) - (a.upvotes ?? 0) || a.order - b.order);
  return { papers: read.map(({ order: _order, ...p }, i) => ({ ...p, rank: i + 1 })), warnings, skipped, dropped };
}

/** Visible authors' names, cleaned; entries that are not an author, or hidden, are left out. */
function readAuthors(v: unknown): unknown {
  if (!Array.isArray(v)) return v;
  return v
    .map((a) => AuthorSchema.safeParse(a))
    .filter((a) => a.success && a.data.hidden !== true && a.data.name !== undefined)
    .map((a) => cleanText(a.data!.name, 200))
    .filter(Boolean);
}

/** Missing, null, an empty string or list: nothing to read, nothing to warn about. */
function absent(v: unknown): boolean {
  return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
}

/** A zod error as one short line: its first issue's message (never the value, which may be huge or hostile). */
function oneLine(error: z.ZodError): string {
  return (error.issues[0]?.message ?? 'invalid').replace(/\s+/g, ' ').slice(0, 200);
}

function describeProblem(item: unknown, error: z.ZodError): string {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return `not an object: ${item === null ? 'null' : Array.isArray(item) ? 'an array' : typeof item}`;
  const issue = error.issues[0];
  const path = issue?.path.join('.') ?? '';
  if (path === 'paper' || path === 'paper.id') return path === 'paper' ? 'no paper' : 'no valid arXiv id';
  return `${path || 'item'}: ${issue?.message ?? 'invalid'}`;
}

function defined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0))) as Partial<T>;
}
