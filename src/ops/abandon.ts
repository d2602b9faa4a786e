// Giving up work in flight when the process shuts down. The platforms' own
// retry loops (Slack's WebClient, discord.js's REST queue) sleep between
// attempts and cannot be interrupted, so the caller stops waiting for them
// instead, and the adapters refuse to send anything more.

/** Work given up because paperbot is shutting down; it was not (or not knowingly) done. */
export class AbandonedError extends Error {
  constructor(what = 'work') {
    super(`${what} abandoned: paperbot is shutting down`);
    this.name = 'AbandonedError';
  }
}

/**
 * Resolves or rejects as `work` does, unless `signal` aborts first: then it
 * rejects at once with an {@link AbandonedError}. `work` itself keeps running;
 * whatever it does later is ignored.
 */
export function abandonable<T>(work: Promise<T>, signal: AbortSignal | undefined, what?: string): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.reject(new AbandonedError(what));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      work.catch(() => undefined);
      reject(new AbandonedError(what));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err);
      },
    );
  });
}

/** Resolves after `ms`, or at once when `signal` aborts; never rejects. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * A signal that aborts when any of `signals` does, until `dispose()`. Unlike
 * AbortSignal.any(), it leaves nothing behind on a long-lived signal (the
 * shutdown's): on Node 20, every AbortSignal.any() that includes one stays
 * referenced by it for the life of the process.
 */
export function linkSignals(...signals: (AbortSignal | undefined)[]): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const sources = signals.filter((s): s is AbortSignal => s !== undefined);
  const onAbort = (event: Event) => controller.abort((event.target as AbortSignal).reason);
  const dispose = () => {
    for (const source of sources) source.removeEventListener('abort', onAbort);
  };
  for (const source of sources) {
    if (source.aborted) {
      controller.abort(source.reason);
      break;
    }
    source.addEventListener('abort', onAbort, { once: true });
  }
  if (controller.signal.aborted) dispose();
  return { signal: controller.signal, dispose };
}
