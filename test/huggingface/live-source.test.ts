import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LIVE_SOURCE } from '../../src/library/paper.js';
import { PaperLibrary } from '../../src/library/library.js';
import { createLogger } from '../../src/ops/logger.js';
import { createLiveFeed } from '../../src/sources/huggingface/live-feed.js';
import { restoreLiveDays } from '../../src/sources/huggingface/restore-live-days.js';
import { createIngestSink } from '../../src/sources/ingest-sink.js';
import { sampleLibrary } from '../helpers/sample.js';
import { useSqliteStores } from '../helpers/sqlite-stores.js';
import { useTmpDir } from '../helpers/tmp-dir.js';
import { badFieldItems, dayBefore, fixtureWeeks, newestWeekday } from './fixtures.js';
import { startFakeHfApi, unreachableUrl, type FakeHfApi } from './fake-hf-api.js';

const tmp = useTmpDir();
const fakes: FakeHfApi[] = [];
const openStore = useSqliteStores(tmp);
afterEach(async () => {
  for (const f of fakes.splice(0)) await f.close();
});

const NOW = new Date('2026-11-27T12:00:00Z'); // a Friday: its list can still change
const DAYS = 14;

async function setup(opts: { url?: string; library?: PaperLibrary; file?: string } = {}) {
  let fake: FakeHfApi | undefined;
  if (!opts.url) {
    fake = await startFakeHfApi({ days: fixtureWeeks(NOW, DAYS), pageCap: 4 });
    fakes.push(fake);
  }
  const store = openStore(opts.file ?? join(tmp(), 'paperbot.db'));
  const library = opts.library ?? new PaperLibrary();
  const logs: string[] = [];
  const logger = createLogger({ level: 'debug', write: (l) => logs.push(l) });
  const config = { HF_API_URL: opts.url ?? fake!.url, HF_TOKEN: undefined, HF_BACKFILL_DAYS: DAYS, HF_POLL_MINUTES: 30 };
  const source = createLiveFeed({ config, store, sink: createIngestSink({ library, store, logger }), logger, now: () => NOW, client: { backoffMs: 5, timeoutMs: 2_000 } });
  return { fake, store, library, logs, source };
}

