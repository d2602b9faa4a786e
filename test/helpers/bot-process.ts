import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The node arguments of `npm start` (its bundle, dist/bot/main.js, built by
 * test/build-setup.ts before the run), read from package.json: the tests start
 * what users start, without npm's own 0.1-0.3 s per process.
 */
export const START_ARGS: readonly string[] = (JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { scripts: { start: string } }).scripts.start.split(' ').slice(1);

/** A real paperbot process (as `npm start` runs it), with its log lines collected. */
export interface BotProcess {
  readonly child: ChildProcess;
  /** Every line written to stderr (the log) and stdout so far. */
  readonly lines: string[];
  /** Resolves with the first line matching `pattern` (and its match); bounded by `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resolves with the exit code (or the signal's name); bounded by `timeoutMs`, then SIGKILL and a rejection. */
  exited(timeoutMs?: number): Promise<number | string>;
  /** Sends a signal. */
  kill(signal: NodeJS.Signals): void;
}

/**
 * Starts real bot processes for a test, with only the environment given (no
 * .env of the developer's, no inherited tokens), and kills any still running
 * after the test: only the processes this helper started.
 */
export function useBotProcesses(): (env: Record<string, string>) => BotProcess {
  const started: ChildProcess[] = [];
  afterEach(() => {
    for (const child of started.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return (env) => {
    const child = spawn(process.execPath, START_ARGS, {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    started.push(child);
    const lines: string[] = [];
    const waiters = new Set<() => void>();
    for (const stream of [child.stdout!, child.stderr!]) {
      let partial = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        const parts = (partial + chunk).split('\n');
        partial = parts.pop() ?? '';
        lines.push(...parts);
        for (const wake of waiters) wake();
      });
    }
    const exit = new Promise<number | string>((resolve) => child.on('close', (code, signal) => resolve(code ?? signal ?? -1)));
    return {
      child,
      lines,
      waitFor(pattern, timeoutMs = 20_000) {
        return new Promise((resolve, reject) => {
          const check = () => {
            for (const line of lines) {
              const m = pattern.exec(line);
              if (m) {
                done();
                resolve(m);
                return;
              }
            }
          };
          const timer = setTimeout(() => {
            done();
            reject(new Error(`bot process: no line matched ${pattern} within ${timeoutMs} ms; log:\n${lines.join('\n')}`));
          }, timeoutMs);
          const onExit = () => {
            check();
            done();
            reject(new Error(`bot process exited before a line matched ${pattern}; log:\n${lines.join('\n')}`));
          };
          const done = () => {
            clearTimeout(timer);
            waiters.delete(check);
            child.off('close', onExit);
          };
          waiters.add(check);
          child.once('close', onExit);
          check();
        });
      },
      exited(timeoutMs = 20_000) {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            child.kill('SIGKILL');
            reject(new Error(`bot process still running ${timeoutMs} ms later (killed); log:\n${lines.join('\n')}`));
          }, timeoutMs);
        });
        return Promise.race([exit, timeout]).finally(() => clearTimeout(timer));
      },
      kill(signal) {
        child.kill(signal);
      },
    };
  };
}
