import { z } from 'zod';
import { ArxivIdSchema, WebUrlSchema } from '../../library/paper.js';
import { stripControls, wellFormed } from '../../text/unicode-controls.js';
import { capAbstract } from '../abstract-limit.js';
import type { LivePaper } from './live-day.js';

// The daily-papers API's items, read leniently. Real responses have drifted
// over the years (fields added, renamed, moved between the item and its
// `paper`), so only the arXiv id and a title are required; any other field
// that is missing or of the wrong type is dropped, never fatal.

/** Titles longer than this are cut (the longest real ones are under 200 characters); abstracts: see abstract-limit.ts. */
export const MAX_TITLE_LENGTH = 500;

const text = z.string().optional().catch(undefined);
const count = z.number().int().nonnegative().optional().catch(undefined);
const url = WebUrlSchema.optional().catch(undefined);
const day = z
  .string()
  .transform((s) => s.slice(0, 10))
  .pipe(z.string().regex(/^\d{4}-\d{2}-\d{2}$/))
  .optional()
  .catch(undefined);

const AuthorSchema = z.object({ name: text, hidden: z.boolean().optional().catch(undefined) });

const ApiPaperSchema = z.object({
  id: ArxivIdSchema,
  title: text,
  summary: text,
  authors: z.array(z.unknown()).optional().catch(undefined),
  upvotes: count,
  publishedAt: day,
  ai_summary: text,
  ai_keywords: z.array(z.string()).optional().catch(undefined),
  githubRepo: url,
  githubStars: count,
  projectPage: url,
});

/** One item of `GET /api/daily_papers`. */
export const ApiItemSchema = z.object({
  paper: ApiPaperSchema,
  title: text,
  summary: text,
  publishedAt: day,
  numComments: count,
  thumbnail: url,
});

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

/** What reading a day's items gave: the papers, ranked, and a warning per skipped item. */
export interface ReadItems {
  papers: LivePaper[];
  warnings: string[];
}

/**
 * Reads a day's items into ranked papers: skips (with a warning naming the day
 * and the item's position) anything that is not an object with an arXiv id and
 * a title; keeps one entry per arXiv id; ranks by upvotes, highest first, ties
 * in the API's order.
 */
export function readItems(date: string, items: readonly unknown[]): ReadItems {
  const warnings: string[] = [];
  const seen = new Set<string>();
  const read: (Omit<LivePaper, 'rank'> & { order: number })[] = [];
  items.forEach((item, i) => {
    const where = `Hugging Face ${date}, item ${i + 1}`;
    const parsed = ApiItemSchema.safeParse(item);
    if (!parsed.success) {
      warnings.push(`${where}: skipped (${describeProblem(item, parsed.error)})`);
      return;
    }
    const { paper, ...top } = parsed.data;
    const title = cleanText(paper.title ?? top.title, MAX_TITLE_LENGTH);
    if (title === '') {
      warnings.push(`${where}: skipped (no title)`);
      return;
    }
    if (seen.has(paper.id)) return;
    seen.add(paper.id);
    const authors = (paper.authors ?? [])
      .map((a) => AuthorSchema.safeParse(a))
      .filter((a) => a.success && a.data.hidden !== true && a.data.name !== undefined)
      .map((a) => cleanText(a.data!.name, 200))
      .filter(Boolean);
    read.push({
      order: i,
      arxivId: paper.id,
      title,
      abstract: capAbstract(cleanText(paper.summary ?? top.summary, Infinity)).text,
      ...(authors.length > 0 ? { authors } : {}),
      ...defined({
        upvotes: paper.upvotes,
        publishedAt: paper.publishedAt ?? top.publishedAt,
        aiSummary: paper.ai_summary === undefined ? undefined : cleanText(paper.ai_summary, 1_000) || undefined,
        aiKeywords: paper.ai_keywords?.map((k) => cleanText(k, 100)).filter(Boolean).slice(0, 50),
        githubRepo: paper.githubRepo,
        githubStars: paper.githubStars,
        projectPage: paper.projectPage,
        thumbnail: top.thumbnail,
        numComments: top.numComments,
      }),
    });
  });
  read.sort((a, b) => (b.upvotes ?? 0) - (a.upvotes ?? 0) || a.order - b.order);
  return { papers: read.map(({ order: _order, ...p }, i) => ({ ...p, rank: i + 1 })), warnings };
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
