import { createPaperBot } from '../../src/commands/answer.js';
import { createPaperResolver } from '../../src/links/paper-resolver.js';
import { createLogger } from '../../src/ops/logger.js';
import { createHfClient } from '../../src/sources/huggingface/hf-client.js';
import { readItems } from '../../src/sources/huggingface/hf-items.js';
import { liveDayListing } from '../../src/sources/huggingface/live-day.js';
import { createPaperApi } from '../../src/sources/huggingface/paper-api.js';
import { createIngestSink } from '../../src/sources/ingest-sink.js';
import { NOW, sampleLibrary } from '../helpers/sample.js';
import { startFakeHfApi } from '../huggingface/fake-hf-api.js';
import { driftItems, paperAnswer } from '../huggingface/fixtures.js';

/** The live day in the library: 2511.04567 (87 upvotes, #1) is on it. */
export const LIVE_DAY = '2026-11-27';
/** In the library, from the live day. */
export const LIBRARY_PAPER = '2511.04567';
/** Known only to the paper API: it was on Daily Papers on a day paperbot never fetched. */
export const API_ONLY_PAPER = '2511.09001';
/** Known to no one. */
export const NO_PAPER = '2511.00404';

export const API_ONLY = paperAnswer({
  id: API_ONLY_PAPER,
  title: 'Walrus: Wide Attention for Long Recall',
  upvotes: 33,
  authors: ['Ada Lovelace', 'Grace Hopper', 'Alan Turing', 'Emmy Noether'],
  day: '2026-10-02',
  githubRepo: 'https://github.com/example/walrus',
  aiSummary: 'Walrus recalls more.',
});

/**
 * The sample library plus a live day, a fake paper API that knows one more
 * paper, and the bot over both (a resolver, the sink's paper-lookup intake),
 * logging at debug into `logs`. Close `api` after the test.
 */
export async function linkBot(opts: { paperApi?: boolean } = {}) {
  const library = sampleLibrary();
  library.addListing(liveDayListing({ date: LIVE_DAY, papers: readItems(LIVE_DAY, driftItems(LIVE_DAY)).papers, fetchedAt: NOW.getTime(), final: true }));
  const api = await startFakeHfApi({ papers: new Map([[API_ONLY_PAPER, API_ONLY]]) });
  const logs: string[] = [];
  const logger = createLogger({ level: 'debug', write: (l) => logs.push(l) });
  const sink = createIngestSink({ library, logger });
  const paperApi = createPaperApi(createHfClient({ baseUrl: api.url, userAgent: 'paperbot/test', backoffMs: 5, timeoutMs: 500, retries: 1 }));
  const papers = createPaperResolver({ library, api: opts.paperApi === false ? undefined : paperApi, intake: sink.source('paper-lookup'), logger, now: () => NOW.getTime() });
  const bot = createPaperBot(library, { papers, logger, now: () => NOW });
  return { library, api, bot, logs, logger };
}
