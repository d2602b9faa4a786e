import { existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INDEX_FILE, openIndexFile, snapshotLibrary, writeIndexFile } from '../../src/library/library-file.js';
import { PaperLibrary } from '../../src/library/library.js';
import { createLogger } from '../../src/ops/logger.js';
import type { ParsedDigest } from '../../src/sources/digest/digest-types.js';
import { ingestDigestDir } from '../../src/sources/digest/ingest-digest-dir.js';
import { createIngestSink } from '../../src/sources/ingest-sink.js';
import { memoryArchive } from '../helpers/memory-archive.js';
import { parseDigest } from '../../src/sources/digest/parse-digest.js';
import { NOW, SAMPLE_TEXT } from '../helpers/sample.js';
import { useTmpDir } from '../helpers/tmp-dir.js';

const tmp = useTmpDir();
const ZEBRA = 'Apr 20\n\nZebra Finch Song Models\n\nWe model zebra finch songs. It works.\n';

/** A digest folder with the sample, one small digest and one bad file; the index file goes beside it. */
function setup() {
  const root = tmp();
  const digests = join(root, 'digests');
  mkdirSync(digests);
  writeFileSync(join(digests, 'hf-daily-papers-apr-21.txt'), SAMPLE_TEXT);
  writeFileSync(join(digests, 'zebra.txt'), ZEBRA);
  writeFileSync(join(digests, 'bad.txt'), 'no date here\n');
  return { digests, cacheFile: join(root, 'data', INDEX_FILE) };
}

/** One start of the bot: a fresh library loaded through ingest, with the log lines it wrote. */
async function start(digests: string, cacheFile: string, opts: { archive?: Map<string, ParsedDigest> } = {}) {
  const lines: string[] = [];
  const library = new PaperLibrary();
  const parsed: string[] = [];
  const asked: string[] = [];
  const report = await ingestDigestDir(library, digests, {
    now: NOW,
    logger: createLogger({ level: 'debug', write: (l) => lines.push(l) }),
    cacheFile,
    sink: createIngestSink({
      library,
      logger: createLogger({ level: 'silent' }),
      store: memoryArchive({
        onDigest: (d) => {
          parsed.push(d.file);
          // As the store does: only a digest with papers is kept.
          if (d.sections.some((sec) => sec.papers.length > 0)) opts.archive?.set(d.file, d);
        },
      }),
    }),
    ...(opts.archive
      ? {
          archived: async (files: string[]) => {
            asked.push(...files);
            return files.flatMap((f) => opts.archive!.get(f) ?? []);
          },
          archivedFiles: async () => [...opts.archive!.keys()],
        }
      : {}),
  });
  // Let a background fold finish, and stop the index's timer.
  await report.index?.close();
  return { library, report, lines, parsed, asked };
}

const answers = (library: PaperLibrary, query: string) =>
  library.search(query, { pageSize: 50 }).hits.map((h) => [h.paper.id, h.score, h.snippet, h.paper.abstract, h.paper.appearances]);

