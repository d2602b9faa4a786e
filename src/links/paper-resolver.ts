import type { Paper } from '../library/paper.js';
import type { Logger } from '../ops/logger.js';
import { lookedUpDay, type LookedUpPaper, type PaperApi } from '../sources/huggingface/paper-api.js';
import type { SourceIntake } from '../sources/ingest-sink.js';

// Which paper an arXiv id names: the library's, else the Hugging Face paper
// API's, which then joins the library through the ingest sink (origin
// `paper-lookup`), so its card's actions (Abstract, Save, Cite, Related, Watch) work like
// any paper's. Lookups are cached: a link pasted ten times at once makes one
// request (the ten share it), and again later none (the library has it); an
// id the Hub does not know is remembered as unknown for a while (a short
// negative cache), and so is a failed lookup, for less, so a flood of links
// during an outage does not become a flood of requests. The cache is bounded.

/** What an arXiv id resolved to. */
export type Resolution =
  | { kind: 'found'; paper: Paper; from: 'library' | 'api' }
  /** `unknown`: neither the library nor the Hub has it; `unavailable`: the API could not be asked (or failed); `off`: no paper API. */
  | { kind: 'none'; why: 'unknown' | 'unavailable' | 'off' };

export interface PaperResolver {
  /** Never rejects: a failed lookup is `{ kind: 'none', why: 'unavailable' }`, warned about once per cache window. */
  resolve(arxivId: string): Promise<Resolution>;
  /**
   * Brings into the library the papers among `paperIds` that were looked up
   * earlier (kept in the store) and that it does not hold: after a restart,
   * or looked up by another replica. Never rejects: a store that cannot be
   * read leaves them out, with a warning.
   */
  restore(paperIds: readonly string[]): Promise<void>;
}

export interface PaperResolverOptions {
  library: { getByArxiv(arxivId: string): Paper | undefined; get(paperId: string): Paper | undefined };
  /** Where looked-up papers are kept (the sink keeps them); absent, {@link PaperResolver.restore} does nothing. */
  kept?: { lookedUp(paperIds: readonly string[]): Promise<LookedUpPaper[]> };
  /** Where a kept paper rejoins the library: the sink's `lookup-stored` intake. */
  restored?: Pick<SourceIntake<LookedUpPaper>, 'add'>;
  /** Absent (HF_API=off): only the library answers. */
  api?: PaperApi;
  /** Where a looked-up paper joins the library: the sink's `paper-lookup` intake. */
  intake?: Pick<SourceIntake<LookedUpPaper>, 'add'>;
  logger?: Logger;
  /** Aborted at shutdown: lookups in flight stop. */
  signal?: AbortSignal;
  now?: () => number;
  /** Ids remembered (in flight or negative) at most; the oldest go first. */
  capacity?: number;
  /** How long an id the Hub does not know is not asked again. */
  unknownTtlMs?: number;
  /** How long after a failed lookup an id is not asked again. */
  failedTtlMs?: number;
  /** Lookups in flight at most; more wait their turn (a message of ten new links is not ten requests at once). */
  concurrency?: number;
}

/** Papers one restore reads back at most (a reading list's page, a team's top). */
const MAX_RESTORE = 200;

/** The cache's default bound: far above the distinct links a team pastes in ten minutes. */
export const RESOLVER_CAPACITY = 1_000;

export function createPaperResolver(opts: PaperResolverOptions): PaperResolver {
  const now = opts.now ?? Date.now;
  const capacity = opts.capacity ?? RESOLVER_CAPACITY;
  const unknownTtl = opts.unknownTtlMs ?? 10 * 60_000;
  const failedTtl = opts.failedTtlMs ?? 60_000;
  const concurrency = Math.max(1, opts.concurrency ?? 2);
  let inFlight = 0;
  const waiting: (() => void)[] = [];
  /** Runs `work` when fewer than `concurrency` lookups are in flight; a finished one hands its slot to the next in line. */
  const turn = async <T>(work: () => Promise<T>): Promise<T> => {
    if (inFlight >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
    else inFlight++;
    try {
      return await work();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else inFlight--;
    }
  };
  /** In flight: the lookup itself, shared; settled negative: until when it stands. */
  const cache = new Map<string, { pending: Promise<Resolution> } | { result: Resolution; until: number }>();

  const remember = (id: string, entry: { pending: Promise<Resolution> } | { result: Resolution; until: number }) => {
    cache.delete(id);
    cache.set(id, entry);
    while (cache.size > capacity) cache.delete(cache.keys().next().value as string);
  };

  async function lookup(api: PaperApi, arxivId: string): Promise<Resolution> {
    try {
      const answer = await turn(() => api.lookup(arxivId, opts.signal));
      if (answer.kind === 'none') {
        remember(arxivId, { result: { kind: 'none', why: 'unknown' }, until: now() + unknownTtl });
        return { kind: 'none', why: 'unknown' };
      }
      for (const w of answer.warnings) opts.logger?.debug(`links: ${w}`);
      const today = new Date(now()).toISOString().slice(0, 10);
      await opts.intake?.add({ date: lookedUpDay(answer.paper, today), paper: answer.paper });
      cache.delete(arxivId);
      const paper = opts.library.getByArxiv(arxivId);
      if (paper) return { kind: 'found', paper, from: 'api' };
      // No library to join (a test, a misconfiguration): as good as unknown for the card.
      return { kind: 'none', why: 'unavailable' };
    } catch (err) {
      if (opts.signal?.aborted) {
        cache.delete(arxivId);
        return { kind: 'none', why: 'unavailable' };
      }
      remember(arxivId, { result: { kind: 'none', why: 'unavailable' }, until: now() + failedTtl });
      opts.logger?.warn(`links: cannot look up arXiv ${arxivId} on Hugging Face (${err instanceof Error ? err.message : String(err)}); not asked again for ${Math.round(failedTtl / 1000)} s`);
      return { kind: 'none', why: 'unavailable' };
    }
  }

  return {
    async restore(paperIds) {
      const { kept, restored } = opts;
      const missing = [...new Set(paperIds)].filter((id) => /^[0-9a-f]{12}$/.test(id) && opts.library.get(id) === undefined).slice(0, MAX_RESTORE);
      if (!kept || !restored || missing.length === 0) return;
      try {
        for (const item of await kept.lookedUp(missing)) await restored.add(item);
      } catch (err) {
        opts.logger?.warn(`links: cannot read the looked-up papers ${missing.join(', ')} back from the store (${err instanceof Error ? err.message : String(err)})`);
      }
    },
    async resolve(arxivId) {
      const held = opts.library.getByArxiv(arxivId);
      if (held) return { kind: 'found', paper: held, from: 'library' };
      if (!opts.api) return { kind: 'none', why: 'off' };
      const cached = cache.get(arxivId);
      if (cached && 'pending' in cached) return cached.pending;
      if (cached && cached.until > now()) return cached.result;
      const pending = lookup(opts.api, arxivId);
      remember(arxivId, { pending });
      return pending;
    },
  };
}
