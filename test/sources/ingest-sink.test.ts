import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { INDEX_FILE } from '../../src/library/library-file.js';
import { PaperLibrary } from '../../src/library/library.js';
import { LIVE_SOURCE } from '../../src/library/paper.js';
import { createLogger } from '../../src/ops/logger.js';
import { restoreArchivedDigests } from '../../src/sources/digest/digest-archive.js';
import { startDigestFeed } from '../../src/sources/digest/digest-feed.js';
import { ingestDigestDir } from '../../src/sources/digest/ingest-digest-dir.js';
import { parseDigest } from '../../src/sources/digest/parse-digest.js';
import type { ParsedDigest } from '../../src/sources/digest/digest-types.js';
import { createHfClient } from '../../src/sources/huggingface/hf-client.js';
import { importLiveDays } from '../../src/sources/huggingface/import-live-days.js';
import { createLiveFeed } from '../../src/sources/huggingface/live-feed.js';
import type { LiveDay } from '../../src/sources/huggingface/live-day.js';
import { restoreLiveDays } from '../../src/sources/huggingface/restore-live-days.js';
import { createIngestSink, type IngestOrigin, type IngestSink, type IngestSinkDeps, type SourceIntake } from '../../src/sources/ingest-sink.js';
import { syncArchivedDigests } from '../../src/store/archive-sync.js';
import { memoryArchive } from '../helpers/memory-archive.js';
import { NOW } from '../helpers/sample.js';
import { useSqliteStores } from '../helpers/sqlite-stores.js';
import { useTmpDir } from '../helpers/tmp-dir.js';
import { startFakeHfApi, type FakeHfApi } from '../huggingface/fake-hf-api.js';
import { fixtureWeeks } from '../huggingface/fixtures.js';

const tmp = useTmpDir();
const openStore = useSqliteStores(tmp);
const fakes: FakeHfApi[] = [];
afterEach(async () => {
  for (const f of fakes.splice(0)) await f.close();
});
const silent = createLogger({ level: 'silent' });

const digest = (file: string, title: string) => parseDigest(`Apr 22\n\n${title}\n\nWe study ${title.toLowerCase()}. It works.\n`, { fileName: file, now: NOW });
const day = (date: string, titles: string[]): LiveDay => ({
  date,
  fetchedAt: NOW.getTime(),
  final: false,
  papers: titles.map((title, i) => ({ arxivId: `2511.${String(20000 + i)}`, title, abstract: `We study ${title}.`, rank: i + 1 })),
});

/** A sink that records, by origin, every item handed to it and every pass that ended, then does what the real one does. */
function recordingSink(deps: IngestSinkDeps): { sink: IngestSink; seen: string[] } {
  const inner = createIngestSink(deps);
  const seen: string[] = [];
  const sink: IngestSink = {
    get library() {
      return inner.library;
    },
    get size() {
      return inner.size;
    },
    knows: (file) => inner.knows(file),
    know: (files) => inner.know(files),
    loaded: () => inner.loaded(),
    source<O extends IngestOrigin>(origin: O) {
      const intake = inner.source(origin) as SourceIntake<ParsedDigest | LiveDay>;
      return {
        add: (item: ParsedDigest | LiveDay) => {
          seen.push(`${origin} ${'file' in item ? item.file : item.date}`);
          return intake.add(item);
        },
        endPass: () => {
          seen.push(`${origin} end`);
          return intake.endPass();
        },
      } as ReturnType<IngestSink['source']>;
    },
  };
  return { sink, seen };
}

