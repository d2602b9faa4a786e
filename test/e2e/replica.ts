import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { until } from '../helpers/loopback.js';

// A real paperbot process (`node --import tsx src/main.ts`, what `npm start`
// runs) for the multi-replica tests: its output is kept for assertions, every
// wait is bounded, and only the processes started here are ever signalled.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface Replica {
  readonly name: string;
  readonly pid: number;
  /** Everything it wrote to stderr (its log) so far. */
  log(): string;
  stdout(): string;
  /** Resolves with the exit code (or the signal) once it exits. */
  readonly exited: Promise<number | string>;
  /** Waits until its log matches `pattern`; returns the match. */
  waitForLog(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Sends a signal (SIGKILL: it dies at once, as a crashed or evicted replica does). */
  kill(signal: NodeJS.Signals): void;
  /** SIGTERM, then SIGKILL if it has not exited within 10 s. */
  stop(): Promise<void>;
}

/** Starts a replica with exactly `env` (plus PATH and HOME): no settings leak in from the test's environment. */
export function startReplica(name: string, env: Record<string, string>): Replica {
  const child: ChildProcess = spawn(process.execPath, ['--max-semi-space-size=64', '--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    // HF_API=off: no test reaches the internet.
    env: { PATH: process.env.PATH, HOME: process.env.HOME, HF_API: 'off', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  let out = '';
  child.stderr!.on('data', (c: Buffer) => (log += c.toString('utf8')));
  child.stdout!.on('data', (c: Buffer) => (out += c.toString('utf8')));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  let gone = false;
  void exited.then(() => (gone = true));
  const replica: Replica = {
    name,
    pid: child.pid!,
    log: () => log,
    stdout: () => out,
    exited,
    waitForLog: (pattern, timeoutMs = 20_000) =>
      until(
        () => {
          if (gone && !pattern.test(log)) throw new Error(`replica ${name} exited before logging ${pattern}:\n${log}`);
          return log.match(pattern) ?? undefined;
        },
        timeoutMs,
        `replica ${name} logging ${pattern}`,
      ).catch((err: unknown) => {
        throw new Error(`${err instanceof Error ? err.message : String(err)}\n--- ${name} log ---\n${log}`);
      }),
    kill: (signal) => {
      if (!gone) child.kill(signal);
    },
    async stop() {
      if (gone) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
  return replica;
}

/** Waits until GET url answers 200 (a replica's /readyz); bounded. */
export async function waitReady(url: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await fetch(url, { signal: AbortSignal.timeout(2000) }).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) return;
    if (Date.now() > deadline) throw new Error(`${url} not ready within ${timeoutMs} ms (last status ${status})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The seeds folder, for replicas that read the bundled digest. */
export const SEEDS = `${ROOT}seeds`;
