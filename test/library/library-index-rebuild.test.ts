import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { digestText, generateCorpus } from '../../bench/corpus.js';
import { makeQueries } from '../../bench/queries.js';
import { INDEX_FILE, openIndexFile } from '../../src/library/library-file.js';
import { PaperLibrary } from '../../src/library/library.js';
import { createLogger } from '../../src/ops/logger.js';
import type { ParsedDigest } from '../../src/sources/digest/digest-types.js';
import { ingestDigestDir } from '../../src/sources/digest/ingest-digest-dir.js';
import { createIngestSink } from '../../src/sources/ingest-sink.js';
import { memoryArchive } from '../helpers/memory-archive.js';
import { loadDigestDir } from '../../src/sources/digest/load-digest-dir.js';
import { parseDigest } from '../../src/sources/digest/parse-digest.js';
import { NOW } from '../helpers/sample.js';
import { useTmpDir } from '../helpers/tmp-dir.js';

// A rebuild (the first start, or one from the store) streams: digests a batch
// at a time, and a checkpoint every so many papers that freezes the postings
// and moves the records out of memory into a spill file. Memory is then
// bounded by the checkpoint, not by the archive, and the answers are the ones
// a library built at once in memory gives.

const tmp = useTmpDir();
const PAPERS = 2_500;
const CHECKPOINT = 400;

/** A generated digest folder of PAPERS papers (about 170 files). */
function corpus(): string {
  const dir = join(tmp(), 'digests');
  mkdirSync(dir);
  for (const day of generateCorpus(PAPERS)) writeFileSync(join(dir, `hf-daily-papers-${day.date}.txt`), digestText(day));
  return dir;
}

type Answerable = Pick<PaperLibrary, 'search' | 'suggest' | 'complete' | 'today' | 'days'>;
function answers(library: Answerable, queries: string[]) {
  return queries.map((q) => {
    const page = library.search(q, { pageSize: 20 });
    return {
      q,
      total: page.total,
      hits: page.hits.map((h) => `${h.paper.id} ${h.score} ${h.snippet} ${h.paper.abstract.length}`),
      suggest: page.total === 0 ? library.suggest(q) : [],
      complete: library.complete(q, 5).map((p) => p.id),
    };
  });
}

describe('a rebuild', () => {
  it('keeps at most a checkpoint of records in memory and answers as a library built at once', async () => {
    const dir = corpus();
    const cacheFile = join(tmp(), 'data', INDEX_FILE);
    const lines: string[] = [];
    const library = new PaperLibrary();
    let mostInMemory = 0;
    const archive = new Map<string, ParsedDigest>();
    const report = await ingestDigestDir(library, dir, {
      now: NOW,
      logger: createLogger({ level: 'info', write: (l) => lines.push(l) }),
      cacheFile,
      checkpointDocs: CHECKPOINT,
      sink: createIngestSink({
        library,
        logger: createLogger({ level: 'silent' }),
        store: memoryArchive({
          onDigest: (d) => {
            archive.set(d.file, d);
            mostInMemory = Math.max(mostInMemory, library.unsavedCount);
          },
        }),
      }),
    });
    // A paper arriving after the rebuild folds into the file it wrote (the worker reads its postings from it).
    library.addDigest(parseDigest('Apr 19\n\nOkapi Herding Policies\n\nWe herd okapis. It is hard.\n', { fileName: 'okapi.txt', now: NOW }));
    await report.index!.fold();
    await report.index?.close();
    expect(report).toMatchObject({ fromCache: false, papers: PAPERS });
    expect(new PaperLibrary(openIndexFile(cacheFile).state).search('okapi').hits[0]?.paper.abstract).toBe('We herd okapis. It is hard.');
    // Records held in memory never exceed a checkpoint (plus the digest that crossed it).
    expect(mostInMemory).toBeGreaterThan(0);
    expect(mostInMemory).toBeLessThanOrEqual(CHECKPOINT + 50);
    // The spill is gone once the index file holds the records.
    expect(readdirSync(dirname(cacheFile)).filter((n) => n.endsWith('.tmp'))).toEqual([]);

    // The same answers as a library built in memory at once, before and after reading the file back.
    const { digests } = await loadDigestDir(dir, NOW);
    const whole = new PaperLibrary();
    for (const d of digests) whole.addDigest(d);
    whole.addDigest(parseDigest('Apr 19\n\nOkapi Herding Policies\n\nWe herd okapis. It is hard.\n', { fileName: 'okapi.txt', now: NOW }));
    const queries = [...makeQueries(digests.flatMap((d) => d.sections.flatMap((s) => s.papers)), 60).map((q) => q.text), 'okapi herding'];
    const expected = answers(whole, queries);
    expect(answers(library, queries)).toEqual(expected);
    const reread = new PaperLibrary(openIndexFile(cacheFile).state);
    expect(answers(reread, queries)).toEqual(expected);
    expect(reread.days()).toEqual(whole.days());
    expect(reread.today(10)).toEqual(whole.today(10));
  });

  it('from the store streams too: every digest from the archive, the same papers', async () => {
    const dir = corpus();
    const cacheFile = join(tmp(), 'data', INDEX_FILE);
    const archive = new Map<string, ParsedDigest>();
    const own = new PaperLibrary();
    const keep = memoryArchive({ onDigest: (d) => void archive.set(d.file, d) });
    const first = await ingestDigestDir(own, dir, { now: NOW, logger: createLogger({ level: 'silent' }), cacheFile, sink: createIngestSink({ library: own, store: keep, logger: createLogger({ level: 'silent' }) }) });
    await first.index?.close();
    // A damaged file whose header still says what it was built from: a rebuild from the store.
    const { readFileSync } = await import('node:fs');
    const bad = readFileSync(cacheFile);
    bad[200] = bad[200]! ^ 0xff;
    writeFileSync(cacheFile, bad);
    const lines: string[] = [];
    const asked: number[] = [];
    const library = new PaperLibrary();
    let mostInMemory = 0;
    const report = await ingestDigestDir(library, dir, {
      now: NOW,
      logger: createLogger({ level: 'info', write: (l) => lines.push(l) }),
      cacheFile,
      checkpointDocs: CHECKPOINT,
      archivedFiles: async () => [...archive.keys()],
      archived: async (files) => {
        asked.push(files.length);
        mostInMemory = Math.max(mostInMemory, library.unsavedCount);
        return files.flatMap((f) => archive.get(f) ?? []);
      },
    });
    await report.index?.close();
    expect(report).toMatchObject({ fromCache: false, papers: PAPERS });
    expect(lines.some((l) => l.startsWith(`Rebuilding the search index (the index file did not check out): ${archive.size} digests from the store, 0 read from`))).toBe(true);
    // Asked a batch at a time, never for the whole archive at once.
    expect(asked.length).toBeGreaterThan(1);
    expect(Math.max(...asked)).toBeLessThan(archive.size);
    expect(mostInMemory).toBeLessThanOrEqual(CHECKPOINT + 50);
    expect(existsSync(cacheFile)).toBe(true);
    const again = await ingestDigestDir(new PaperLibrary(), dir, { now: NOW, logger: createLogger({ level: 'silent' }), cacheFile });
    await again.index?.close();
    expect(again).toMatchObject({ fromCache: true, papers: PAPERS });
  });
});
