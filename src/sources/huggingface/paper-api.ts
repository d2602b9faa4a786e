import { z } from 'zod';
import type { DayListing } from '../../library/library.js';
import { ArxivIdSchema, PAPER_API_SOURCE } from '../../library/paper.js';
import { IsoDaySchema, type IsoDay } from '../digest/digest-types.js';
import { HfApiError, type HfClient } from './hf-client.js';
import { readItems } from './hf-items.js';
import { LivePaperSchema } from './live-day.js';

// One paper from the Hugging Face paper pages API: `GET {HF_API_URL}/api/papers/
// <arXiv id>`, the page huggingface.co/papers/<id> is built from. It answers
// for any paper the Hub has indexed (submitted to Daily Papers, or mentioned
// in a model, dataset or Space card), not only the daily list's. The answer is
// the `paper` object of a daily-papers item, at the top level: id, title,
// summary, authors[], upvotes, publishedAt, submittedOnDailyAt (only when it
// was on Daily Papers), ai_summary, ai_keywords, githubRepo, githubStars,
// projectPage, numComments, plus fields paperbot does not use (mediaUrls,
// discussionId, organization...). It is read by the daily items' reader, so
// one lenient rule (hf-items.ts) covers both: only the id and a title are
// required, a refused field is dropped with a warning. The request goes
// through the live source's client (hf-client.ts): the same timeouts,
// retries, Retry-After, body cap and shutdown signal.

/** The fields of the answer paperbot reads before the lenient reader takes over. */
const PaperAnswerSchema = z.looseObject({
  id: ArxivIdSchema,
  title: z.string().optional().catch(undefined),
  summary: z.string().optional().catch(undefined),
  submittedOnDailyAt: z.string().optional().catch(undefined),
});

/** A paper as the paper API gives it: the library's fields, plus the day it was on Daily Papers. */
export const HubPaperSchema = LivePaperSchema.omit({ rank: true }).extend({
  /** The day it was submitted to Daily Papers (`submittedOnDailyAt`), when it was. */
  dailyDate: IsoDaySchema.optional(),
});
export type HubPaper = z.infer<typeof HubPaperSchema>;

/** What a lookup gave: the paper, or none (the Hub has no page for that id: a 404). */
export type PaperLookup = { kind: 'found'; paper: HubPaper; warnings: string[] } | { kind: 'none' };

export interface PaperApi {
  /**
   * The paper with this arXiv id (a version suffix is ignored: the Hub keeps
   * one page per paper). Resolves to `{ kind: 'none' }` on a 404; rejects with
   * {@link HfApiError} when the API cannot be reached or answers with
   * something that is not a paper, or with the signal's reason when it aborts.
   */
  lookup(arxivId: string, signal?: AbortSignal): Promise<PaperLookup>;
}

export function createPaperApi(client: Pick<HfClient, 'getJson'>): PaperApi {
  return {
    async lookup(arxivId, signal) {
      const asked = ArxivIdSchema.safeParse(arxivId);
      if (!asked.success) throw new HfApiError(`paper API: not an arXiv id: ${JSON.stringify(arxivId.slice(0, 40))}`, 'bad-answer');
      const id = asked.data;
      // Old-style ids hold a slash, which the path keeps (the Hub's own links do).
      const answer = await client.getJson(`/api/papers/${id.split('/').map(encodeURIComponent).join('/')}`, `the paper ${id}`, signal);
      if (!answer.found) return { kind: 'none' };
      return { kind: 'found', ...readPaperAnswer(id, answer.body) };
    },
  };
}

/**
 * Reads the API's answer for `id` into a paper; throws a `bad-answer`
 * {@link HfApiError} when it is not a paper, has no title, or is another
 * paper than the one asked for.
 */
export function readPaperAnswer(id: string, body: unknown): { paper: HubPaper; warnings: string[] } {
  const parsed = PaperAnswerSchema.safeParse(body);
  if (!parsed.success) {
    const what = body === null ? 'null' : Array.isArray(body) ? 'an array' : typeof body;
    throw new HfApiError(`the paper API's answer for ${id} is not a paper (${typeof body === 'object' && body !== null && !Array.isArray(body) ? 'no valid arXiv id' : what})`, 'bad-answer');
  }
  if (parsed.data.id !== id) throw new HfApiError(`the paper API answered for ${parsed.data.id} when asked for ${id}`, 'bad-answer');
  // The answer is a daily item's `paper`: read it as one, so both follow one rule.
  const read = readItems(`paper ${id}`, [{ paper: parsed.data }]);
  const first = read.papers[0];
  if (!first) throw new HfApiError(`the paper API's answer for ${id} has no title`, 'bad-answer');
  const { rank: _rank, ...paper } = first;
  const day = IsoDaySchema.safeParse(parsed.data.submittedOnDailyAt?.slice(0, 10));
  return { paper: { ...paper, ...(day.success ? { dailyDate: day.data } : {}) }, warnings: read.warnings };
}

/** A looked-up paper as the ingest sink takes it: the paper, and the day it is dated (see {@link lookedUpDay}). */
export const LookedUpPaperSchema = z.object({ date: IsoDaySchema, paper: HubPaperSchema });
export type LookedUpPaper = z.infer<typeof LookedUpPaperSchema>;

/** The day a looked-up paper is dated in the library: its Daily Papers day, else its arXiv date, else `today`. */
export function lookedUpDay(paper: HubPaper, today: IsoDay): IsoDay {
  return paper.dailyDate ?? paper.publishedAt ?? today;
}

/** A looked-up paper as a listing of its own source, which ranks nowhere (see PAPER_API_SOURCE). */
export function lookedUpListing(item: LookedUpPaper): DayListing {
  const { title, abstract, dailyDate: _day, ...meta } = item.paper;
  return { date: item.date, source: PAPER_API_SOURCE, papers: [{ title, abstract, rank: 1, meta }] };
}
