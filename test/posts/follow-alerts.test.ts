import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createPaperBot } from '../../src/commands/answer.js';
import { LIVE_SOURCE } from '../../src/library/paper.js';
import { createLogger } from '../../src/ops/logger.js';
import { createFollowAlerts } from '../../src/posts/follow-alerts.js';
import { createLiveFeed } from '../../src/sources/huggingface/live-feed.js';
import { createIngestSink } from '../../src/sources/ingest-sink.js';
import { createLiveStateTracker } from '../../src/sources/huggingface/live-state.js';
import { startFakeHfApi, type FakeHfApi } from '../huggingface/fake-hf-api.js';
import { fixtureWeeks } from '../huggingface/fixtures.js';
import { recordingAdapter } from '../helpers/recording-adapter.js';
import { sampleLibrary } from '../helpers/sample.js';
import { useSqliteStores } from '../helpers/sqlite-stores.js';
import { useTmpDir } from '../helpers/tmp-dir.js';

const tmp = useTmpDir();
const openStore = useSqliteStores(tmp);

const fakes: FakeHfApi[] = [];
afterEach(async () => {
  for (const f of fakes.splice(0)) await f.close();
});

const T0 = new Date('2026-11-27T10:00:00Z');
const manager = { channel: 'slack:C1', user: 'U1', canManageChannel: true };

/** A bot and alerts over the sample library and a SQLite store; `at` moves the clock. */
function setup(file = join(tmp(), 'paperbot.db')) {
  const store = openStore(file);
  const library = sampleLibrary();
  let now = T0;
  const bot = createPaperBot(library, { store, now: () => now });
  const adapter = recordingAdapter('slack');
  const logs: string[] = [];
  const alerts = createFollowAlerts({ store, library, adapters: new Map([['slack', adapter]]), logger: createLogger({ level: 'info', write: (l) => logs.push(l) }), now: () => now });
  /** Adds a day of papers, as the live source does, and alerts on the new ones. */
  const arrive = async (titles: string[]) => {
    const added = library.addListing({
      date: '2026-11-27',
      source: LIVE_SOURCE,
      papers: titles.map((title, i) => ({ title, abstract: `${title}. A new study.`, rank: i + 1, meta: { arxivId: `2511.${String(10000 + i + library.size)}` } })),
    });
    await alerts.onNewPapers(added.newPaperIds);
    return added.newPaperIds;
  };
  return { store, library, bot, adapter, alerts, logs, arrive, at: (d: Date) => (now = d), file };
}

