// `npm run bench`: paperbot at archive scale, the compact index side by
// side with the minisearch library it replaced (bench/reference/) and with
// bare minisearch, in the same run. For each corpus size: build and file size,
// parity of first pages, search and command latency over the query mix, cold
// starts of real processes (persisted index from source under tsx and as
// `npm start` runs it, first start, rebuild from the store, and the reference bot), memory
// after 200 queries; at the largest size a soak of mixed commands and new
// papers arriving. Prints one table. See bench/README.md.

import { execFileSync, spawn } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPaperBot } from '../src/commands/answer.js';
import { INDEX_FILE, openIndexFile, snapshotLibrary, writeIndexFile } from '../src/library/library-file.js';
import { PaperLibrary } from '../src/library/library.js';
import { queryTerms } from '../src/library/text-terms.js';
import { loadDigestDir } from '../src/sources/digest/load-digest-dir.js';
import { coldStart, ROOT, V8_FLAGS, type ColdStart } from './cold-start.js';
import { corpusDir, DISTINCT_TERM_TARGETS, distinctTerms, type GeneratedPaper } from './corpus.js';
import { NaiveBot } from './naive-bot.js';
import { makeQueries, type BenchQuery } from './queries.js';
import { digestFingerprint, saveLibraryCache } from './reference/reference-cache.js';
import { ReferenceLibrary } from './reference/reference-library.js';
import { collectGarbage, mb, ms, percentile, ratio, timed } from './stats.js';

const SIZES = (process.env.BENCH_SIZES ?? '1000,10000,50000').split(',').map(Number);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 200);
const SOAK = Number(process.env.BENCH_SOAK ?? 10_000);
const WARMUP = 40;

type Row = [string, ...string[]];
const rows = new Map<string, string[]>();
const put = (name: string, value: string) => rows.set(name, [...(rows.get(name) ?? []), value]);
const notes: string[] = [];
const line = (xs: number[]) => `${ms(percentile(xs, 50))} / ${ms(percentile(xs, 99))} / ${ms(Math.max(...xs))}`;
const p99 = (xs: number[]) => ms(percentile(xs, 99));
const rss = (c: ColdStart) => `${mb(c.rssBytes ?? NaN)} -> ${mb(c.lastRssBytes ?? NaN)}`;

/** Flips a byte inside the postings of an index file: its checksum then fails, its header still names what it was built from. */
function corruptPostings(file: string): void {
  const fd = openSync(file, 'r+');
  try {
    const pre = Buffer.alloc(32);
    readSync(fd, pre, 0, 32, 0);
    const header = Buffer.alloc(pre.readUInt32LE(24));
    readSync(fd, header, 0, header.length, pre.readDoubleLE(16));
    const [offset] = (JSON.parse(header.toString('utf8')) as { layout: { sections: Record<string, [number, number]> } }).layout.sections['abstract.docs']!;
    const byte = Buffer.alloc(1);
    readSync(fd, byte, 0, 1, offset + 8);
    byte[0] = byte[0]! ^ 0xff;
    writeSync(fd, byte, 0, 1, offset + 8);
  } finally {
    closeSync(fd);
  }
}

/** Runs bench/compact-process.ts on a persisted index; returns its JSON lines. */
function compactProcess(digestDir: string, dataDir: string, queriesFile: string, commands: number): Promise<Record<string, unknown>[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...V8_FLAGS, '--import', 'tsx', 'bench/compact-process.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, DIGEST_DIR: digestDir, DATA_DIR: dataDir, QUERIES_FILE: queriesFile, SOAK_COMMANDS: String(commands) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('exit', (code) =>
      code === 0 ? resolve(stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>)) : reject(new Error(`the compact process exited with ${code}: ${stderr.slice(-2000)}`)),
    );
  });
}

