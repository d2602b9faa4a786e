import { existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDigest } from '../../src/sources/digest/parse-digest.js';
import { ingestDigestDir } from '../../src/sources/digest/ingest-digest-dir.js';
import { PaperLibrary } from '../../src/library/library.js';
import { createLogger } from '../../src/ops/logger.js';
import { NOW, SAMPLE_TEXT } from '../helpers/sample.js';
import { useTmpDir } from '../helpers/tmp-dir.js';

const tmp = useTmpDir();
const ZEBRA = 'Apr 20\n\nZebra Finch Song Models\n\nWe model zebra finch songs. It works.\n';

/** A digest folder with the sample, one small digest and one bad file; the cache goes beside it. */
function setup() {
  const root = tmp();
  const digests = join(root, 'digests');
  mkdirSync(digests);
  writeFileSync(join(digests, 'hf-daily-papers-apr-21.txt'), SAMPLE_TEXT);
  writeFileSync(join(digests, 'zebra.txt'), ZEBRA);
  writeFileSync(join(digests, 'bad.txt'), 'no date here\n');
  return { digests, cacheFile: join(root, 'data', 'library-index.json') };
}

/** One start of the bot: a fresh library loaded through ingest, with the log lines it wrote. */
async function start(digests: string, cacheFile: string) {
  const lines: string[] = [];
  const library = new PaperLibrary();
  const report = await ingestDigestDir(library, digests, {
    now: NOW,
    logger: createLogger({ level: 'info', write: (l) => lines.push(l) }),
    cacheFile,
  });
  return { library, report, lines };
}

describe('the persisted index', () => {
  it('is written on the first start and reused, with the same answers, while the digests are unchanged', async () => {
    const { digests, cacheFile } = setup();
    const first = await start(digests, cacheFile);
    expect(first.report.fromCache).toBe(false);
    expect(readFileSync(cacheFile, 'utf8').split('\n')).toHaveLength(2);

    const second = await start(digests, cacheFile);
    expect(second.report).toMatchObject({ fromCache: true, files: 3, papers: 85, days: 2, errors: 1 });
    expect(second.lines.at(-1)).toMatch(/Loaded 3 digest files .*: 85 papers over 2 days in \d+ ms from the index cache \(1 errors/);
    // Problems of bad files are shown again on a cached start, never hidden.
    expect(second.lines.some((l) => /bad\.txt(:\d+)?: error: no date line found/.test(l))).toBe(true);
    for (const query of ['sparse autoencoders', 'autoencodr', 'quantiz', 'zebra finch']) {
      const a = first.library.search(query, { pageSize: 50 });
      const b = second.library.search(query, { pageSize: 50 });
      expect(b.hits.map((h) => [h.paper.id, h.score, h.snippet])).toEqual(a.hits.map((h) => [h.paper.id, h.score, h.snippet]));
      expect(b.total).toBe(a.total);
    }
    expect(second.library.days()).toEqual(first.library.days());
    expect(second.library.today()).toEqual(first.library.today());
    expect(second.library.suggest('autoencodrs')).toEqual(first.library.suggest('autoencodrs'));
  });

  it('is rebuilt when a digest is added or changed', async () => {
    const { digests, cacheFile } = setup();
    await start(digests, cacheFile);
    writeFileSync(join(digests, 'more.txt'), 'Apr 19\n\nOkapi Herding Policies\n\nWe herd okapis. It is hard.\n');
    const added = await start(digests, cacheFile);
    expect(added.report.fromCache).toBe(false);
    expect(added.library.search('okapi').total).toBe(1);

    writeFileSync(join(digests, 'zebra.txt'), ZEBRA.replace('Zebra Finch', 'Canary'));
    utimesSync(join(digests, 'zebra.txt'), new Date(), new Date(Date.now() + 5_000));
    const changed = await start(digests, cacheFile);
    expect(changed.report.fromCache).toBe(false);
    expect(changed.library.search('canary').total).toBe(1);
    expect((await start(digests, cacheFile)).report.fromCache).toBe(true);
  });

  it('ignores a corrupt cache file with a warning and rebuilds it', async () => {
    const { digests, cacheFile } = setup();
    await start(digests, cacheFile);
    const good = readFileSync(cacheFile, 'utf8');
    const [header, index] = good.split('\n') as [string, string];
    for (const bad of ['garbage', `${header}\n{"not":"an index"}`, `${header.slice(0, 100)}\n${index}`, `${header.replace(/"title":"[^"]*"/, '"title":""')}\n${index}`]) {
      writeFileSync(cacheFile, bad);
      const run = await start(digests, cacheFile);
      expect(run.report).toMatchObject({ fromCache: false, papers: 85 });
      expect(run.lines.some((l) => /^warn: the index cache .* is corrupt \(.+\); ignoring it and rebuilding$/.test(l))).toBe(true);
      expect(run.library.search('sparse autoencoders').total).toBeGreaterThan(0);
      expect((await start(digests, cacheFile)).report.fromCache).toBe(true);
    }
  });

  it('warns but still loads when the cache cannot be written', async () => {
    const { digests } = setup();
    const blocker = join(tmp(), 'a-file');
    writeFileSync(blocker, '');
    const run = await start(digests, join(blocker, 'library-index.json'));
    expect(run.report.papers).toBe(85);
    expect(run.lines.some((l) => l.startsWith('warn: cannot write the index cache'))).toBe(true);
  });
});

describe('the persisted index checks itself', () => {
  it('rebuilds, with a warning, an index whose papers do not match its search index though the fingerprint does', async () => {
    const { digests, cacheFile } = setup();
    await start(digests, cacheFile);
    const [header, index] = readFileSync(cacheFile, 'utf8').split('\n') as [string, string];
    // The same fingerprint over the search index of another library: one paper, not 85.
    const other = new PaperLibrary();
    other.addDigest(parseDigest(ZEBRA, { fileName: 'zebra.txt', now: NOW }));
    const otherIndex = JSON.stringify(other.miniSearch);
    const parsed = JSON.parse(header) as { papers: { id: string }[] };
    // Same count, one id that the index does not hold.
    const renamed = header.replace(parsed.papers[0]!.id, 'ffffffffffff');
    for (const bad of [`${header}\n${otherIndex}`, `${renamed}\n${index}`]) {
      writeFileSync(cacheFile, bad);
      const run = await start(digests, cacheFile);
      expect(run.report).toMatchObject({ fromCache: false, papers: 85 });
      expect(run.lines.some((l) => /^warn: the index cache .* does not match its papers/.test(l))).toBe(true);
      for (const hit of run.library.search('sparse autoencoders').hits) expect(run.library.get(hit.paper.id)).toBeDefined();
      expect((await start(digests, cacheFile)).report.fromCache).toBe(true);
    }
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
