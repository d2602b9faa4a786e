// `npm run bench`: paperbot at archive scale. For each corpus size, measures
// parsing, indexing, memory, cold start (real child processes, with and
// without the persisted index) and search latency over a realistic query mix,
// against the floor (a bare minisearch call on the same index with the same
// options) and a hand-rolled linear scan. Prints one table. See bench/README.md.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPaperBot } from '../src/commands/answer.js';
import { loadDigestDir } from '../src/sources/digest/load-digest-dir.js';
import { PaperLibrary } from '../src/library/library.js';
import { ReferenceLibrary } from './reference/reference-library.js';
import { queryTerms } from '../src/library/text-terms.js';
import { coldStart } from './cold-start.js';
import { corpusDir, DISTINCT_TERM_TARGETS, distinctTerms, type GeneratedPaper } from './corpus.js';
import { NaiveBot } from './naive-bot.js';
import { makeQueries, type BenchQuery } from './queries.js';
import { collectGarbage, mb, ms, percentile, ratio, timed } from './stats.js';

const SIZES = (process.env.BENCH_SIZES ?? '1000,10000,50000').split(',').map(Number);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 200);
const WARMUP = 40;

type Row = [string, ...string[]];
const rows = new Map<string, string[]>();
const put = (name: string, value: string) => rows.set(name, [...(rows.get(name) ?? []), value]);
const notes: string[] = [];

async function benchSize(size: number): Promise<void> {
  const dir = corpusDir(size);
  collectGarbage();
  const heapBefore = process.memoryUsage().heapUsed;

  const parse = performance.now();
  const { digests, problems } = await loadDigestDir(dir, new Date());
  const parseMs = performance.now() - parse;
  if (problems.length > 0) notes.push(`${size}: ${problems.length} digest problems, first: ${problems[0]!.message}`);
  const library = new PaperLibrary();
  const index = timed(() => digests.forEach((d) => library.addDigest(d)));
  const reference = new ReferenceLibrary();
  digests.forEach((d) => reference.addDigest(d));
  collectGarbage();
  const heapAfter = process.memoryUsage().heapUsed;

  const papers: GeneratedPaper[] = digests.flatMap((d) => d.sections.flatMap((s) => s.papers));
  if (size >= 9_600 && size === SIZES.find((s) => s >= 9_600)) {
    const terms = distinctTerms(papers, DISTINCT_TERM_TARGETS.map((t) => t.papers));
    for (const t of DISTINCT_TERM_TARGETS) notes.push(`distinct terms at ${t.papers} papers: ${terms.get(t.papers)} (real archive: ${t.terms})`);
  }
  const queries = makeQueries(papers, QUERIES);
  const bot = createPaperBot(library);
  const naive = new NaiveBot(papers);
  const mini = reference.miniSearch;

  // The floor: the same minisearch query, with the same options, without the core around it.
  const bare = (text: string) => {
    const terms = queryTerms(text);
    return mini.search(reference.queryFor(terms, reference.variantsOf(terms)));
  };
  for (const q of queries.slice(0, WARMUP)) {
    bare(q.text);
    library.search(q.text);
    bot.answer(`/paper ${q.text}`);
  }
  const floor: number[] = [];
  const search: number[] = [];
  const command: number[] = [];
  const scan: number[] = [];
  const byKind = new Map<BenchQuery['kind'], number[]>();
  let empty = 0;
  for (const q of queries) {
    floor.push(timed(() => bare(q.text)).ms);
    const s = timed(() => library.search(q.text));
    search.push(s.ms);
    if (s.value.total === 0) empty++;
    const c = timed(() => bot.answer(`/paper ${q.text}`)).ms;
    command.push(c);
    byKind.set(q.kind, [...(byKind.get(q.kind) ?? []), c]);
    scan.push(timed(() => naive.search(q.text)).ms);
  }

  const data = mkdtempSync(join(tmpdir(), 'paperbot-bench-'));
  try {
    const fresh = await coldStart(dir, data, 'diffusion models');
    const cached = await coldStart(dir, data, 'diffusion models');
    if (!cached.loadedLine.includes('index cache')) notes.push(`${size}: the second start did not use the index cache: ${cached.loadedLine}`);
    put('papers / digest files / distinct terms', `${library.size} / ${digests.length} / ${reference.miniSearch.termCount}`);
    put('parse digests', ms(parseMs));
    put('index papers', ms(index.ms));
    put('heap after load (parsed digests + library)', mb(heapAfter - heapBefore));
    put('bot RSS after first answer (built / cached)', `${mb(fresh.rssBytes ?? NaN)} / ${mb(cached.rssBytes ?? NaN)}`);
    put('cold start to first answer, no index', ms(fresh.ms));
    put('cold start to first answer, persisted index', ms(cached.ms));
  } finally {
    rmSync(data, { recursive: true, force: true });
  }
  const line = (xs: number[]) => `${ms(percentile(xs, 50))} / ${ms(percentile(xs, 99))} / ${ms(Math.max(...xs))}`;
  put('floor: bare minisearch p50 / p99 / max', line(floor));
  put('library.search p50 / p99 / max', line(search));
  put('whole /paper command p50 / p99 / max', line(command));
  put('linear scan (includes) p50 / p99 / max', line(scan));
  put('core overhead: command p99 / floor p99', ratio(percentile(command, 99) / percentile(floor, 99)));
  put('speed-up over linear scan (p50 / p99)', `${ratio(percentile(scan, 50) / percentile(command, 50))} / ${ratio(percentile(scan, 99) / percentile(command, 99))}`);
  for (const [kind, xs] of byKind) put(`  command p99, ${kind} (${xs.length} queries)`, ms(percentile(xs, 99)));
  put('queries with no result', `${empty} of ${queries.length}`);
}

const started = performance.now();
for (const size of SIZES) {
  process.stderr.write(`bench: ${size.toLocaleString('en-US')} papers...\n`);
  await benchSize(size);
}
const header: Row = ['papers', ...SIZES.map((s) => s.toLocaleString('en-US'))];
const table: Row[] = [header, ...[...rows.entries()].map(([k, v]) => [k, ...v] as Row)];
const widths = header.map((_, i) => Math.max(...table.map((r) => (r[i] ?? '').length)));
const fmt = (r: Row) => `| ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
console.log([fmt(header), `|${widths.map((w, i) => (i === 0 ? `-${'-'.repeat(w)}-` : `-${'-'.repeat(w)}:`)).join('|')}|`, ...table.slice(1).map(fmt)].join('\n'));
console.log(`\n${notes.join('\n')}`);
console.log(`queries per size: ${QUERIES} (after ${WARMUP} warm-up); total bench time ${(((performance.now() - started) / 1000)).toFixed(0)} s`);
