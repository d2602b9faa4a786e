import type { FetchFunction, RetryOptions, WebClientOptions } from '@slack/web-api';
import { AbandonedError, linkSignals } from '../../src/ops/abandon.js';
import type { Logger } from '../../src/ops/logger.js';

// How paperbot's Slack WebClients (and Bolt's respond(), which shares their
// fetch) talk to Slack when Slack is failing:
// - every request has a timeout: the WebClient's default is none, so one
//   request Slack never answered held the daily job, and every later daily
//   post, forever;
// - retries are bounded to about a minute: the default policy retries for
//   about 30 minutes, during which the daily job (one tick at a time) posts
//   to no other channel; the job retries a failed post itself, 15 minutes on;
// - rate limits are logged, and so is Slack failing (unreachable, 5xx), once
//   when it starts and once when it ends or a request is given up: one line
//   per attempt (6 in 39 s for one request) buried everything else;
// - after `abandon` (shutdown) nothing more is sent, and a request in flight
//   is aborted, so the WebClient's retry loop ends at its next attempt.

/** Bounded retries: 5 more attempts, 1 s to 16 s apart (plus any Retry-After Slack asks for). */
export const SLACK_RETRY_POLICY: RetryOptions = { retries: 5, factor: 2, minTimeout: 1_000, maxTimeout: 16_000, randomize: true };
/** A Web API call or response_url post that has not answered in this long is given up (and retried). */
export const SLACK_REQUEST_TIMEOUT_MS = 15_000;

export interface WebClientPolicy {
  apiUrl: string;
  logger: Logger;
  /** Aborted at shutdown: send nothing more. */
  abandon?: AbortSignal;
  retryConfig?: RetryOptions;
  timeoutMs?: number;
}

/** WebClient options (Bolt's `clientOptions`) with the policy above. */
export function webClientOptions(policy: WebClientPolicy): WebClientOptions {
  const { logger, abandon } = policy;
  const timeoutMs = policy.timeoutMs ?? SLACK_REQUEST_TIMEOUT_MS;
  const outage = slackOutage(logger, policy.apiUrl);
  const fetchFn: FetchFunction = async (url, init = {}) => {
    const what = describeUrl(url);
    if (abandon?.aborted) throw new AbandonedError(`the Slack request ${what}`);
    // The WebClient sets its own timeout signal; Bolt's respond() sets none.
    const link = linkSignals(init.signal ?? AbortSignal.timeout(timeoutMs), abandon);
    let response: Response;
    try {
      response = await fetch(url, { ...init, signal: link.signal });
    } catch (err) {
      // Given up at shutdown is not Slack failing.
      if (!abandon?.aborted) outage.failed(what, networkCause(err, timeoutMs), 'unreachable');
      throw err;
    } finally {
      link.dispose();
    }
    if (response.status === 429) {
      logger.warn(`slack: rate limited on ${what} (HTTP 429, Retry-After ${response.headers.get('retry-after') ?? '?'} s); waiting, then retrying`);
    } else if (response.status >= 500) {
      outage.failed(what, `HTTP ${response.status}`, 'answer');
    } else {
      outage.answered();
    }
    return response;
  };
  // p-retry calls onFailedAttempt after each failed attempt; throwing from it ends the retries.
  const retryConfig: RetryOptions & { onFailedAttempt: (err: Error & { attemptNumber?: number; retriesLeft?: number }) => void } = {
    ...(policy.retryConfig ?? SLACK_RETRY_POLICY),
    onFailedAttempt: (err) => {
      if (abandon?.aborted) throw new AbandonedError('a Slack request being retried');
      if (err.retriesLeft === 0) outage.gaveUp(err.attemptNumber ?? 1, err.message);
    },
  };
  return { slackApiUrl: policy.apiUrl, fetch: fetchFn, timeout: timeoutMs, retryConfig };
}

/**
 * Slack failing, said once when it starts and once when it ends: the first
 * failed request is a warning, the next ones debug lines, the first answer
 * after them one line with how long it lasted. A request given up (its
 * retries spent) is a warning of its own, since something was lost.
 */
function slackOutage(logger: Logger, apiUrl: string) {
  let outage: { since: number; failures: number; cause: string } | undefined;
  const lasted = () => `${Math.round((Date.now() - (outage?.since ?? Date.now())) / 1000)} s`;
  return {
    failed(what: string, cause: string, kind: 'unreachable' | 'answer'): void {
      if (outage) {
        outage.failures++;
        outage.cause = cause;
        logger.debug(`slack: ${what} failed again (${cause}); retrying`);
        return;
      }
      outage = { since: Date.now(), failures: 1, cause };
      logger.warn(
        kind === 'unreachable'
          ? `slack: cannot reach Slack at ${apiUrl} (${cause}) for ${what}; retrying, and saying so when it answers`
          : `slack: ${what} answered ${cause}; retrying, and saying so when Slack answers`,
      );
    },
    answered(): void {
      if (!outage) return;
      logger.info(`slack: Slack answers again, after ${lasted()} and ${outage.failures} failed ${outage.failures === 1 ? 'request' : 'requests'}`);
      outage = undefined;
    },
    gaveUp(attempts: number, message: string): void {
      logger.warn(`slack: gave up on a request after ${attempts} ${attempts === 1 ? 'attempt' : 'attempts'}${outage ? `; Slack has failed for ${lasted()} (${outage.cause})` : ` (${message})`}`);
    },
  };
}

/** Why a request got no answer: the network error's code (ECONNREFUSED), or the timeout. */
function networkCause(err: unknown, timeoutMs: number): string {
  if (err instanceof Error && err.name === 'TimeoutError') return `no answer within ${Math.round(timeoutMs / 1000)} s`;
  const cause = (err as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.message === 'string') return cause.message;
  return err instanceof Error ? err.message : String(err);
}

/** The Web API method of a request URL ("chat.postMessage"), or "a response_url" (whose URL is a credential). */
function describeUrl(url: string | URL): string {
  const path = new URL(String(url)).pathname;
  const method = /\/api\/([\w.]+)$/.exec(path)?.[1];
  return method ?? 'a response_url';
}
