// The very first start at archive scale: a real bot process on a generated
// corpus with an empty DATA_DIR (no index file, empty store), so every digest
// is read, archived, indexed and written. Timed from spawn to the first
// answer; its peak resident memory (VmHWM from /proc, sampled until it exits)
// and its progress lines are printed, then a second start from the index file
// it wrote, for comparison.
//
//   npx tsx bench/first-start.ts                     # 50k and 200k papers
//   FIRST_START_SIZES=50000 npx tsx bench/first-start.ts
//
// The bot runs as `npm start` runs it (the bundle, built first, with the node
// arguments read from package.json); BOT_NODE_ARGS overrides them.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync, spawn } from 'node:child_process';
import { BOT_ARGS, ROOT } from './cold-start.js';
import { corpusDir } from './corpus.js';
import { mb, ms } from './stats.js';

const SIZES = (process.env.FIRST_START_SIZES ?? '50000,200000').split(',').map(Number);
const NODE_ARGS = process.env.BOT_NODE_ARGS?.split(' ') ?? BOT_ARGS.start;
// What `npm start`'s prestart step does: build the bundle when a source changed.
execFileSync(process.execPath, ['scripts/build-bot.mjs'], { cwd: ROOT, stdio: 'inherit' });
const TIMEOUT_MS = 600_000;

interface Start {
  firstAnswerMs: number;
  /** Peak RSS over the whole run (VmHWM), read last while the process was alive. */
  peakRss: number;
  /** RSS at the first answer. */
  rssAtAnswer: number;
  /** CPU time (user + system) the process had used at the first answer: less sensitive to a busy machine than the clock. */
  cpuMs: number;
  log: string[];
}

/** User plus system CPU time of a process, from /proc/<pid>/stat (in clock ticks of 10 ms). */
function cpuMsOf(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

function status(pid: number | undefined, field: 'VmHWM' | 'VmRSS'): number {
  try {
    const kb = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? NaN : Number(kb) * 1024;
  } catch {
    return NaN;
  }
}

/** One bot process: one query piped in, stdin closed after its answer. */
function start(digestDir: string, dataDir: string): Promise<Start> {
  return new Promise((resolve, reject) => {
    const began = performance.now();
    const child = spawn(process.execPath, NODE_ARGS, {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, DIGEST_DIR: digestDir, DATA_DIR: dataDir, LOG_LEVEL: 'info', HF_API: 'off' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let peak = 0;
    let answer: { ms: number; rss: number; cpu: number } | undefined;
    // VmHWM is the process's own high-water mark; sampled so the last value before exit is kept.
    const sampler = setInterval(() => {
      const hwm = status(child.pid, 'VmHWM');
      if (hwm > peak) peak = hwm;
    }, 200);
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the first start timed out after ${TIMEOUT_MS} ms: ${stderr.slice(-2000)}`));
    }, TIMEOUT_MS);
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (!answer && /^(?:Results for|No papers match)/m.test(stdout)) {
        answer = { ms: performance.now() - began, rss: status(child.pid, 'VmRSS'), cpu: cpuMsOf(child.pid) };
        const hwm = status(child.pid, 'VmHWM');
        if (hwm > peak) peak = hwm;
        child.stdin.end();
      }
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      clearInterval(sampler);
      clearTimeout(timer);
      if (!answer) reject(new Error(`paperbot exited with ${code} before answering: ${stderr.slice(-2000)}`));
      else resolve({ firstAnswerMs: answer.ms, peakRss: peak, rssAtAnswer: answer.rss, cpuMs: answer.cpu, log: stderr.split('\n').filter(Boolean) });
    });
    child.stdin.write('/paper diffusion models\n');
  });
}

for (const size of SIZES) {
  const dir = corpusDir(size);
  const data = mkdtempSync(join(tmpdir(), 'paperbot-first-start-'));
  try {
    const first = await start(dir, data);
    const again = await start(dir, data);
    const progress = first.log.filter((l) => /Indexing/.test(l));
    const loaded = first.log.find((l) => l.includes('Loaded'));
    console.log(`${size.toLocaleString('en-US')} papers:`);
    console.log(`  first start (no index file, empty store): first answer ${ms(first.firstAnswerMs)} (${ms(first.cpuMs)} of CPU), peak RSS ${mb(first.peakRss)}, RSS at the answer ${mb(first.rssAtAnswer)}`);
    console.log(`  progress lines: ${progress.length}${progress.length > 0 ? ` (first: "${progress[0]}", last: "${progress.at(-1)}")` : ''}`);
    console.log(`  ${loaded ?? 'no "Loaded" line'}`);
    console.log(`  second start (from the index file): first answer ${ms(again.firstAnswerMs)} (${ms(again.cpuMs)} of CPU), peak RSS ${mb(again.peakRss)}`);
  } finally {
    rmSync(data, { recursive: true, force: true });
  }
}
console.log(`machine: ${cpus().length} cores, Node ${process.version}, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
