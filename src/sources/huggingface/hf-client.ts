import { linkSignals, sleep } from '../../ops/abandon.js';
import { exhaustedWaitMs, retryAfterMs } from './rate-limit-headers.js';

// The Hugging Face daily-papers API: `GET {base}/api/daily_papers?date=
// YYYY-MM-DD&limit=100&p=K`, following pages until one comes back empty (the
// server may cap `limit` below what we ask, so a short page does not mean the
// end). One request at a time, each with a timeout; 429 waits as the server
// says; 5xx, timeouts and network errors back off exponentially; anything
// else fails the day with a message that says what happened.

/** Why fetching a day failed, in words for one log line. */
export class HfApiError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HfApiError';
  }
}

export interface HfClientOptions {
  /** `HF_API_URL`, e.g. https://huggingface.co. */
  baseUrl: string;
  /** `HF_TOKEN`, sent as a bearer token; never logged. */
  token?: string;
  userAgent: string;
  /** Per request. */
  timeoutMs?: number;
  /** Retries of one request after a 5xx, a timeout or a network error. */
  retries?: number;
  /** First backoff; doubled on each retry. */
  backoffMs?: number;
  /** A 429 asking to wait longer than this ends the fetch; the next poll tries again. */
  maxWaitMs?: number;
  pageSize?: number;
  /** A day never takes more pages than this (a server that ignores `p` would loop forever). */
  maxPages?: number;
  /** Called before each HTTP request (tests count them; metrics may too). */
  onRequest?: (url: string) => void;
  /**
   * Called on each retry with the reason. `unreachable`: no connection at all
   * (refused, no such host); `failed`: a 5xx or a timeout, which a retry
   * often gets past; `rate-limited`: a 429 the client waits out as asked.
   */
  onRetry?: (reason: string, waitMs: number, kind: RetryKind) => void;
}

/** Why a request is retried: see {@link HfClientOptions.onRetry}. */
export type RetryKind = 'unreachable' | 'failed' | 'rate-limited';

/** What one HTTP exchange gave. */
type Exchange =
  | { kind: 'ok'; body: unknown }
  | { kind: 'status'; status: number; headers: Headers }
  | { kind: 'network'; reason: string; unreachable: boolean }
  | { kind: 'malformed' };

export interface HfClient {
  /** Every item the API lists for a day. Rejects with {@link HfApiError}, or an AbortError when `signal` aborts. */
  fetchDay(date: string, signal?: AbortSignal): Promise<unknown[]>;
}

export function createHfClient(opts: HfClientOptions): HfClient {
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const retries = opts.retries ?? 3;
  const backoffMs = opts.backoffMs ?? 1_000;
  const maxWaitMs = opts.maxWaitMs ?? 120_000;
  const pageSize = opts.pageSize ?? 100;
  const maxPages = opts.maxPages ?? 50;
  const base = opts.baseUrl.replace(/\/+$/, '');
  const headers: Record<string, string> = { accept: 'application/json', 'user-agent': opts.userAgent };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let pauseUntil = 0;

  /**
   * One HTTP exchange, body included, under its own signal: the caller's
   * (stopping) and a timeout, linked without AbortSignal.any, which keeps every
   * combined signal alive as long as the caller's on Node 20 (ops/abandon.ts).
   */
  async function exchange(url: string, signal?: AbortSignal): Promise<Exchange> {
    const link = linkSignals(signal, AbortSignal.timeout(timeoutMs));
    try {
      opts.onRequest?.(url);
      let response: Response;
      try {
        response = await fetch(url, { headers, signal: link.signal });
      } catch (err) {
        const timeout = isTimeout(err);
        return { kind: 'network', reason: timeout ? `no answer within ${timeoutMs / 1000} s` : `cannot connect (${networkCode(err)})`, unreachable: !timeout };
      }
      const pause = exhaustedWaitMs(response.headers);
      if (pause > 0) pauseUntil = Date.now() + Math.min(pause, maxWaitMs);
      if (!response.ok) {
        await response.body?.cancel().catch(() => undefined);
        return { kind: 'status', status: response.status, headers: response.headers };
      }
      try {
        return { kind: 'ok', body: await response.json() };
      } catch (err) {
        return isTimeout(err) ? { kind: 'network', reason: `no complete answer within ${timeoutMs / 1000} s`, unreachable: false } : { kind: 'malformed' };
      }
    } finally {
      link.dispose();
    }
  }

  /** One page, with retries. */
  async function getPage(url: string, signal?: AbortSignal): Promise<unknown[]> {
    for (let attempt = 0; ; attempt++) {
      if (pauseUntil > Date.now()) await sleep(pauseUntil - Date.now(), signal);
      const retry = async (reason: string, waitMs: number, kind: RetryKind = 'failed'): Promise<void> => {
        opts.onRetry?.(reason, waitMs, kind);
        await sleep(waitMs, signal);
      };
      const result = await exchange(url, signal);
      if (signal?.aborted) throw signal.reason;
      switch (result.kind) {
        case 'ok':
          if (!Array.isArray(result.body)) throw new HfApiError(`expected a JSON array of papers, got ${result.body === null ? 'null' : typeof result.body}`);
          return result.body;
        case 'malformed':
          throw new HfApiError('the answer is not valid JSON');
        case 'network':
          if (attempt >= retries) throw new HfApiError(result.reason);
          await retry(result.reason, backoffMs * 2 ** attempt, result.unreachable ? 'unreachable' : 'failed');
          continue;
        case 'status': {
          if (result.status === 429) {
            const wait = retryAfterMs(result.headers) ?? backoffMs * 2 ** attempt;
            if (wait > maxWaitMs || attempt >= retries + 2) throw new HfApiError(`rate limited (429); the server asks to wait ${Math.ceil(wait / 1000)} s`);
            await retry('rate limited (429)', wait, 'rate-limited');
            continue;
          }
          if (result.status >= 500) {
            if (attempt >= retries) throw new HfApiError(`server error (HTTP ${result.status})`);
            await retry(`HTTP ${result.status}`, backoffMs * 2 ** attempt);
            continue;
          }
          const hint = result.status === 401 || result.status === 403 ? ' (check HF_TOKEN)' : '';
          throw new HfApiError(`HTTP ${result.status}${hint}`);
        }
      }
    }
  }

  return {
    async fetchDay(date, signal) {
      const items: unknown[] = [];
      let previousFirst: string | undefined;
      for (let page = 0; page < maxPages; page++) {
        const url = `${base}/api/daily_papers?date=${encodeURIComponent(date)}&limit=${pageSize}&p=${page}`;
        const batch = await getPage(url, signal);
        if (batch.length === 0) return items;
        // A server that ignores `p` sends the first page again: stop instead of looping.
        const first = JSON.stringify(batch[0]);
        if (first === previousFirst) return items;
        previousFirst = first;
        items.push(...batch);
      }
      return items;
    },
  };
}

function isTimeout(err: unknown): boolean {
  return err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
}

/** ECONNREFUSED, ENOTFOUND, ...: the code undici puts on `cause`. */
function networkCode(err: unknown): string {
  const cause = (err as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.message === 'string') return cause.message;
  return err instanceof Error ? err.message : String(err);
}