describe('every source adds papers through the ingest sink', () => {
  it('the digest folder at start, a rebuild from the store, archived digests, stored days, other replicas and the live source', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'a.txt'), 'Apr 21\n\nAlpha Paper\n\nWe study alpha. It works.\n');
    writeFileSync(join(dir, 'b.txt'), 'Apr 21\n\nBeta Paper\n\nWe study beta. It works.\n');
    const store = openStore();
    const cacheFile = join(tmp(), INDEX_FILE);

    // First start: both files are read from the folder, and kept in the store.
    const first = recordingSink({ library: new PaperLibrary(), store, logger: silent });
    const report = await ingestDigestDir(first.sink.library!, dir, { now: NOW, logger: silent, cacheFile, sink: first.sink });
    await report.index?.close();
    expect(first.seen).toEqual(['digest-folder a.txt', 'digest-folder b.txt']);
    expect(await store.archivedFiles()).toEqual(['a.txt', 'b.txt']);

    // b.txt changes: a rebuild takes a.txt from the store and reads b.txt; a digest gone from the folder and a stored day join after.
    writeFileSync(join(dir, 'b.txt'), 'Apr 21\n\nBeta Paper Again\n\nWe study beta twice. It works.\n');
    await store.archiveDigest(digest('gone.txt', 'Gamma Paper'), 1);
    await store.saveLiveDay(day('2026-11-27', ['Delta Paper']));
    const second = recordingSink({ library: new PaperLibrary(), store, logger: silent });
    const again = await ingestDigestDir(second.sink.library!, dir, {
      now: NOW,
      logger: silent,
      cacheFile,
      sink: second.sink,
      archived: (files) => store.archivedDigests(files),
      archivedFiles: () => store.archivedFiles(),
      afterLoad: async (problemFiles) =>
        (await restoreArchivedDigests({ sink: second.sink, store, dir, problemFiles, logger: silent })) + (await restoreLiveDays({ sink: second.sink, store, logger: silent })),
    });
    await again.index?.close();
    expect(second.seen).toEqual(['digest-archived a.txt', 'digest-folder b.txt', 'digest-archived gone.txt', 'live-stored 2026-11-27']);

    // Another replica archives a digest: the archive sync hands it over, one pass per poll.
    second.seen.length = 0;
    second.sink.know(await store.archivedFiles());
    const sync = syncArchivedDigests({ store, sink: second.sink, intervalMs: 60_000, logger: silent });
    await store.archiveDigest(digest('other.txt', 'Epsilon Paper'), 2);
    expect(await sync.poll()).toBe(1);
    sync.stop();
    expect(second.seen).toEqual(['digest-replica other.txt', 'digest-replica end']);

    // The live source: each fetched day, then the end of the sync.
    second.seen.length = 0;
    const api = await startFakeHfApi({ days: fixtureWeeks(NOW, 3) });
    fakes.push(api);
    const config = { HF_API_URL: api.url, HF_TOKEN: undefined, HF_BACKFILL_DAYS: 3, HF_POLL_MINUTES: 30 };
    const feed = createLiveFeed({ config, store, sink: second.sink, logger: silent, now: () => NOW, client: { backoffMs: 5, timeoutMs: 2_000 } });
    await feed.sync();
    await feed.stop();
    expect(second.seen).toEqual(['live-fetch 2026-11-28', 'live-fetch 2026-11-27', 'live-fetch 2026-11-26', 'live-fetch end']);
  });
});

describe('the sources that run beside the bot go through it too', () => {
  it('the folder watcher: each file read, and one pass per look at the folder', async () => {
    const dir = tmp();
    const store = openStore();
    const { sink, seen } = recordingSink({ library: new PaperLibrary(), store, logger: silent });
    const feed = startDigestFeed({ sink, dir, intervalMs: 60_000, logger: silent, settleMs: 0, now: () => NOW });
    await feed.poll();
    writeFileSync(join(dir, 'one.txt'), 'Apr 22\n\nZeta Paper\n\nWe study zeta. It works.\n');
    writeFileSync(join(dir, 'two.txt'), 'Apr 22\n\nEta Paper\n\nWe study eta. It works.\n');
    await feed.poll(); // first sight
    await feed.poll(); // stable: read
    feed.stop();
    expect(seen).toEqual(['digest-watch one.txt', 'digest-watch two.txt', 'digest-watch end']);
    expect(sink.knows('one.txt')).toBe(true);
  });

  it('`npm run fetch`: each day imported into the store, with no library', async () => {
    const api = await startFakeHfApi({ days: fixtureWeeks(NOW, 3) });
    fakes.push(api);
    const store = openStore();
    const { sink, seen } = recordingSink({ store, logger: silent });
    const client = createHfClient({ baseUrl: api.url, userAgent: 'test', backoffMs: 5, timeoutMs: 2_000 });
    const report = await importLiveDays({ client, sink, dates: ['2026-11-27', '2026-11-26'], logger: silent });
    expect(seen).toEqual(['live-import 2026-11-27', 'live-import 2026-11-26', 'live-import end']);
    expect((await store.liveDayStatus()).map((d) => d.date).sort()).toEqual(['2026-11-26', '2026-11-27']);
    expect(report.papers).toBeGreaterThan(0);
  });
});

