// A child process of `npm run bench`: the bot's library loaded from its
// persisted index, alone in a process as in production (the parent holds
// today's library too, whose heap would slow this one's garbage collection),
// then
// - the query mix (QUERIES_FILE, a JSON list): search and whole command timed,
//   after the same warm-up as today's library gets in the bench process;
// - the soak: SOAK_COMMANDS mixed commands (searches, later pages, typos, no
//   match with suggestions, show, cite, today, random, help, autocomplete),
//   resident memory printed every 1,000;
// - new papers: a day of papers no index holds is added as the live source
//   adds it, timed until each is found by search, then folded into the index
//   file by a worker thread while the main thread is probed for pauses.
// Prints one JSON line per measurement. Environment: DIGEST_DIR, DATA_DIR,
// QUERIES_FILE, SOAK_COMMANDS.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPaperBot } from '../src/commands/answer.js';
import { INDEX_FILE } from '../src/library/library-file.js';
import { PaperLibrary } from '../src/library/library.js';
import { LIVE_SOURCE, type Paper } from '../src/library/paper.js';
import { createLogger } from '../src/ops/logger.js';
import { ingestDigestDir } from '../src/sources/digest/ingest-digest-dir.js';
import { makeRng } from './corpus.js';
import { makeQueries } from './queries.js';

const COMMANDS = Number(process.env.SOAK_COMMANDS ?? 10_000);
const out = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);
const rss = () => process.memoryUsage().rss;

const library = new PaperLibrary();
const report = await ingestDigestDir(library, process.env.DIGEST_DIR!, {
  now: new Date(),
  logger: createLogger({ level: 'warn' }),
  cacheFile: join(process.env.DATA_DIR!, INDEX_FILE),
});
const rng = makeRng(11);
const bot = createPaperBot(library, { rng });

const mixQueries = JSON.parse(readFileSync(process.env.QUERIES_FILE!, 'utf8')) as { kind: string; text: string }[];
// Warmed up as today's library is in the bench process: every query searched once (the parity check
// there), then 40 commands.
for (const q of mixQueries) library.search(q.text);
for (const q of mixQueries.slice(0, 40)) {
  library.search(q.text);
  await bot.answer(`/paper ${q.text}`);
}
const search: number[] = [];
const command: number[] = [];
for (const q of mixQueries) {
  let started = performance.now();
  library.search(q.text);
  search.push(performance.now() - started);
  started = performance.now();
  await bot.answer(`/paper ${q.text}`);
  command.push(performance.now() - started);
}
out({ queries: { kinds: mixQueries.map((q) => q.kind), search, command } });

// The mix: the bench's query kinds over papers drawn from the library, and the other commands.
const sample: Paper[] = Array.from({ length: 2_000 }, () => library.random(rng)!);
const queries = makeQueries(sample, 1_000, 13).map((q) => q.text);
const mix: ((i: number) => Promise<unknown> | unknown)[] = [
  (i) => bot.answer(queries[i % queries.length]!),
  (i) => bot.answer(queries[(i * 7) % queries.length]!),
  (i) => bot.answer(`${queries[(i * 3) % queries.length]} page 2`),
  (i) => bot.answer(`show ${sample[i % sample.length]!.id}`),
  (i) => bot.answer(`cite ${sample[(i * 5) % sample.length]!.id}`),
  () => bot.answer('today'),
  () => bot.answer('random'),
  () => bot.answer('help'),
  (i) => bot.complete(queries[i % queries.length]!.slice(0, 3 + (i % 9))),
];
const memory: number[] = [rss()];
for (let i = 0; i < COMMANDS; i++) {
  await mix[i % mix.length]!(i);
  if ((i + 1) % 1_000 === 0) memory.push(rss());
}
out({ soak: { commands: COMMANDS, rss: memory } });

// New papers, as a fetched day brings them: searchable at once?
const fresh = Array.from({ length: 20 }, (_, i) => ({
  title: `Zyxwvut Quillfeather Method ${i} for Orbitrap Calibration`,
  abstract: `We calibrate orbitrap instruments with the quillfeather method, variant ${i}. It works.`,
  rank: i + 1,
  meta: { arxivId: `2999.${String(10000 + i)}` },
}));
const added = performance.now();
library.addListing({ date: '2999-01-01', source: LIVE_SOURCE, papers: fresh });
const found = fresh.every((p) => library.search(p.title).hits[0]?.paper.title === p.title);
const searchableMs = performance.now() - added;

// Fold them into the file from a worker thread, probing the main thread every millisecond meanwhile.
let longest = 0;
let last = performance.now();
const probe = setInterval(() => {
  const now = performance.now();
  longest = Math.max(longest, now - last);
  last = now;
}, 1);
const folding = performance.now();
await report.index!.fold();
const foldMs = performance.now() - folding;
clearInterval(probe);
const after = new PaperLibrary();
const reread = await ingestDigestDir(after, process.env.DIGEST_DIR!, { now: new Date(), logger: createLogger({ level: 'silent' }), cacheFile: join(process.env.DATA_DIR!, INDEX_FILE) });
out({ fresh: { papers: fresh.length, found, searchableMs, foldMs, longestPauseMs: longest, inFileAfterFold: reread.fromCache && after.getByArxiv('2999.10019') !== undefined } });
await reread.index?.close();
await report.index?.close();