describe('the live source', () => {
  it('backfills every day, stores them, and ranks each day by upvotes', async () => {
    const { source, store, library, logs } = await setup();
    const report = await source.sync();
    expect(report).toEqual({ needed: DAYS, fetched: DAYS });
    expect((await store.liveDayStatus()).map((d) => d.date)).toHaveLength(DAYS);
    const newest = newestWeekday(NOW);
    expect(library.days()[0]).toBe(newest);
    expect(library.papersOn(newest).map((r) => r.paper.title).slice(0, 3)).toEqual([
      'Fine-Tunable Sparse-Linear Attention for Long Video Generation',
      'Retrieval-Augmented Mamba for Genomic Sequences',
      'Quokka: Query-Oriented Kernel Attention for Long Contexts',
    ]);
    expect(library.getByArxiv('2511.04567')).toMatchObject({ upvotes: 87, authors: ['Ada Lovelace', 'Grace Hopper', 'Émile Zola', 'Alan Turing'] });
    expect(logs).toContain(`warn: huggingface: Hugging Face ${newest}, item 6: skipped (no valid arXiv id)`);
    expect(logs.filter((l) => l.startsWith('Fetching Hugging Face daily papers:')).at(-1)).toBe(`Fetching Hugging Face daily papers: ${DAYS}/${DAYS} days: 36 new papers (36 in all)`);
  });

  it('after a restart fetches only the days that can still change: a handful of requests', async () => {
    const first = await setup();
    await first.source.sync();
    const before = first.fake!.requests.length;
    const file = first.store.location;
    await first.store.close();
    // Two days later: the two new days, today and yesterday, and one last fetch of the day before.
    const later = await setup({ file, url: first.fake!.url });
    const source = createLiveFeed({
      config: { HF_API_URL: first.fake!.url, HF_TOKEN: undefined, HF_BACKFILL_DAYS: DAYS, HF_POLL_MINUTES: 30 },
      store: later.store,
      sink: createIngestSink({ library: later.library, store: later.store, logger: createLogger({ level: 'silent' }) }),
      logger: createLogger({ level: 'silent' }),
      now: () => new Date(NOW.getTime() + 2 * 86_400_000),
    });
    const report = await source.sync();
    expect(report.needed).toBe(4);
    const dates = first.fake!.requests.slice(before).map((r) => r.date);
    expect(new Set(dates)).toEqual(new Set([dayBefore(NOW, -2), dayBefore(NOW, -1), dayBefore(NOW, 0), dayBefore(NOW, 1)]));
    // Weekend and empty days cost one request each, a day of papers two or three (pages of 4, then an empty one).
    expect(dates.length).toBeLessThanOrEqual(8);
  });

  it('fetching a day again changes only what changed: upvotes re-rank it, new papers join', async () => {
    const { source, fake, library } = await setup();
    await source.sync();
    const newest = newestWeekday(NOW);
    const items = fake!.days.get(newest)!;
    const quokka = items[0] as { paper: { upvotes: number } };
    quokka.paper.upvotes = 500;
    fake!.days.set(newest, [...items, { paper: { id: '2511.09999', title: 'A Late Arrival', summary: 'Listed in the afternoon.', upvotes: 2 } }]);
    const size = library.size;
    await source.sync();
    expect(library.size).toBe(size + 1);
    expect(library.papersOn(newest)[0]!.paper.title).toBe('Quokka: Query-Oriented Kernel Attention for Long Contexts');
    expect(library.getByArxiv('2511.04570')!.appearances[0]).toEqual({ date: newest, rank: 1, file: LIVE_SOURCE });
  });

  it('makes a digest paper and its API listing one entry, which keeps its id and gains the arXiv id', async () => {
    const library = sampleLibrary();
    const top = library.papersOn('2026-04-21')[0]!.paper;
    const { source } = await setup({ library });
    await source.sync();
    expect(library.getByArxiv('2405.08366')!.id).toBe(top.id);
    expect(library.get(top.id)).toMatchObject({ arxivId: '2405.08366', authors: ['Aleksandar Makelov', 'George Lange', 'Neel Nanda'], upvotes: 25 });
    expect(library.get(top.id)!.appearances.map((a) => a.file)).toEqual([LIVE_SOURCE, 'hf-daily-papers-apr-21.txt']);
  });

  it('keeps a day with bad fields: stored, there after a restart with the API down, never fetched again once final', async () => {
    const { source, fake, store, logs } = await setup();
    const old = dayBefore(NOW, 5);
    fake!.days.set(old, badFieldItems(old));
    expect(await source.sync()).toEqual({ needed: DAYS, fetched: DAYS });
    expect(logs.filter((l) => l.includes('cannot store'))).toEqual([]);
    // Each bad field costs one line, naming the item and the field; no multi-line error dump.
    expect(logs.filter((l) => l.includes(`${old}, item`) && l.includes('dropped'))).toHaveLength(7);
    expect(logs.filter((l) => l.includes('\n') || l.length > 300)).toEqual([]);
    const file = store.location;
    await store.close();

    // A restart with the API answering 503: the day is still there, from the store.
    fake!.fail(...Array.from({ length: 8 }, () => ({ status: 503 as const })));
    const later = await setup({ file, url: fake!.url });
    const library = new PaperLibrary();
    await restoreLiveDays({ sink: createIngestSink({ library, logger: createLogger({ level: 'silent' }) }), store: later.store, logger: createLogger({ level: 'silent' }) });
    expect((await later.source.sync()).failed).toBe('server error (HTTP 503)');
    expect(library.papersOn(old).map((r) => r.paper.arxivId).sort()).toEqual(['2511.07001', '2511.07002', '2511.07003', '2511.07004', '2511.07005']);
    expect((await later.store.liveDayStatus()).find((d) => d.date === old)).toEqual({ date: old, final: true });
  });

  it('on a fault stops at the first failure, warns once, keeps what it has, and is ready at once', async () => {
    const { source, fake, logs } = await setup();
    fake!.fail({ status: 500 }, { status: 500 }, { status: 500 }, { status: 500 });
    const ready = source.ready;
    const report = await source.sync();
    await ready;
    expect(report).toMatchObject({ fetched: 0, failed: 'server error (HTTP 500)' });
    fake!.fail({ status: 500 }, { status: 500 }, { status: 500 }, { status: 500 });
    await source.sync();
    expect(logs.filter((l) => l.includes('cannot be reached'))).toHaveLength(1);
    expect((await source.sync()).fetched).toBe(DAYS);
    expect(logs).toContain('huggingface: the daily-papers API answers again');
  });

  it('a 500 that a retry gets past is a debug line: no warning, and the wait lasts until the sync ends', async () => {
    const { source, fake, library, logs } = await setup();
    fake!.fail({ status: 500 });
    source.start();
    await source.ready;
    // Ready came with the end of the sync, not with the first 500: every day is in.
    expect(library.size).toBe(36);
    expect(await source.firstSync).toEqual({ needed: DAYS, fetched: DAYS });
    await source.stop();
    expect(logs).toContain('debug: huggingface: HTTP 500; retrying in 1 s');
    // The only warnings are the newest day's drifted items.
    expect(logs.filter((l) => l.startsWith('warn:') && !l.includes(`Hugging Face ${newestWeekday(NOW)}, item`))).toEqual([]);
  });

  it('refuses an answer over the size cap with a warning that says so, and keeps what it has', async () => {
    const { source, fake, logs } = await setup();
    fake!.fail({ huge: 64 * 1024 * 1024, chunked: true });
    const report = await source.sync();
    expect(report).toMatchObject({ fetched: 0, failed: 'page 1 of 2026-11-27 is over the 5 MB a page may take; not read' });
    expect(logs).toContain(
      "warn: huggingface: cannot use the daily-papers API's answer for 2026-11-27 (page 1 of 2026-11-27 is over the 5 MB a page may take; not read); serving the papers already stored, trying again in 30 min",
    );
    expect((await source.sync()).fetched).toBe(DAYS);
  });

  it('does not wait for an unreachable API to become ready', async () => {
    const { source, logs } = await setup({ url: await unreachableUrl() });
    source.start();
    await source.ready;
    await source.stop();
    expect(logs.some((l) => /retrying in \d+ s/.test(l))).toBe(true);
  });
});
