import { createHash } from 'node:crypto';
import { z } from 'zod';
import { IsoDaySchema } from '../sources/digest/digest-types.js';

/** One time a paper was in a digest: its day and trending rank there. */
export const AppearanceSchema = z.object({
  date: IsoDaySchema,
  rank: z.number().int().positive(),
  file: z.string(),
});
export type Appearance = z.infer<typeof AppearanceSchema>;

/** A paper in the library: one entry however many digests listed it. */
export const PaperSchema = z.object({
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
