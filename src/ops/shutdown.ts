import { sleep } from './abandon.js';
import type { Logger } from './logger.js';

// Stopping paperbot within a deadline, whatever the platforms are doing.
//
// On SIGTERM or SIGINT (or the console's end of input, or a failed start):
//   1. stop:    no new work starts (the daily schedule, the digest watcher);
//   2. drain:   work in flight (a daily post) may finish, for most of the deadline;
//   3. abandon: what is still in flight is given up: the adapters send nothing
//               more, and a post being retried is recorded as failed, so the
//               daily job's own retry sends it later;
//   4. close:   adapters, then the store last, each step bounded;
//   5. exit 0.  Timers left by libraries (retry sleeps, reconnect loops) would
//               keep Node alive, so the process exits explicitly.
// A second signal exits at once.

/** Work that may be in flight at shutdown. */
export interface Drainable {
  /** Resolves when nothing is in flight. */
  idle(): Promise<void>;
  /** What is in flight now, in words, for the log. */
  pending(): string[];
}

/** Where signals come from; `process` in production. */
export interface SignalSource {
  on(signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
  off(signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
}

export interface ShutdownOptions {
  logger: Logger;
  /** The whole shutdown's budget, from the signal to the exit. */
  deadlineMs?: number;
  /** Ends the process; tests pass a recorder. */
  exit?: (code: number) => void;
  signals?: SignalSource;
}

export interface Shutdown {
  /** Aborted when shutdown begins: start no new work. */
  readonly stopping: AbortSignal;
  /** Aborted when the drain's time is up: give up work in flight and send nothing more. */
  readonly abandon: AbortSignal;
  /** Runs at once when shutdown begins (stops intake). */
  onStop(name: string, stop: () => unknown): void;
  /** Work in flight to wait for, within the deadline. */
  drain(name: string, work: Drainable): void;
  /** Runs after the drain, in reverse order of registration: register the store first to close it last. */
  onClose(name: string, close: () => Promise<unknown>): void;
  /** Shuts down and exits with `code`; the second and later calls return the first call's promise. */
  run(reason: string, opts?: { code?: number; quiet?: boolean }): Promise<void>;
  /** Stops listening to signals (tests). */
  dispose(): void;
}

export const SHUTDOWN_DEADLINE_MS = 10_000;
const SIGNALS: NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];
const SIGNAL_NUMBERS: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 2, SIGTERM: 15 };

/** Creates the shutdown sequence and listens for SIGTERM and SIGINT. */
export function createShutdown(opts: ShutdownOptions): Shutdown {
  const { logger } = opts;
  const deadlineMs = opts.deadlineMs ?? SHUTDOWN_DEADLINE_MS;
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  const signals = opts.signals ?? process;
  const stopping = new AbortController();
  const abandon = new AbortController();
  const stops: { name: string; stop: () => unknown }[] = [];
  const drains: { name: string; work: Drainable }[] = [];
  const closes: { name: string; close: () => Promise<unknown> }[] = [];
  let running: Promise<void> | undefined;

  const pending = () => drains.flatMap(({ work }) => safely(() => work.pending(), []));
  const idle = () => Promise.all(drains.map(({ work }) => work.idle().catch(() => undefined))).then(() => true);

  const sequence = async (reason: string, code: number, quiet: boolean): Promise<void> => {
    const started = Date.now();
    const left = () => deadlineMs - (Date.now() - started);
    // The backstop: whatever hangs below, the process ends shortly after the deadline.
    const backstop = setTimeout(() => {
      logger.error(`shutdown: not done ${deadlineMs / 1000} s after ${reason}; exiting now (still pending: ${describe(pending())})`);
      exit(code);
    }, deadlineMs + 1_000);
    backstop.unref?.();

    const inFlight = pending();
    if (inFlight.length > 0) {
      logger.info(`shutdown (${reason}): starting no new work; waiting up to ${Math.round(deadlineMs * 0.6) / 1000} s for ${describe(inFlight)}`);
    } else if (!quiet) {
      logger.info(`shutdown (${reason}): nothing in flight; closing`);
    }
    stopping.abort();
    for (const { name, stop } of stops) {
      await bounded(Promise.resolve().then(stop), 1_000).catch((err: unknown) => logger.warn(`shutdown: stopping the ${name} failed: ${message(err)}`));
    }

    if (!(await bounded(idle(), Math.max(0, deadlineMs * 0.6 - (Date.now() - started))))) {
      logger.warn(`shutdown: still in flight: ${describe(pending())}; abandoning it (a post is recorded as failed and retried later)`);
      abandon.abort();
      if (!(await bounded(idle(), Math.max(0, deadlineMs * 0.8 - (Date.now() - started))))) {
        logger.error(`shutdown: could not wind down ${describe(pending())}; closing anyway`);
      }
    }
    // Nothing may be sent after this point, even by work that finished in time.
    abandon.abort();

    for (const { name, close } of [...closes].reverse()) {
      const budget = Math.max(250, Math.min(3_000, left()));
      const outcome = await bounded(close().then(() => true), budget).catch((err: unknown) => {
        logger.warn(`shutdown: closing the ${name} failed: ${message(err)}`);
        return true;
      });
      if (!outcome) logger.warn(`shutdown: the ${name} did not close within ${budget} ms; leaving it`);
    }
    clearTimeout(backstop);
    if (!quiet) logger.info(`shutdown: done in ${Date.now() - started} ms`);
    exit(code);
  };

  const onSignal = (signal: NodeJS.Signals) => {
    if (running) {
      logger.warn(`shutdown: second ${signal}; exiting now (still pending: ${describe(pending())})`);
      exit(128 + (SIGNAL_NUMBERS[signal] ?? 1));
      return;
    }
    void shutdown.run(signal);
  };
  for (const signal of SIGNALS) signals.on(signal, onSignal);

  const shutdown: Shutdown = {
    stopping: stopping.signal,
    abandon: abandon.signal,
    onStop: (name, stop) => void stops.push({ name, stop }),
    drain: (name, work) => void drains.push({ name, work }),
    onClose: (name, close) => void closes.push({ name, close }),
    run(reason, runOpts = {}) {
      running ??= sequence(reason, runOpts.code ?? 0, runOpts.quiet ?? false);
      return running;
    },
    dispose() {
      for (const signal of SIGNALS) signals.off(signal, onSignal);
    },
  };
  return shutdown;
}

/** Resolves with the work's value, or false once `ms` have passed first. */
async function bounded<T>(work: Promise<T>, ms: number): Promise<T | false> {
  const timeout = new AbortController();
  try {
    return await Promise.race([work, sleep(ms, timeout.signal).then(() => false as const)]);
  } finally {
    timeout.abort();
  }
}

function describe(items: string[]): string {
  return items.length === 0 ? 'nothing' : items.join('; ');
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function safely<T>(fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch {
    return fallback;
  }
}
