// `npm start` on the generated 10k archive (START_PAPERS), as the issue's
// targets count it: time from spawn to the first answer (target <= 1.0 s) and
// resident memory after 200 commands (target <= 150 MB), from the persisted
// index. START_RUNS runs (default 3) of each mode in START_MODES (default
// `start`: npm start's node command from package.json, after its prestart
// build; `tsx`: the bot from source under tsx, as npm start ran before).
// `npm run bench:start`.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BOT_ARGS, coldStart, ROOT, type StartMode } from './cold-start.js';
import { corpusDir, generateCorpus } from './corpus.js';
import { makeQueries } from './queries.js';
import { mb, ms } from './stats.js';

const PAPERS = Number(process.env.START_PAPERS ?? 10_000);
const RUNS = Number(process.env.START_RUNS ?? 3);
const MODES = (process.env.START_MODES ?? 'start,tsx').split(',') as StartMode[];
const COMMANDS = 200;

// What `npm start` runs first (its prestart step), so the bundle is current.
const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
if (scripts.prestart) execFileSync('npm', ['run', '--silent', 'prestart'], { cwd: ROOT, stdio: 'inherit' });

const digestDir = corpusDir(PAPERS);
const queries = makeQueries(generateCorpus(PAPERS).flatMap((d) => d.papers), COMMANDS).map((q) => q.text);
const dataDir = mkdtempSync(join(tmpdir(), 'paperbot-start-'));
try {
  const first = await coldStart({ digestDir, dataDir, queries: queries.slice(0, 1), mode: MODES[0] });
  console.log(`${PAPERS.toLocaleString('en-US')} papers; first start (reads every digest, writes the index): ${ms(first.ms)}`);
  for (const mode of MODES) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await coldStart({ digestDir, dataDir, queries, mode }));
    if (!runs.every((r) => r.log.some((l) => l.includes('from the index file')))) console.log(`  (${mode}: a start did not use the index file)`);
    console.log(`${mode} (node ${BOT_ARGS[mode].join(' ')}), ${RUNS} runs:`);
    console.log(`  first answer: ${runs.map((r) => ms(r.ms)).join(', ')} (target <= 1.0 s)`);
    console.log(`  RSS at the first answer -> after ${COMMANDS} commands: ${runs.map((r) => `${mb(r.rssBytes ?? NaN)} -> ${mb(r.lastRssBytes ?? NaN)}`).join(', ')} (target <= 150 MB)`);
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