describe('what the sink does by origin', () => {
  /** A sink over a fresh library, recording what it keeps, counts and alerts. */
  function setup(opts: { library?: boolean; failKeeping?: boolean } = {}) {
    const kept: string[] = [];
    const counted: [string, number][] = [];
    const alerted: string[][] = [];
    const logs: string[] = [];
    const library = opts.library === false ? undefined : new PaperLibrary();
    const store = memoryArchive({
      onDigest: (d) => {
        if (opts.failKeeping) throw new Error('disk full');
        kept.push(d.file);
      },
      onDay: (d) => {
        if (opts.failKeeping) throw new Error('disk full');
        kept.push(d.date);
      },
    });
    const sink = createIngestSink({
      ...(library ? { library } : {}),
      store,
      logger: createLogger({ level: 'info', write: (l) => logs.push(l) }),
      metrics: { recordIngested: (source, papers) => void counted.push([source, papers]) },
      onNewPapers: async (ids) => void alerted.push([...ids]),
    });
    return { sink, library, kept, counted, alerted, logs };
  }

  it('a digest read while running is kept, counted, known, and alerted once per pass', async () => {
    const { sink, kept, counted, alerted } = setup();
    const watched = sink.source('digest-watch');
    const one = await watched.add(digest('one.txt', 'Zebrafish Schooling'));
    const two = await watched.add(digest('two.txt', 'Zebrafish Navigation'));
    expect(alerted).toEqual([]);
    await watched.endPass();
    expect(alerted).toEqual([[...one.newPaperIds, ...two.newPaperIds]]);
    await watched.endPass();
    expect(alerted).toHaveLength(1); // a pass that brought nothing alerts no one
    expect(kept).toEqual(['one.txt', 'two.txt']);
    expect(counted).toEqual([
      ['digest', 1],
      ['digest', 1],
    ]);
    expect(sink.knows('one.txt') && sink.knows('two.txt') && !sink.knows('three.txt')).toBe(true);
    expect(sink.size).toBe(2);
  });

  it('what comes from the store or another replica is indexed and known, not kept again, counted or alerted', async () => {
    const { sink, kept, counted, alerted } = setup();
    for (const origin of ['digest-archived', 'digest-replica', 'digest-folder'] as const) {
      const intake = sink.source(origin);
      await intake.add(digest(`${origin}.txt`, `Paper From ${origin}`));
      await intake.endPass();
    }
    const stored = sink.source('live-stored');
    await stored.add(day('2026-11-27', ['Stored Paper']));
    await stored.endPass();
    expect(sink.size).toBe(4);
    expect(sink.knows('digest-replica.txt')).toBe(true);
    // Only a file read from the folder at start is kept; nothing loaded at start is news.
    expect(kept).toEqual(['digest-folder.txt']);
    expect(counted).toEqual([]);
    expect(alerted).toEqual([]);
    // The start-up load is counted once, whatever it came from (most of it from the index file).
    sink.loaded();
    expect(counted).toEqual([['digest', 4]]);
  });

  it('a looked-up paper joins the library, ranked nowhere, counted as a lookup, neither kept nor alerted', async () => {
    const { sink, library, kept, counted, alerted } = setup();
    const lookups = sink.source('paper-lookup');
    const paper = { arxivId: '2511.09001', title: 'Walrus: Wide Attention for Long Recall', abstract: 'Walrus recalls.', upvotes: 33, dailyDate: '2026-10-02' };
    const added = await lookups.add({ date: '2026-10-02', paper });
    await lookups.endPass();
    expect(added.papersAdded).toBe(1);
    expect(library!.getByArxiv('2511.09001')).toMatchObject({ upvotes: 33, appearances: [{ date: '2026-10-02', file: 'huggingface-paper' }] });
    expect(library!.papersOn('2026-10-02')).toEqual([]);
    expect([kept, alerted, counted]).toEqual([[], [], [['paper-lookup', 1]]]);
    // A real listing of that day replaces its placeholder appearance.
    await sink.source('live-fetch').add({ ...day('2026-10-02', []), papers: [{ arxivId: '2511.09001', title: paper.title, abstract: paper.abstract, rank: 4 }] });
    expect(library!.getByArxiv('2511.09001')!.appearances).toEqual([{ date: '2026-10-02', rank: 4, file: 'huggingface' }]);
  });

  it('a fetched day is kept before it joins, counted as the live source, and alerted at the end of the sync', async () => {
    const { sink, library, kept, counted, alerted } = setup();
    const live = sink.source('live-fetch');
    // A pass ends once the adds under way are in: one not awaited yet still belongs to it.
    const adding = live.add(day('2026-11-27', ['Live One', 'Live Two']));
    await live.endPass();
    const added = await adding;
    expect(added.papersAdded).toBe(2);
    expect(alerted).toEqual([added.newPaperIds]);
    expect(kept).toEqual(['2026-11-27']);
    expect(counted).toEqual([[LIVE_SOURCE, 2]]);
    expect(library!.papersOn('2026-11-27')).toHaveLength(2);
    // The same fetch again changes nothing: its stored version is the one the library holds.
    expect((await live.add(day('2026-11-27', ['Live One', 'Live Two']))).papersAdded).toBe(0);
  });

  it('papers that cannot be kept still join, with a warning; `npm run fetch` stops on it instead', async () => {
    const { sink, logs } = setup({ failKeeping: true });
    await sink.source('digest-watch').add(digest('one.txt', 'Kept Nowhere'));
    await sink.source('live-fetch').add(day('2026-11-27', ['Stored Nowhere']));
    await new Promise((resolve) => setImmediate(resolve)); // the folder's digest is kept in the background
    expect(sink.size).toBe(2);
    expect(logs.sort()).toEqual([
      'warn: cannot archive one.txt in memory: disk full',
      'warn: huggingface: fetched 2026-11-27 but cannot store it (disk full); it is searchable until restart and will be fetched again',
    ]);
    await expect(sink.source('live-import').add(day('2026-11-26', ['Imported']))).rejects.toThrow('disk full');
  });

  it('without a library (npm run fetch) days are only kept', async () => {
    const { sink, kept } = setup({ library: false });
    const added = await sink.source('live-import').add(day('2026-11-26', ['Imported']));
    expect(added.papersAdded).toBe(0);
    expect(kept).toEqual(['2026-11-26']);
    expect(sink.size).toBe(0);
  });
});