async function benchSize(size: number, last: boolean): Promise<void> {
  const dir = corpusDir(size);
  const parsing = performance.now();
  const { digests, problems } = await loadDigestDir(dir, new Date());
  const parseMs = performance.now() - parsing;
  if (problems.length > 0) notes.push(`${size}: ${problems.length} digest problems, first: ${problems[0]!.message}`);
  const papers: GeneratedPaper[] = digests.flatMap((d) => d.sections.flatMap((s) => s.papers));
  if (size >= 9_600 && size === SIZES.find((s) => s >= 9_600)) {
    const terms = distinctTerms(papers, DISTINCT_TERM_TARGETS.map((t) => t.papers));
    for (const t of DISTINCT_TERM_TARGETS) notes.push(`distinct terms at ${t.papers} papers: ${terms.get(t.papers)} (real archive: ${t.terms})`);
  }

  // Build both libraries in this process; heap measured around each.
  collectGarbage();
  let heap = process.memoryUsage().heapUsed;
  const reference = new ReferenceLibrary();
  const refBuild = timed(() => digests.forEach((d) => reference.addDigest(d)));
  collectGarbage();
  const refHeap = process.memoryUsage().heapUsed - heap;
  heap = process.memoryUsage().heapUsed;
  let built: PaperLibrary | undefined = new PaperLibrary();
  const build = timed(() => digests.forEach((d) => built!.addDigest(d)));
  collectGarbage();
  const compactHeap = process.memoryUsage().heapUsed - heap;

  // Persist both; search the compact library as the bot does, read back from its file.
  const data = mkdtempSync(join(tmpdir(), 'paperbot-bench-'));
  const refData = mkdtempSync(join(tmpdir(), 'paperbot-bench-ref-'));
  try {
    const indexFile = join(data, 'written', INDEX_FILE);
    mkdirSync(join(data, 'written'));
    const write = timed(() => writeIndexFile(indexFile, snapshotLibrary(built!, { key: { digests: {} }, files: digests.length, problems: [] }).snapshot));
    // From here on the parent holds the reference library and the compact one read back from its file.
    built = undefined;
    await saveLibraryCache(reference, join(refData, 'library-index.json'), { fingerprint: await digestFingerprint(dir), files: digests.length, problems });
    const load = timed(() => openIndexFile(indexFile));
    const compact = new PaperLibrary(load.value.state);
    // Acronym variants and rarity-weighted coverage came after the reference library: parity is checked without them,
    // and their effect counted.
    const literal = new PaperLibrary(load.value.state, { acronyms: false, weighCoverage: false });

    const queries = makeQueries(papers, QUERIES);
    let same = 0;
    let byAcronyms = 0;
    for (const q of queries) {
      const a = reference.search(q.text).hits.map((h) => h.paper.id).join();
      const b = literal.search(q.text).hits.map((h) => h.paper.id).join();
      if (a === b) same++;
      else notes.push(`${size}: first pages differ for "${q.text}"`);
      if (compact.search(q.text).hits.map((h) => h.paper.id).join() !== b) byAcronyms++;
    }

    // Today's library, the floor and the scan are timed here, interleaved per query; the compact
    // library in a process of its own after the cold starts (compact-process.ts).
    const refBot = createPaperBot(reference as unknown as PaperLibrary);
    const naive = new NaiveBot(papers);
    const mini = reference.miniSearch;
    // The floor: the reference's own minisearch query, with its options, without the library around it.
    const bare = (text: string) => {
      const terms = queryTerms(text);
      return mini.search(reference.queryFor(terms, reference.variantsOf(terms)));
    };
    for (const q of queries.slice(0, WARMUP)) {
      bare(q.text);
      reference.search(q.text);
      await refBot.answer(`/paper ${q.text}`);
    }
    const t = { floor: [] as number[], refSearch: [] as number[], refCommand: [] as number[], scan: [] as number[], search: [] as number[], command: [] as number[] };
    const refByKind = new Map<BenchQuery['kind'], number[]>();
    for (const q of queries) {
      t.floor.push(timed(() => bare(q.text)).ms);
      t.refSearch.push(timed(() => reference.search(q.text)).ms);
      const started = performance.now();
      await refBot.answer(`/paper ${q.text}`);
      t.refCommand.push(performance.now() - started);
      refByKind.set(q.kind, [...(refByKind.get(q.kind) ?? []), t.refCommand.at(-1)!]);
      t.scan.push(timed(() => naive.search(q.text)).ms);
    }
    const empty = queries.filter((q) => compact.search(q.text).total === 0).length;
    load.value.file.close();

    // Real processes. First start (no index, empty store: reads every digest, archives them), then from
    // the index under npm start and start:prod, then a rebuild from the store, then the reference bot.
    const cold = queries.map((q) => q.text);
    const first = await coldStart({ digestDir: dir, dataDir: data, queries: cold.slice(0, 1) });
    const tsx = await coldStart({ digestDir: dir, dataDir: data, queries: cold, mode: 'tsx' });
    const prod = await coldStart({ digestDir: dir, dataDir: data, queries: cold, mode: 'start' });
    if (!prod.log.some((l) => l.includes('from the index file'))) notes.push(`${size}: npm start did not use the index file: ${prod.log.join(' | ')}`);
    corruptPostings(join(data, INDEX_FILE));
    const rebuilt = await coldStart({ digestDir: dir, dataDir: data, queries: cold.slice(0, 1) });
    const fromStore = rebuilt.log.find((l) => l.startsWith('Rebuilding'));
    const progress = rebuilt.log.filter((l) => l.startsWith('Indexing papers')).length;
    if (!fromStore?.includes(`${digests.length} digests from the store`)) notes.push(`${size}: the rebuild did not come from the store: ${fromStore}`);
    const refStart = await coldStart({ digestDir: dir, dataDir: refData, queries: cold, args: ['--max-semi-space-size=64', '--import', 'tsx', 'bench/reference/reference-bot.ts'] });
    if (!refStart.log.some((l) => l.includes('from the index cache'))) notes.push(`${size}: the reference bot did not use its cache: ${refStart.log.join(' | ')}`);

    // The compact library alone in a process, loaded from the index file the bot wrote.
    const queriesFile = join(data, 'queries.json');
    writeFileSync(queriesFile, JSON.stringify(queries));
    const child = await compactProcess(dir, data, queriesFile, last ? SOAK : 0);
    const timing = child.find((l) => l.queries)!.queries as { kinds: string[]; search: number[]; command: number[] };
    t.search = timing.search;
    t.command = timing.command;

    put('papers / digest files / distinct terms', `${compact.size} / ${digests.length} / ${reference.miniSearch.termCount}`);
    put('parse digests', ms(parseMs));
    put('index papers: reference / compact', `${ms(refBuild.ms)} / ${ms(build.ms)}`);
    put('heap of the library: reference / compact (built in memory)', `${mb(refHeap)} / ${mb(compactHeap)}`);
    put('index file: reference (JSON) / compact (binary, records included)', `${mb(statSync(join(refData, 'library-index.json')).size)} / ${mb(statSync(indexFile).size)}`);
    put('compact: write file / load file (in process)', `${ms(write.ms)} / ${ms(load.ms)}`);
    put('first page identical to the reference library (acronyms, weighted coverage off)', `${same} of ${queries.length}`);
    put('first pages that acronyms and weighted coverage change', `${byAcronyms} of ${queries.length}`);
    put('floor: bare minisearch p50 / p99 / max', line(t.floor));
    put('search, reference: p50 / p99 / max', line(t.refSearch));
    put('search, compact: p50 / p99 / max', line(t.search));
    put('whole /paper command, reference: p50 / p99 / max', line(t.refCommand));
    put('whole /paper command, compact: p50 / p99 / max', line(t.command));
    put('linear scan (includes): p50 / p99 / max', line(t.scan));
    put('speed-up of the command over the reference (p50 / p99)', `${ratio(percentile(t.refCommand, 50) / percentile(t.command, 50))} / ${ratio(percentile(t.refCommand, 99) / percentile(t.command, 99))}`);
    for (const [kind, ref] of refByKind) {
      const mine = timing.command.filter((_, i) => timing.kinds[i] === kind);
      put(`  command p99 reference / compact, ${kind} (${mine.length})`, `${p99(ref)} / ${p99(mine)}`);
    }
    put('queries with no result', `${empty} of ${queries.length}`);
    put('cold start, persisted index: reference / from source (tsx) / npm start (bundle)', `${ms(refStart.ms)} / ${ms(tsx.ms)} / ${ms(prod.ms)}`);
    put(`RSS at first answer -> after ${queries.length} queries: reference`, rss(refStart));
    put(`RSS at first answer -> after ${queries.length} queries: from source (tsx)`, rss(tsx));
    put(`RSS at first answer -> after ${queries.length} queries: npm start (bundle)`, rss(prod));
    put('cold start, first (reads every digest) / rebuild from the store', `${ms(first.ms)} / ${ms(rebuilt.ms)}`);
    put('  progress lines during the rebuild', String(progress));

    const f = child.find((l) => l.fresh)!.fresh as { papers: number; found: boolean; searchableMs: number; foldMs: number; longestPauseMs: number; inFileAfterFold: boolean };
    put('new papers: searchable after / fold in a worker / longest main-thread pause', `${ms(f.searchableMs)} / ${ms(f.foldMs)} / ${ms(f.longestPauseMs)}`);
    if (!f.found || !f.inFileAfterFold) notes.push(`${size}: new papers: found by search ${f.found}, in the file after the fold ${f.inFileAfterFold}`);
    if (last) {
      const s = child.find((l) => l.soak)!.soak as { commands: number; rss: number[] };
      const growth = (s.rss.at(-1)! - s.rss[1]!) / s.rss[1]!;
      notes.push(
        `soak at ${size.toLocaleString('en-US')} papers, ${s.commands.toLocaleString('en-US')} mixed commands, RSS every 1,000: ${s.rss.map((b) => mb(b)).join(', ')}` +
          ` (growth after the first 1,000: ${(growth * 100).toFixed(1)}%)`,
      );
    }
  } finally {
    rmSync(data, { recursive: true, force: true });
    rmSync(refData, { recursive: true, force: true });
  }
}

