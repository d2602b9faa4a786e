import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger } from './logger.js';

// The last line of defence: an error nobody caught (a throw inside a
// library's event handler, a rejected promise nobody awaited) is logged with
// what the process was doing, and the process keeps serving. Node's default
// is to print a stack and exit 1, which let one malformed request from a
// platform take the whole bot down.
//
// Context travels with AsyncLocalStorage: code that handles one request runs
// inside withErrorContext(), and Node keeps that context for every callback
// and promise the request starts, including the one that finally fails.

/** What the process was doing when an error escaped, and how to tidy up after it. */
export interface ErrorContext {
  /** Says what was being handled, e.g. "a Slack request (POST /slack/events)". Never a secret or a body. */
  what: string;
  /** Called after the error is logged, e.g. to answer a request still waiting for its response. */
  onError?: (err: unknown) => void;
}

const context = new AsyncLocalStorage<ErrorContext>();

/** Runs `fn` (and everything it starts) with `ctx` as the context of any error that escapes it. */
export function withErrorContext<T>(ctx: ErrorContext, fn: () => T): T {
  return context.run(ctx, fn);
}

/** What a process-level event source looks like; `process` in production, an EventEmitter in tests. */
export interface ProcessEvents {
  on(event: 'uncaughtException' | 'unhandledRejection', listener: (err: unknown) => void): unknown;
  off(event: 'uncaughtException' | 'unhandledRejection', listener: (err: unknown) => void): unknown;
}

/**
 * Logs every uncaught exception and unhandled rejection with its context and
 * keeps the process running. Returns a function that removes the guard.
 */
export function installProcessGuard(logger: Logger, target: ProcessEvents = process): () => void {
  const handle = (kind: string) => (err: unknown) => {
    const ctx = context.getStore();
    logger.error(`unexpected error (${kind}) while ${ctx?.what ?? 'outside any request'}; paperbot keeps running: ${describeError(err)}`);
    try {
      ctx?.onError?.(err);
    } catch (cleanupErr) {
      logger.error(`cleaning up after that error failed too: ${describeError(cleanupErr)}`);
    }
  };
  const onException = handle('uncaught exception');
  const onRejection = handle('unhandled rejection');
  target.on('uncaughtException', onException);
  target.on('unhandledRejection', onRejection);
  return () => {
    target.off('uncaughtException', onException);
    target.off('unhandledRejection', onRejection);
  };
}

/** An error's message and the top of its stack (where it happened), for the log. */
export function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const frames = (err.stack ?? '')
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .slice(0, 5)
    .map((line) => line.trim());
  return [`${err.name}: ${err.message}`, ...frames].join('\n    ');
}
