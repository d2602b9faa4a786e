// Cold start as a user sees it: a real `src/main.ts` process (what `npm start`
// runs, without npm's own start-up), a query piped in, the clock stopped when
// the first answer is printed. Its resident memory is read from /proc then.

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TIMEOUT_MS = 120_000;

export interface ColdStart {
  /** Process start to the first answer on stdout. */
  ms: number;
  /** Resident set size right after the first answer, from /proc (undefined off Linux). */
  rssBytes: number | undefined;
  /** The bot's own "Loaded ..." line, to show whether the index cache was used. */
  loadedLine: string;
}

export function coldStart(digestDir: string, dataDir: string, query: string): Promise<ColdStart> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--max-semi-space-size=64', '--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, DIGEST_DIR: digestDir, DATA_DIR: dataDir, LOG_LEVEL: 'info', HF_API: 'off' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let done = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`cold start timed out after ${TIMEOUT_MS} ms: ${stderr}`));
    }, TIMEOUT_MS);
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (done || !/Results for|No results|matches/.test(stdout)) return;
      done = true;
      const ms = performance.now() - started;
      let rssBytes: number | undefined;
      try {
        const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
        rssBytes = kb === undefined ? undefined : Number(kb) * 1024;
      } catch {
        rssBytes = undefined;
      }
      child.stdin.end();
      child.once('exit', () => {
        clearTimeout(timer);
        resolve({ ms, rssBytes, loadedLine: /Loaded[^\n]*/.exec(stderr)?.[0] ?? '' });
      });
    });
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('exit', (code) => {
      if (!done) {
        clearTimeout(timer);
        reject(new Error(`paperbot exited with ${code} before answering: ${stderr}`));
      }
    });
    child.stdin.write(`/paper ${query}\n`);
  });
}
