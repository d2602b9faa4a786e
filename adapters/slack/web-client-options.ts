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
// - rate limits and 5xx answers are logged, so a struggling Slack is visible;
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
  const fetchFn: FetchFunction = async (url, init = {}) => {
    const what = describeUrl(url);
    if (abandon?.aborted) throw new AbandonedError(`the Slack request ${what}`);
    // The WebClient sets its own timeout signal; Bolt's respond() sets none.
    const link = linkSignals(init.signal ?? AbortSignal.timeout(timeoutMs), abandon);
    let response: Response;
    try {
      response = await fetch(url, { ...init, signal: link.signal });
    } finally {
      link.dispose();
    }
    if (response.status === 429) {
      logger.warn(`slack: rate limited on ${what} (HTTP 429, Retry-After ${response.headers.get('retry-after') ?? '?'} s); waiting, then retrying`);
    } else if (response.status >= 500) {
      logger.warn(`slack: ${what} answered HTTP ${response.status}; retrying`);
    }
    return response;
  };
  // p-retry calls onFailedAttempt after each failed attempt; throwing from it ends the retries.
  const retryConfig: RetryOptions & { onFailedAttempt: (err: Error) => void } = {
    ...(policy.retryConfig ?? SLACK_RETRY_POLICY),
    onFailedAttempt: () => {
      if (abandon?.aborted) throw new AbandonedError('a Slack request being retried');
    },
  };
  return { slackApiUrl: policy.apiUrl, fetch: fetchFn, timeout: timeoutMs, retryConfig };
}

/** The Web API method of a request URL ("chat.postMessage"), or "a response_url" (whose URL is a credential). */
function describeUrl(url: string | URL): string {
  const path = new URL(String(url)).pathname;
  const method = /\/api\/([\w.]+)$/.exec(path)?.[1];
  return method ?? 'a response_url';
}