describe('follow alerts', () => {
  it('alerts each follow once with the new papers that match every word, best first, never the ones already there', async () => {
    const { bot, adapter, arrive } = setup();
    expect(await bot.answer('follow sparse autoencoders', manager)).toMatchObject({ kind: 'info', title: expect.stringContaining('Following “sparse autoencoders”') });
    await arrive(['Sparse Autoencoders for Protein Folding', 'Dense Retrieval at Scale', 'Scaling Sparse Autoencoders', 'Sparse Attention Kernels']);
    expect(adapter.replies).toHaveLength(1);
    const { target, reply } = adapter.replies[0]!;
    expect(target).toEqual({ id: 'C1', person: false });
    expect(reply).toMatchObject({ kind: 'list', title: 'New papers for “sparse autoencoders”' });
    expect(reply.kind === 'list' && reply.hits.map((h) => h.title).sort()).toEqual(['Scaling Sparse Autoencoders', 'Sparse Autoencoders for Protein Folding']);
    // The sample's sparse-autoencoder papers were in the library when the follow was made: never alerted.
    await arrive(['Yet Another Dense Paper']);
    expect(adapter.replies).toHaveLength(1);
  });

  it('lists ten, then "and N more"', async () => {
    const { bot, adapter, arrive } = setup();
    await bot.answer('follow zebrafish', manager);
    await arrive(Array.from({ length: 13 }, (_, i) => `Zebrafish Study Number ${i + 1}`));
    const reply = adapter.replies[0]!.reply;
    expect(reply.kind === 'list' && reply.hits).toHaveLength(10);
    expect(reply).toMatchObject({ more: 'and 3 more: /paper zebrafish' });
  });

  it('alerts a person by direct message', async () => {
    const { bot, adapter, arrive } = setup();
    expect(await bot.answer('follow zebrafish', { channel: 'slack:D1', user: 'U7', direct: true })).toMatchObject({ title: expect.stringContaining('to you in a direct message') });
    await arrive(['Zebrafish Navigation']);
    expect(adapter.replies[0]!.target).toEqual({ id: 'U7', person: true });
  });

  it('never sends a paper twice to a follow, across processes sharing the store', async () => {
    const a = setup();
    await a.bot.answer('follow zebrafish', manager);
    const b = setup(a.file);
    const ids = await a.arrive(['Zebrafish Navigation', 'Zebrafish Schooling']);
    b.library.addListing({ date: '2026-11-27', source: LIVE_SOURCE, papers: ids.map((id, i) => ({ ...a.library.get(id)!, rank: i + 1 })) });
    await b.alerts.onNewPapers(ids);
    expect(a.adapter.replies.length + b.adapter.replies.length).toBe(1);
  });

  it('retries a failed alert later, like the daily post, and drops a follower that is gone', async () => {
    const { bot, adapter, alerts, arrive, at, store, logs } = setup();
    await bot.answer('follow zebrafish', manager);
    adapter.failWith('ratelimited');
    await arrive(['Zebrafish Navigation']);
    expect(adapter.replies).toHaveLength(0);
    adapter.failWith(undefined);
    await alerts.retryFailed(); // too soon
    expect(adapter.replies).toHaveLength(0);
    at(new Date(T0.getTime() + 15 * 60_000));
    await alerts.retryFailed();
    expect(adapter.replies).toHaveLength(1);
    adapter.failWith('gone');
    await arrive(['Zebrafish Schooling']);
    expect(await store.listFollows('slack:C1')).toEqual([]);
    expect(logs.some((l) => l.includes('dropped the follow of "zebrafish" by slack:C1'))).toBe(true);
  });

  it('alerts once per sync of the live source, also when the sync is cut short, and then once for the next', async () => {
    const { bot, adapter, alerts, store, library } = setup();
    await bot.answer('follow zebrafish navigation', manager);
    // Two weeks of days, 3 matching papers each weekday; the API fails for good after the third day.
    const api = await startFakeHfApi({ days: fixtureWeeks(T0, 14) });
    fakes.push(api);
    let days = 0;
    const logger = createLogger({
      level: 'debug',
      write: (line) => {
        if (/^debug: huggingface: \d{4}-\d{2}-\d{2}: /.test(line) && ++days === 3) api.fail({ status: 503 }, { status: 503 });
      },
    });
    const state = createLiveStateTracker();
    const feed = createLiveFeed({
      config: { HF_API_URL: api.url, HF_TOKEN: undefined, HF_BACKFILL_DAYS: 14, HF_POLL_MINUTES: 30 },
      store,
      sink: createIngestSink({ library, store, logger, onNewPapers: (ids) => alerts.onNewPapers(ids) }),
      logger,
      now: () => T0,
      state,
      client: { backoffMs: 5, retries: 1, timeoutMs: 2_000 },
    });
    expect(state.get()).toEqual({ state: 'fetching' });
    const cut = await feed.sync();
    expect(cut).toMatchObject({ fetched: 3, failed: 'server error (HTTP 503)' });
    expect(state.get()).toEqual({ state: 'unreachable', reason: 'server error (HTTP 503)' });
    // Nov 27, 26, 25 (a Friday to a Wednesday): 9 papers in one message.
    expect(adapter.replies.map((r) => r.reply.kind === 'list' && r.reply.hits.length)).toEqual([9]);
    await feed.sync();
    expect(state.get()).toEqual({ state: 'current' });
    expect(adapter.replies).toHaveLength(2);
    const second = adapter.replies[1]!.reply;
    expect(second).toMatchObject({ title: 'New papers for “zebrafish navigation”', more: 'and 11 more: /paper zebrafish navigation' });
    await feed.stop();
  });
});
