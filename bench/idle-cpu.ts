// Idle cost of a running bot: `npm start`'s node command (read from
// package.json, as cold-start.ts does) on a generated archive of
// IDLE_PAPERS papers (default 10,000: about 650 digest files), answering one
// query, then left alone. Its CPU time (user + system, every thread) is read
// from /proc/<pid>/stat before and after IDLE_SECONDS (default 60) and
// printed as seconds a minute, after IDLE_SETTLE_SECONDS (default 30: the
// start-up's own work, then V8's memory reducer, which compacts the heap once
// some 20 s after allocation slows). `npm run bench:idle`; Linux only.
//
// IDLE_MODE=tsx runs the bot from source under tsx instead (`npm run dev`
// without watch), for a comparison.

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BOT_ARGS, coldStart, ROOT, type StartMode } from './cold-start.js';
import { corpusDir } from './corpus.js';

const PAPERS = Number(process.env.IDLE_PAPERS ?? 10_000);
const SECONDS = Number(process.env.IDLE_SECONDS ?? 60);
const SETTLE_SECONDS = Number(process.env.IDLE_SETTLE_SECONDS ?? 30);
const MODE = (process.env.IDLE_MODE ?? 'start') as StartMode;
const TICKS_PER_SECOND = 100; // USER_HZ: 100 on every Linux the bot runs on (sysconf(_SC_CLK_TCK))

/** utime + stime of a process, in seconds, from /proc/<pid>/stat (fields 14 and 15, after the command name). */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state): utime is field 14, stime field 15.
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

async function idleCpu(digestDir: string, dataDir: string): Promise<{ cpuPerMinute: number; startCpu: number }> {
  const child = spawn(process.execPath, BOT_ARGS[MODE], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, DIGEST_DIR: digestDir, DATA_DIR: dataDir, LOG_LEVEL: 'info', HF_API: 'off' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  try {
    const answered = new Promise<void>((resolve, reject) => {
      let stdout = '';
      const timer = setTimeout(() => reject(new Error(`no answer within 120 s: ${stderr.slice(-2000)}`)), 120_000);
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        if (/^(?:Results for|No papers match)/m.test(stdout)) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => reject(new Error(`the bot exited with ${code}: ${stderr.slice(-2000)}`)));
    });
    child.stdin.write('/paper language models\n');
    await answered;
    // Let the start-up's own work (a fold of new papers, the first scheduler tick, the memory reducer) settle first.
    await new Promise((r) => setTimeout(r, SETTLE_SECONDS * 1000));
    const before = cpuSeconds(child.pid!);
    await new Promise((r) => setTimeout(r, SECONDS * 1000));
    const after = cpuSeconds(child.pid!);
    return { cpuPerMinute: ((after - before) * 60) / SECONDS, startCpu: before };
  } finally {
    child.kill('SIGKILL');
  }
}

const digestDir = corpusDir(PAPERS);
const files = readdirSync(digestDir).filter((f) => f.endsWith('.txt')).length;
const dataDir = mkdtempSync(join(tmpdir(), 'paperbot-idle-'));
try {
  // A first start reads every digest, archives it in the store and writes the index file.
  await coldStart({ digestDir, dataDir, queries: ['warm up'], mode: MODE });
  const run = await idleCpu(digestDir, dataDir);
  console.log(`idle CPU (${MODE}: node ${BOT_ARGS[MODE].join(' ')}), ${PAPERS.toLocaleString('en-US')} papers in ${files} digest files, measured over ${SECONDS} s after ${SETTLE_SECONDS} s:`);
  console.log(`  ${run.cpuPerMinute.toFixed(3)} s of CPU a minute (target <= 0.3 s); ${run.startCpu.toFixed(2)} s of CPU to start and answer the first query`);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
