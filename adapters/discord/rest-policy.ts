import { DefaultRestOptions, type RateLimitData, type RESTOptions } from 'discord.js';
import { AbandonedError, linkSignals } from '../../src/ops/abandon.js';
import type { Logger } from '../../src/ops/logger.js';

// How discord.js's REST client behaves when Discord is failing. Its queue
// waits out every 429 and retries for as long as Discord keeps answering 429
// (14 attempts in 15 s were seen, none of them logged), and its waits cannot
// be interrupted. Here:
// - every rate limit is logged (at most one line per route every 10 s, with a
//   count), so a struggling channel is visible;
// - after `abandon` (shutdown) the queue is told to stop waiting (a rate
//   limit then rejects) and nothing more is sent: a request in flight is
//   aborted, and a new one fails at once. The error is not named AbortError,
//   which discord.js would retry.

const LOG_EVERY_MS = 10_000;

export interface RestPolicy {
  apiUrl: string;
  logger: Logger;
  abandon?: AbortSignal;
  /** discord.js defaults: 15 s timeout, 3 retries of a 5xx or a timeout. */
  timeout?: number;
  retries?: number;
}

/** discord.js REST options (`new Client({ rest })`) with the policy above. */
export function restOptions(policy: RestPolicy): Partial<RESTOptions> {
  const { logger, abandon } = policy;
  const lastLogged = new Map<string, { at: number; skipped: number }>();

  const logRateLimit = (data: RateLimitData) => {
    const key = `${data.method.toUpperCase()} ${data.route}`;
    const seen = lastLogged.get(key);
    const now = Date.now();
    if (seen && now - seen.at < LOG_EVERY_MS) {
      seen.skipped++;
      return;
    }
    const more = seen?.skipped ? ` (${seen.skipped} more since the last line)` : '';
    lastLogged.set(key, { at: now, skipped: 0 });
    logger.warn(`discord: rate limited on ${key} (${data.global ? 'global' : data.scope} limit); waiting ${(data.retryAfter / 1000).toFixed(1)} s, then retrying${more}`);
  };

  return {
    api: policy.apiUrl,
    ...(policy.timeout === undefined ? {} : { timeout: policy.timeout }),
    ...(policy.retries === undefined ? {} : { retries: policy.retries }),
    // Called at every rate limit; true makes the request reject instead of waiting.
    rejectOnRateLimit: (data: RateLimitData) => {
      logRateLimit(data);
      return Boolean(abandon?.aborted);
    },
    makeRequest: async (url, init) => {
      if (abandon?.aborted) throw new AbandonedError('a Discord request');
      const link = linkSignals(init.signal as AbortSignal | undefined, abandon);
      try {
        return await DefaultRestOptions.makeRequest(url, { ...init, signal: link.signal });
      } catch (err) {
        throw abandon?.aborted ? new AbandonedError('a Discord request') : err;
      } finally {
        link.dispose();
      }
    },
  };
}