const started = performance.now();
process.stderr.write('bench: building what npm start runs...\n');
execFileSync(process.execPath, ['scripts/build-bot.mjs'], { cwd: ROOT, stdio: 'inherit' });
const loadBefore = loadavg();
for (const size of SIZES) {
  process.stderr.write(`bench: ${size.toLocaleString('en-US')} papers...\n`);
  await benchSize(size, size === SIZES.at(-1));
}
const header: Row = ['papers', ...SIZES.map((s) => s.toLocaleString('en-US'))];
const table: Row[] = [header, ...[...rows.entries()].map(([k, v]) => [k, ...v] as Row)];
const widths = header.map((_, i) => Math.max(...table.map((r) => (r[i] ?? '').length)));
const fmt = (r: Row) => `| ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
console.log([fmt(header), `|${widths.map((w, i) => (i === 0 ? `-${'-'.repeat(w)}-` : `-${'-'.repeat(w)}:`)).join('|')}|`, ...table.slice(1).map(fmt)].join('\n'));
console.log(`\n${notes.join('\n')}`);
const loads = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
console.log(`machine: ${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}; load average (1, 5, 15 min) at the start ${loads(loadBefore)}, at the end ${loads(loadavg())}`);
console.log(`queries per size: ${QUERIES} (after ${WARMUP} warm-up); total bench time ${((performance.now() - started) / 1000).toFixed(0)} s`);
