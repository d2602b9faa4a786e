import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The project root, where `npm start` runs. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** What a bot process printed, and how it ended. */
export interface BotRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `npm start` as a user would, with piped input, without blocking the
 * event loop (so loopback fakes in the test process keep answering). No
 * platform tokens: the console adapter starts. Bounded by `timeoutMs`: the
 * process is killed then, and the run rejects.
 */
export function runBot(input: string, env: Record<string, string>, timeoutMs = 30_000): Promise<BotRun> {
  return runNpm(['start', '--silent'], input, env, timeoutMs);
}

/** Runs an npm script (`['run', 'fetch', '--', ...]`) the same way. */
export function runNpm(args: string[], input: string, env: Record<string, string>, timeoutMs = 30_000): Promise<BotRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', args, {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, HF_API: 'off', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`npm ${args.join(' ')} did not exit within ${timeoutMs} ms\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(input);
  });
}

/** A bot process the test talks to line by line. */
export interface LiveBot {
  /** Sends one line on stdin. */
  say(line: string): void;
  /** Resolves with stdout once it matches `pattern`; rejects after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Ends stdin and waits for the process to exit. */
  end(timeoutMs?: number): Promise<BotRun>;
}

/** Starts `npm start` with stdin kept open, for tests that act while the bot runs. */
export function startBot(env: Record<string, string>): LiveBot {
  const child = spawn('npm', ['start', '--silent'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, HF_API: 'off', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  return {
    say: (line) => void child.stdin.write(`${line}\n`),
    async waitFor(pattern, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (!pattern.test(stdout)) {
        if (Date.now() > deadline || child.exitCode !== null) {
          child.kill('SIGKILL');
          throw new Error(`bot output did not match ${pattern} within ${timeoutMs} ms\nstdout:\n${stdout}\nstderr:\n${stderr}`);
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      return stdout;
    },
    async end(timeoutMs = 15_000) {
      child.stdin.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      const code = await exited;
      clearTimeout(timer);
      return { code, stdout, stderr };
    },
  };
}