describe('the persisted index', () => {
  it('is written on the first start and reused, with the same answers, while the digests are unchanged', async () => {
    const { digests, cacheFile } = setup();
    const first = await start(digests, cacheFile);
    expect(first.report.fromCache).toBe(false);
    expect(first.lines.some((l) => l.startsWith('Rebuilding the search index (no index file yet)'))).toBe(true);
    expect(existsSync(cacheFile)).toBe(true);

    const second = await start(digests, cacheFile);
    expect(second.report).toMatchObject({ fromCache: true, files: 2, skipped: 1, papers: 85, days: 2, errors: 1 });
    expect(second.lines.at(-1)).toMatch(/Loaded 2 digest files .* \(1 skipped\): 85 papers over 2 days in \d+ ms from the index file \(1 error\b/);
    // Problems of bad files are shown again on a start from the index, never hidden.
    expect(second.lines.some((l) => /bad\.txt(:\d+)?: error: no date line found/.test(l))).toBe(true);
    for (const query of ['sparse autoencoders', 'autoencodr', 'quantiz', 'zebra finch', 'difusion modles']) {
      expect(answers(second.library, query)).toEqual(answers(first.library, query));
      expect(second.library.search(query).total).toBe(first.library.search(query).total);
    }
    expect(second.library.days()).toEqual(first.library.days());
    expect(second.library.today()).toEqual(first.library.today());
    expect(second.library.suggest('autoencodrs')).toEqual(first.library.suggest('autoencodrs'));
    expect(second.library.complete('merging mod').map((p) => p.title)).toEqual(first.library.complete('merging mod').map((p) => p.title));
    const id = first.library.today(1)!.papers[0]!.paper.id;
    expect(second.library.get(id)).toEqual(first.library.get(id));
  });

  it('adds a new digest file to the index without a rebuild, and rebuilds when a file changed', async () => {
    const { digests, cacheFile } = setup();
    await start(digests, cacheFile);
    writeFileSync(join(digests, 'more.txt'), 'Apr 19\n\nOkapi Herding Policies\n\nWe herd okapis. It is hard.\n');
    const added = await start(digests, cacheFile);
    expect(added.report).toMatchObject({ fromCache: true, files: 3, skipped: 1, papers: 86 });
    expect(added.parsed).toEqual(['more.txt']);
    expect(added.lines.filter((l) => l.startsWith('warn'))).toEqual([]);
    expect(added.library.search('okapi').hits[0]!.paper.title).toBe('Okapi Herding Policies');
    // The background fold wrote it into the file: the next start reads nothing.
    const again = await start(digests, cacheFile);
    expect(again.report).toMatchObject({ fromCache: true, papers: 86 });
    expect(again.parsed).toEqual([]);
    expect(again.library.search('okapi').total).toBe(1);

    writeFileSync(join(digests, 'zebra.txt'), ZEBRA.replace('Zebra Finch', 'Canary'));
    utimesSync(join(digests, 'zebra.txt'), new Date(), new Date(Date.now() + 5_000));
    const changed = await start(digests, cacheFile);
    expect(changed.report.fromCache).toBe(false);
    expect(changed.lines.some((l) => l.startsWith('Rebuilding the search index (1 digest file changed (zebra.txt))'))).toBe(true);
    expect(changed.library.search('canary').total).toBe(1);
    expect((await start(digests, cacheFile)).report.fromCache).toBe(true);
  });

  it('rebuilds from the store: digests that did not change come from the archive, only the changed one is read', async () => {
    const { digests, cacheFile } = setup();
    const archive = new Map<string, ParsedDigest>();
    await start(digests, cacheFile, { archive });
    expect([...archive.keys()].sort()).toEqual(['hf-daily-papers-apr-21.txt', 'zebra.txt']);
    writeFileSync(join(digests, 'zebra.txt'), ZEBRA.replace('Zebra Finch', 'Canary'));
    utimesSync(join(digests, 'zebra.txt'), new Date(), new Date(Date.now() + 5_000));
    const run = await start(digests, cacheFile, { archive });
    // bad.txt has no papers, so the store kept nothing of it (and is not asked for it): it is read again, with its problem.
    expect(run.asked.sort()).toEqual(['hf-daily-papers-apr-21.txt']);
    expect(run.parsed.sort()).toEqual(['bad.txt', 'zebra.txt']);
    expect(run.lines.some((l) => /^Rebuilding the search index \(1 digest file changed \(zebra\.txt\)\): 1 digests from the store, 2 read from/.test(l))).toBe(true);
    expect(run.report).toMatchObject({ fromCache: false, papers: 85, errors: 1 });
    expect(run.library.search('canary').total).toBe(1);
  });

  it('rebuilds a damaged index file from the store too: what it was built from is still read from its header', async () => {
    const { digests, cacheFile } = setup();
    const archive = new Map<string, ParsedDigest>();
    await start(digests, cacheFile, { archive });
    const bad = readFileSync(cacheFile);
    bad[200] = bad[200]! ^ 0xff;
    writeFileSync(cacheFile, bad);
    const run = await start(digests, cacheFile, { archive });
    expect(run.lines.some((l) => l.startsWith('warn: the index file') && l.includes('checksum'))).toBe(true);
    expect(run.asked.sort()).toEqual(['hf-daily-papers-apr-21.txt', 'zebra.txt']);
    expect(run.parsed).toEqual(['bad.txt']);
    expect(run.report).toMatchObject({ fromCache: false, papers: 85, errors: 1 });
  });

  it('ignores a corrupt index file with a warning and rebuilds it', async () => {
    const { digests, cacheFile } = setup();
    await start(digests, cacheFile);
    const good = readFileSync(cacheFile);
    const flip = (at: number) => {
      const bad = Buffer.from(good);
      bad[at] = bad[at]! ^ 0xff;
      return bad;
    };
    const corruptions: [string, Buffer][] = [
      ['garbage', Buffer.from('garbage')],
      ['cut short', good.subarray(0, Math.floor(good.length / 2))],
      ['a byte of the postings', flip(200)],
      ['a byte of a record', flip(good.indexOf('"abstract"') + 20)],
    ];
    for (const [what, bad] of corruptions) {
      writeFileSync(cacheFile, bad);
      const run = await start(digests, cacheFile);
      expect(run.report, what).toMatchObject({ fromCache: false, papers: 85 });
      expect(run.lines.some((l) => /^warn: the index file .* does not match its papers \(.+\); rebuilding it$/.test(l)), what).toBe(true);
      expect(run.library.search('sparse autoencoders').total).toBeGreaterThan(0);
      expect((await start(digests, cacheFile)).report.fromCache, what).toBe(true);
    }
  });

  it('folds papers that arrive while running into the file from a worker, and keeps answering the same meanwhile', async () => {
    const { digests, cacheFile } = setup();
    await start(digests, cacheFile);
    const library = new PaperLibrary();
    const report = await ingestDigestDir(library, digests, { now: NOW, logger: createLogger({ level: 'silent' }), cacheFile });
    const okapi = parseDigest('Apr 19\n\nOkapi Herding Policies\n\nWe herd okapis. It is hard.\n', { fileName: 'okapi.txt', now: NOW });
    library.addDigest(okapi);
    const folding = report.index!.fold();
    // A paper arriving during the fold stays in memory, searchable, for the next fold.
    library.addDigest(parseDigest('Apr 18\n\nQuokka Counting at Scale\n\nWe count quokkas. It is easy.\n', { fileName: 'quokka.txt', now: NOW }));
    const before = answers(library, 'okapi sparse');
    await folding;
    expect(answers(library, 'okapi sparse')).toEqual(before);
    expect(library.search('quokka').total).toBe(1);
    expect(library.unsavedCount).toBe(1);
    await report.index!.close();
    // The next start reads the okapi from the file: the index (key of the folder) holds it without reading okapi.txt.
    const next = new PaperLibrary(openIndexFile(cacheFile).state);
    expect(next.search('okapi').hits[0]!.paper.abstract).toBe('We herd okapis. It is hard.');
    expect(next.search('quokka').total).toBe(0);
  });

  it('warns but still loads when the index file cannot be written', async () => {
    const { digests } = setup();
    const blocker = join(tmp(), 'a-file');
    writeFileSync(blocker, '');
    const run = await start(digests, join(blocker, INDEX_FILE));
    expect(run.report.papers).toBe(85);
    expect(run.lines.some((l) => l.startsWith('warn: cannot write the index file'))).toBe(true);
    expect(run.library.search('sparse autoencoders').total).toBeGreaterThan(0);
  });

  it('deletes the index file of the previous format (minisearch JSON)', async () => {
    const { digests, cacheFile } = setup();
    mkdirSync(dirname(cacheFile), { recursive: true });
    writeFileSync(join(dirname(cacheFile), 'library-index.json'), '{"format":3}\n{}');
    await start(digests, cacheFile);
    expect(existsSync(join(dirname(cacheFile), 'library-index.json'))).toBe(false);
  });
});

describe('the persisted index checks itself', () => {
  /** The index file written for the setup folder, and a library of other papers. */
  async function written() {
    const { digests, cacheFile } = setup();
    await start(digests, cacheFile);
    const meta = (await start(digests, cacheFile)).report.index!.meta;
    // The same papers built in memory (every record at hand for a snapshot).
    const own = new PaperLibrary();
    await ingestDigestDir(own, digests, { now: NOW, logger: createLogger({ level: 'silent' }) });
    const other = new PaperLibrary();
    other.addDigest(parseDigest(ZEBRA, { fileName: 'zebra.txt', now: NOW }));
    return { digests, cacheFile, meta, own, other };
  }

  async function expectRebuilt(digests: string, cacheFile: string, detail: RegExp) {
    const run = await start(digests, cacheFile);
    expect(run.report).toMatchObject({ fromCache: false, papers: 85 });
    const warning = run.lines.find((l) => l.startsWith('warn: the index file'));
    expect(warning).toMatch(/does not match its papers/);
    expect(warning).toMatch(detail);
    for (const hit of run.library.search('sparse autoencoders').hits) expect(run.library.get(hit.paper.id)).toBeDefined();
    expect((await start(digests, cacheFile)).report.fromCache).toBe(true);
  }

  it('rebuilds, with a warning, a file whose papers are not the ones its search index holds (checksums and key pass)', async () => {
    const { digests, cacheFile, meta, own, other } = await written();
    // This folder's key, this library's postings, another library's catalog: every checksum is right.
    const mine = snapshotLibrary(own, meta).snapshot;
    const theirs = snapshotLibrary(other, meta).snapshot;
    writeIndexFile(cacheFile, { ...mine, catalog: theirs.catalog, papers: theirs.papers });
    await expectRebuilt(digests, cacheFile, /1 papers in the catalog|1 papers, 85 in the search index/);
  });

  it('rebuilds, with a warning, a file whose records belong to other papers than their search documents', async () => {
    const { digests, cacheFile, meta, own } = await written();
    const snap = snapshotLibrary(own, meta).snapshot;
    // Same papers, same counts, every record present: two of them swapped.
    const records = snap.records.map(([doc, json]) => [doc, json] as [number, string]);
    [records[0]![1], records[1]![1]] = [records[1]![1], records[0]![1]];
    writeIndexFile(cacheFile, { ...snap, records });
    await expectRebuilt(digests, cacheFile, /the record of search document 0 is not paper [0-9a-f]{12}'s/);
  });

  it('removes temporary files that an interrupted write left, and only those', async () => {
    const { digests, cacheFile } = setup();
    mkdirSync(dirname(cacheFile), { recursive: true });
    // A pid above Linux's pid_max: no process holds it, so nothing is writing that file.
    const stale = `${cacheFile}.2147483647.tmp`;
    // The parent process is alive: as far as the loader can tell, another bot is writing it right now.
    const live = `${cacheFile}.${process.ppid}.tmp`;
    writeFileSync(stale, 'half an index');
    writeFileSync(live, 'an index being written');
    await start(digests, cacheFile);
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(live)).toBe(true);
  });
});
