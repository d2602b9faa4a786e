// Cold start as a user sees it: a real process (the bundle `npm start` runs,
// dist/bot/main.js, or the bot from source under tsx), queries piped in, the
// clock stopped at the first answer. Its resident memory is read from /proc
// then, and again after the last answer. The bundle must be built first
// (`npm run build`, or any `npm start`).

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TIMEOUT_MS = 180_000;

/**
 * How to start the bot: `start`, the node command of `npm start` (after its
 * prestart build); `prod`, that of `npm run start:prod`; `tsx`, the bot from
 * source under tsx (as `npm run dev` runs it, without the watch).
 */
export type StartMode = 'start' | 'prod' | 'tsx';

const scripts = (JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { scripts: Record<string, string> }).scripts;
/** The node arguments of `npm start` and `npm run start:prod`, read from package.json: the bench runs exactly those. */
export const BOT_ARGS: Record<StartMode, string[]> = {
  start: scripts.start!.split(' ').slice(1),
  prod: scripts['start:prod']!.split(' ').slice(1),
  tsx: ['--max-semi-space-size=4', '--import', 'tsx', 'src/main.ts'],
};
/** The V8 flags those scripts pass (for the bench's own child processes). */
export const V8_FLAGS = BOT_ARGS.prod.filter((a) => a.startsWith('--max'));

export interface ColdStart {
  /** Process start to the first answer on stdout. */
  ms: number;
  /** Resident set size right after the first answer, from /proc (undefined off Linux). */
  rssBytes: number | undefined;
  /** Resident set size after the last query's answer. */
  lastRssBytes: number | undefined;
  /** The bot's stderr lines (its "Loaded ..." line says whether the index file was used). */
  log: string[];
}

/** Resident memory of a process, from /proc. */
export function rssOf(pid: number | undefined): number | undefined {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    return undefined;
  }
}

/**
 * Starts the bot on `digestDir` and `dataDir`, sends `queries` one after
 * another (each after the previous answer), and resolves after the last one.
 */
export function coldStart(opts: { digestDir: string; dataDir: string; queries: string[]; mode?: StartMode; args?: string[]; env?: Record<string, string> }): Promise<ColdStart> {
  const { queries } = opts;
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, opts.args ?? BOT_ARGS[opts.mode ?? 'start'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, DIGEST_DIR: opts.digestDir, DATA_DIR: opts.dataDir, LOG_LEVEL: 'info', HF_API: 'off', ...opts.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let answered = 0;
    let first: { ms: number; rss: number | undefined } | undefined;
    let lastRss: number | undefined;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`cold start timed out after ${TIMEOUT_MS} ms: ${stderr.slice(-2000)}`));
    }, TIMEOUT_MS);
    const answers = /^(?:Results for|No papers match)/m;
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      // The console prints one block per answer; count the answer headlines.
      for (let m = answers.exec(stdout); m; m = answers.exec(stdout)) {
        stdout = stdout.slice(m.index + m[0].length);
        answered++;
        if (!first) first = { ms: performance.now() - started, rss: rssOf(child.pid) };
        if (answered === queries.length) {
          lastRss = rssOf(child.pid);
          child.stdin.end();
        } else child.stdin.write(`/paper ${queries[answered]}\n`);
      }
    });
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (!first || answered < queries.length) reject(new Error(`paperbot exited with ${code} after ${answered} answers: ${stderr.slice(-2000)}`));
      else resolve({ ms: first.ms, rssBytes: first.rss, lastRssBytes: lastRss, log: stderr.split('\n').filter(Boolean) });
    });
    child.stdin.write(`/paper ${queries[0]}\n`);
  });
}
