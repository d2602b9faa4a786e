import { createHash } from 'node:crypto';
import { z } from 'zod';
import { IsoDaySchema } from '../sources/digest/digest-types.js';

/** One time a paper was listed: its day and trending rank there, and where that listing came from. */
export const AppearanceSchema = z.object({
  date: IsoDaySchema,
  rank: z.number().int().positive(),
  /** The digest file's name, or {@link LIVE_SOURCE} for the Hugging Face API. */
  file: z.string(),
});
export type Appearance = z.infer<typeof AppearanceSchema>;

/** The `file` of an appearance that came from the Hugging Face daily-papers API. */
export const LIVE_SOURCE = 'huggingface';

/**
 * The `file` of an appearance that came from looking one paper up on the
 * Hugging Face paper API (a pasted link): dated its Daily Papers day, else
 * its arXiv date. It ranks nowhere (its rank, 1, is a placeholder no answer
 * shows) and lists no day: `today` and `week` never show such a paper. A
 * real listing of the same day replaces it.
 */
export const PAPER_API_SOURCE = 'huggingface-paper';

/** An arXiv id without its version: `2509.24006`, or an old-style `hep-th/9901001`. */
export const ArxivIdSchema = z
  .string()
  .trim()
  .regex(/^(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?\/\d{7})(?:v\d+)?$/i, 'expected an arXiv id such as 2509.24006')
  .transform((id) => id.replace(/v\d+$/i, ''));

/**
 * An http(s) URL from outside (the API): anything else is dropped, never shown
 * as a link. Kept as the URL parser serializes it, so spaces, quotes, angle
 * brackets and invisible characters arrive percent-encoded. The length is
 * checked after encoding, so what it gives it also accepts again (the store
 * re-checks what was read): 400 "é" are 419 characters sent, 2,419 encoded.
 */
export const WebUrlSchema = z
  .url({ protocol: /^https?$/, error: 'expected an http(s) URL of at most 2000 characters' })
  .transform((u) => new URL(u).href)
  .pipe(z.string().max(2000, 'expected an http(s) URL of at most 2000 characters'));

const WHOLE = 'expected a whole number of 0 or more';
/** A count from outside (upvotes, stars, comments). */
export const CountSchema = z.number({ error: WHOLE }).int(WHOLE).nonnegative(WHOLE);

/**
 * What the Hugging Face API knows about a paper beyond its title and
 * abstract. Every field is optional: digests carry none of it, and the
 * API's shape has drifted over the years.
 */
export const PaperMetaSchema = z.object({
  arxivId: z.string().optional(),
  /** Visible authors, in order. */
  authors: z.array(z.string()).optional(),
  upvotes: CountSchema.optional(),
  /** The arXiv publication date, `YYYY-MM-DD`. */
  publishedAt: IsoDaySchema.optional(),
  /** Hugging Face's AI-written one-paragraph summary (shown as a labelled TL;DR). */
  aiSummary: z.string().optional(),
  aiKeywords: z.array(z.string()).optional(),
  githubRepo: WebUrlSchema.optional(),
  githubStars: CountSchema.optional(),
  projectPage: WebUrlSchema.optional(),
  thumbnail: WebUrlSchema.optional(),
  numComments: CountSchema.optional(),
});
export type PaperMeta = z.infer<typeof PaperMetaSchema>;

/** A paper in the library: one entry however many digests or days listed it. */
export const PaperSchema = PaperMetaSchema.extend({
  id: z.string().regex(/^[0-9a-f]{12}$/),
  title: z.string().min(1),
  abstract: z.string(),
  /** Newest first; a day appears at most once. */
  appearances: z.array(AppearanceSchema).min(1),
});
export type Paper = z.infer<typeof PaperSchema>;

/**
 * Folds the differences two digests may print for the same title: case,
 * accents, punctuation, spacing, typographic quotes and dashes.
 */
export function normalizeTitle(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * A paper's stable id: 12 hex digits of the SHA-256 of its normalized title.
 * Short enough for button values and Discord custom ids (100 characters), and
 * the same on every machine and every restart.
 */
export function paperId(title: string): string {
  return createHash('sha256').update(normalizeTitle(title)).digest('hex').slice(0, 12);
}

/** The appearance shown with a paper: the newest. */
export function latestAppearance(paper: Paper): Appearance {
  return paper.appearances[0]!;
}
