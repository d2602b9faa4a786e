import { z } from 'zod';
import { HfApiError, type HfClient } from './hf-client.js';

// What the Hugging Face Hub links to a paper: the models, datasets and Spaces
// whose card cites it. The Hub tags each such repository `arxiv:<id>` (docs:
// hub/paper-pages), and its listings filter by tag:
//
//   GET {HF_API_URL}/api/models?filter=arxiv:<id>&limit=N
//   GET {HF_API_URL}/api/datasets?filter=arxiv:<id>&limit=N
//   GET {HF_API_URL}/api/spaces?filter=arxiv:<id>&limit=N
//
// Each answers a JSON array of repositories ({ id: "org/name", ... }), paged
// by a Link header beyond `limit`. Several `filter` values are ANDed (a repo
// must carry every tag), so ids cannot be batched in one request: a paper costs
// three requests, one per listing. Only the first page is read: a count of
// `limit` or more is reported as `limit`, and watching needs no more than
// "more than before". Requests go through the HF client (timeouts, retries,
// 429 waits, size cap, abort at shutdown).

/** The three listings, in the order they are asked. */
export const HUB_KINDS = ['models', 'datasets', 'spaces'] as const;
export type HubKind = (typeof HUB_KINDS)[number];

/** Repositories read from a listing's first page; more than this counts as this many. */
export const HUB_LIST_LIMIT = 100;

/** One repository of a listing, as far as paperbot reads it. Entries without a usable id are skipped. */
const HubRepoSchema = z.object({ id: z.string().min(1).max(200) });

/** What the Hub links to one paper: repository ids by kind (at most {@link HUB_LIST_LIMIT} each). */
export type HubLinks = Record<HubKind, string[]>;

export interface HubLinksClient {
  /** The repositories linked to an arXiv id. Rejects like the HF client (HfApiError, or the signal's reason). */
  linksOf(arxivId: string, signal?: AbortSignal): Promise<HubLinks>;
  /** Requests one {@link linksOf} makes. */
  readonly requestsPerPaper: number;
}

export function createHubLinks(client: Pick<HfClient, 'getJson'>, opts: { limit?: number } = {}): HubLinksClient {
  const limit = opts.limit ?? HUB_LIST_LIMIT;
  return {
    requestsPerPaper: HUB_KINDS.length,
    async linksOf(arxivId, signal) {
      const links: HubLinks = { models: [], datasets: [], spaces: [] };
      for (const kind of HUB_KINDS) {
        const what = `the Hub's ${kind} for arXiv ${arxivId}`;
        const answer = await client.getJson(`/api/${kind}?filter=${encodeURIComponent(`arxiv:${arxivId}`)}&limit=${limit}`, what, signal);
        // A listing always exists (an empty array for a tag nobody uses): a 404 or an object is not an answer.
        if (!answer.found) throw new HfApiError(`${what}: HTTP 404`, 'bad-answer');
        if (!Array.isArray(answer.body)) throw new HfApiError(`${what}: expected a JSON array, got ${answer.body === null ? 'null' : typeof answer.body}`, 'bad-answer');
        links[kind] = readRepoIds(answer.body).slice(0, limit);
      }
      return links;
    },
  };
}

/** The ids of a listing's entries, each once, in the listing's order; entries that are not repositories are skipped. */
export function readRepoIds(items: readonly unknown[]): string[] {
  const ids = new Set<string>();
  for (const item of items) {
    const repo = HubRepoSchema.safeParse(item);
    if (repo.success) ids.add(repo.data.id);
  }
  return [...ids];
}
