import type { Config } from '../config.js';
import type { Paper } from '../library/paper.js';
import type { Logger } from '../ops/logger.js';
import { PAPERBOT_VERSION } from '../version.js';
import { createHfClient } from '../sources/huggingface/hf-client.js';
import { createPaperApi, type LookedUpPaper } from '../sources/huggingface/paper-api.js';
import type { IngestSink } from '../sources/ingest-sink.js';
import { createPaperResolver, type PaperResolver } from './paper-resolver.js';

// The resolver main.ts gives the bot: the library, and with HF_API=on the
// paper API through the live source's client (hf-client.ts). A lookup answers
// a person waiting (an unfurl, "Paper info", a typed link), so it waits less
// than a daily sync does: 10 s a request, one retry, and a 429 asking for more
// than 10 s fails the lookup (the resolver then leaves that id alone for a
// minute) instead of holding the answer for minutes.

export function createPaperLookups(opts: {
  config: Pick<Config, 'HF_API' | 'HF_API_URL' | 'HF_TOKEN'>;
  library: { getByArxiv(arxivId: string): Paper | undefined; get(paperId: string): Paper | undefined };
  sink: IngestSink;
  /** Where the sink keeps looked-up papers: read back when a save or a button names one this library lacks. */
  kept?: { lookedUp(paperIds: readonly string[]): Promise<LookedUpPaper[]> };
  logger: Logger;
  /** Aborted at shutdown: lookups in flight stop. */
  signal?: AbortSignal;
}): PaperResolver {
  const { config, logger } = opts;
  const client =
    config.HF_API === 'on'
      ? createHfClient({
          baseUrl: config.HF_API_URL,
          token: config.HF_TOKEN,
          userAgent: `paperbot/${PAPERBOT_VERSION} (Hugging Face Daily Papers chat bot)`,
          timeoutMs: 10_000,
          retries: 1,
          maxWaitMs: 10_000,
          onRetry: (reason, waitMs) => logger.debug(`links: huggingface: ${reason}; retrying in ${Math.ceil(waitMs / 1000)} s`),
        })
      : undefined;
  return createPaperResolver({
    library: opts.library,
    api: client ? createPaperApi(client) : undefined,
    intake: opts.sink.source('paper-lookup'),
    kept: opts.kept,
    restored: opts.sink.source('lookup-stored'),
    logger,
    signal: opts.signal,
  });
}
