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
   * Called on each retry with the reason. `failed`: an error (5xx, timeout,
   * network); `rate-limited`: a 429 the client waits out as asked.
   */
  onRetry?: (reason: string, waitMs: number, kind: 'failed' | 'rate-limited') => void;
}

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

  /** One page, with retries. */
  async function getPage(url: string, signal?: AbortSignal): Promise<unknown[]> {
    for (let attempt = 0; ; attempt++) {
      if (pauseUntil > Date.now()) await sleep(pauseUntil - Date.now(), signal);
      const retry = async (reason: string, waitMs: number, kind: 'failed' | 'rate-limited' = 'failed'): Promise<void> => {
        opts.onRetry?.(reason, waitMs, kind);
        await sleep(waitMs, signal);
      };
      let response: Response;
      try {
        opts.onRequest?.(url);
        const timeout = AbortSignal.timeout(timeoutMs);
        response = await fetch(url, { headers, signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
      } catch (err) {
        if (signal?.aborted) throw signal.reason;
        const reason = isTimeout(err) ? `no answer within ${timeoutMs / 1000} s` : `cannot connect (${networkCode(err)})`;
        if (attempt >= retries) throw new HfApiError(reason);
        await retry(reason, backoffMs * 2 ** attempt);
        continue;
      }
      const pause = exhaustedWaitMs(response.headers);
      if (pause > 0) pauseUntil = Date.now() + Math.min(pause, maxWaitMs);
      if (response.status === 429) {
        await response.body?.cancel();
        const wait = retryAfterMs(response.headers) ?? backoffMs * 2 ** attempt;
        if (wait > maxWaitMs || attempt >= retries + 2) throw new HfApiError(`rate limited (429); the server asks to wait ${Math.ceil(wait / 1000)} s`);
        await retry('rate limited (429)', wait, 'rate-limited');
        continue;
      }
      if (response.status >= 500) {
        await response.body?.cancel();
        if (attempt >= retries) throw new HfApiError(`server error (HTTP ${response.status})`);
        await retry(`HTTP ${response.status}`, backoffMs * 2 ** attempt);
        continue;
      }
      if (!response.ok) {
        await response.body?.cancel();
        const hint = response.status === 401 || response.status === 403 ? ' (check HF_TOKEN)' : '';
        throw new HfApiError(`HTTP ${response.status}${hint}`);
      }
      let body: unknown;
      try {
        body = await response.json();
      } catch (err) {
        if (signal?.aborted) throw signal.reason;
        if (isTimeout(err)) {
          if (attempt >= retries) throw new HfApiError(`no complete answer within ${timeoutMs / 1000} s`);
          await retry('body timed out', backoffMs * 2 ** attempt);
          continue;
        }
        throw new HfApiError('the answer is not valid JSON');
      }
      if (!Array.isArray(body)) throw new HfApiError(`expected a JSON array of papers, got ${body === null ? 'null' : typeof body}`);
      return body;
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

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
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
