import { linkSignals, sleep } from '../../ops/abandon.js';
import { exhaustedWaitMs, retryAfterMs } from './rate-limit-headers.js';

// The Hugging Face daily-papers API: `GET {base}/api/daily_papers?date=
// YYYY-MM-DD&limit=100&p=K`, following pages until one comes back empty (the
// server may cap `limit` below what we ask, so a short page does not mean the
// end). One request at a time, each with a timeout; 429 waits as the server
// says; 5xx, timeouts and network errors back off exponentially; anything
// else fails the day with a message that says what happened. A page's body is
// read as it streams in and refused past a cap (a few MB, far above any real
// day): the whole answer is never held first, whatever a server sends.

/** A page's body may take this much (decoded); real pages of 100 papers are well under 1 MB. */
export const MAX_PAGE_BYTES = 5 * 1024 * 1024;

/** Why fetching a day failed, in words for one log line. */
export class HfApiError extends Error {
  /**
   * `unreachable`: no usable connection (refused, 5xx, timeouts, rate
   * limits), after the retries; `bad-answer`: the server answered with
   * something paperbot will not use (too large, not JSON, a 4xx).
   */
  readonly kind: 'unreachable' | 'bad-answer';
  constructor(message: string, kind: 'unreachable' | 'bad-answer' = 'unreachable') {
    super(message);
    this.name = 'HfApiError';
    this.kind = kind;
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
  /** A page's body may take this many bytes; more fails the day ({@link MAX_PAGE_BYTES} by default). */
  maxPageBytes?: number;
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
  | { kind: 'malformed' }
  | { kind: 'too-large' };

/** What the API listed for a day. */
export interface ListedDay {
  items: unknown[];
  /** Set when the page cap ended the day early: a warning line saying so. */
  cut?: string;
}

/** What one JSON document gave: its body, or a 404 (the API has no such thing, which is an answer, not a failure). */
export type JsonAnswer = { found: true; body: unknown } | { found: false };

export interface HfClient {
  /** Every item the API lists for a day. Rejects with {@link HfApiError}, or an AbortError when `signal` aborts. */
  fetchDay(date: string, signal?: AbortSignal): Promise<ListedDay>;
  /**
   * One JSON document at `path` (from the base URL, e.g. `/api/papers/2509.24006`),
   * under the same rules as a day's pages: timeout, retries, Retry-After, the
   * body cap, the caller's signal. `what` names it in errors. A 404 resolves
   * to `{ found: false }`; other failures reject with {@link HfApiError}.
   */
  getJson(path: string, what: string, signal?: AbortSignal): Promise<JsonAnswer>;
}

export function createHfClient(opts: HfClientOptions): HfClient {
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const retries = opts.retries ?? 3;
  const backoffMs = opts.backoffMs ?? 1_000;
  const maxWaitMs = opts.maxWaitMs ?? 120_000;
  const pageSize = opts.pageSize ?? 100;
  const maxPages = opts.maxPages ?? 50;
  const maxPageBytes = opts.maxPageBytes ?? MAX_PAGE_BYTES;
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
      let text: string | undefined;
      try {
        text = await readCapped(response, maxPageBytes);
      } catch (err) {
        if (isTimeout(err)) return { kind: 'network', reason: `no complete answer within ${timeoutMs / 1000} s`, unreachable: false };
        return { kind: 'network', reason: `the answer broke off (${networkCode(err)})`, unreachable: false };
      }
      if (text === undefined) return { kind: 'too-large' };
      try {
        return { kind: 'ok', body: JSON.parse(text) };
      } catch {
        return { kind: 'malformed' };
      }
    } finally {
      link.dispose();
    }
  }

  /** One JSON document, with retries; `what` names it in errors ("page 2 of 2026-11-27"). */
  async function getDocument(url: string, what: string, signal?: AbortSignal): Promise<JsonAnswer> {
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
          return { found: true, body: result.body };
        case 'malformed':
          throw new HfApiError('the answer is not valid JSON', 'bad-answer');
        case 'too-large':
          // Not retried: the same request would bring the same answer.
          throw new HfApiError(`${what} is over the ${megabytes(maxPageBytes)} MB a page may take; not read`, 'bad-answer');
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
          if (result.status === 404) return { found: false };
          const hint = result.status === 401 || result.status === 403 ? ' (check HF_TOKEN)' : '';
          throw new HfApiError(`HTTP ${result.status}${hint}`, 'bad-answer');
        }
      }
    }
  }

  /** One page of a day: a JSON array; a 404 (no such listing) is an error there, as before. */
  async function getPage(url: string, what: string, signal?: AbortSignal): Promise<unknown[]> {
    const answer = await getDocument(url, what, signal);
    if (!answer.found) throw new HfApiError('HTTP 404', 'bad-answer');
    if (!Array.isArray(answer.body)) throw new HfApiError(`expected a JSON array of papers, got ${answer.body === null ? 'null' : typeof answer.body}`, 'bad-answer');
    return answer.body;
  }

  return {
    getJson: (path, what, signal) => getDocument(`${base}${path.startsWith('/') ? '' : '/'}${path}`, what, signal),
    async fetchDay(date, signal) {
      const items: unknown[] = [];
      let previousFirst: string | undefined;
      for (let page = 0; page < maxPages; page++) {
        const url = `${base}/api/daily_papers?date=${encodeURIComponent(date)}&limit=${pageSize}&p=${page}`;
        const batch = await getPage(url, `page ${page + 1} of ${date}`, signal);
        if (batch.length === 0) return { items };
        // A server that ignores `p` sends the first page again: stop instead of looping.
        const first = JSON.stringify(batch[0]);
        if (first === previousFirst) return { items };
        previousFirst = first;
        items.push(...batch);
      }
      // The last page was full: there may be more, which the cap leaves out (say so, do not loop on).
      return { items, cut: `Hugging Face ${date}: stopped after ${maxPages} pages (${items.length} items); the rest of the day, if any, is left out` };
    },
  };
}

/**
 * The body as text, read chunk by chunk and given up (the connection closed)
 * as soon as it passes `cap` bytes, or at once when its declared length does;
 * undefined then. Decoded as UTF-8 (a byte-order mark dropped), as
 * `response.json()` would.
 */
async function readCapped(response: Response, cap: number): Promise<string | undefined> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > cap || !response.body) {
    await response.body?.cancel().catch(() => undefined);
    return declared > cap ? undefined : '';
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > cap) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks, size));
}

function megabytes(bytes: number): string {
  return String(Math.round((bytes / 1024 / 1024) * 100) / 100);
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
