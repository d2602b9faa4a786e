import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { listenLoopback } from '../helpers/loopback.js';

// A loopback fake of the Hugging Face daily-papers API:
// GET /api/daily_papers?date=YYYY-MM-DD&limit=N&p=K, serving fixtures by day,
// capping `limit` like the real server may, and GET /api/papers/<arXiv id>,
// serving one paper (a 404 like the Hub's for an id it has not indexed);
// both fail on demand with the faults a real network has: 429 with
// Retry-After, 500, a response that never comes, and malformed JSON.
// It also serves the Hub listings a watch uses (GET /api/{models,datasets,
// spaces}?filter=arxiv:<id>&limit=N) from `hub`, with faults of their own
// (`failHub`), so a test can break one route.

/** A scripted fault, used for one request. */
export type Fault =
  | { status: 429; retryAfter?: string; rateLimit?: string }
  | { status: 500 | 502 | 503 }
  | 'hang'
  | 'malformed'
  | 'not-array'
  /** A 200 whose JSON array goes on for `bytes` (with its Content-Length, or chunked without one). */
  | { huge: number; chunked: boolean };

/** One request as the fake saw it. */
export interface SeenRequest {
  date: string;
  page: number;
  limit: number;
  authorization?: string;
  userAgent?: string;
}

/** A Hub listing request as the fake saw it. */
export interface SeenHubRequest {
  kind: 'models' | 'datasets' | 'spaces';
  filter: string;
  limit: number;
}

/** What the Hub links to an arXiv id: repository ids by kind. */
export type FakeHubLinks = Partial<Record<SeenHubRequest['kind'], string[]>>;

export interface FakeHfApi {
  /** Base URL for HF_API_URL. */
  readonly url: string;
  /** Daily-papers requests. */
  readonly requests: SeenRequest[];
  /** The arXiv ids asked of /api/papers/<id>, in order (as sent: a version suffix stays). */
  readonly paperRequests: string[];
  /** The paper API's answers by arXiv id (the JSON body); an id not listed is a 404. Replaceable between requests. */
  papers: Map<string, unknown>;
  /** Items per day; a day not listed is empty. Replaceable between requests (lists fill during the day). */
  days: Map<string, unknown[]>;
  /** Queues faults: each is used for the next request instead of an answer. */
  fail(...faults: Fault[]): void;
  /** Repositories tagged `arxiv:<id>`, by arXiv id; replaceable between requests (links arrive). */
  hub: Map<string, FakeHubLinks>;
  readonly hubRequests: SeenHubRequest[];
  /** Queues faults for the Hub listings only. */
  failHub(...faults: Fault[]): void;
  close(): Promise<void>;
}

export async function startFakeHfApi(opts: { days?: Map<string, unknown[]>; papers?: Map<string, unknown>; pageCap?: number } = {}): Promise<FakeHfApi> {
  const requests: SeenRequest[] = [];
  const paperRequests: string[] = [];
  const faults: Fault[] = [];
  const hubFaults: Fault[] = [];
  const hubRequests: SeenHubRequest[] = [];
  const pageCap = opts.pageCap ?? 100;
  const hung = new Set<ServerResponse>();
  const fake = {
    url: '',
    requests,
    paperRequests,
    days: opts.days ?? new Map<string, unknown[]>(),
    papers: opts.papers ?? new Map<string, unknown>(),
    fail: (...f: Fault[]) => void faults.push(...f),
    hub: new Map<string, FakeHubLinks>(),
    hubRequests,
    failHub: (...f: Fault[]) => void hubFaults.push(...f),
    close: async () => {
      for (const res of hung) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  } satisfies FakeHfApi;

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const hubKind = /^\/api\/(models|datasets|spaces)$/.exec(url.pathname)?.[1] as SeenHubRequest['kind'] | undefined;
    if (req.method === 'GET' && hubKind !== undefined) {
      const filter = url.searchParams.get('filter') ?? '';
      const limit = Number(url.searchParams.get('limit') ?? 1000);
      hubRequests.push({ kind: hubKind, filter, limit });
      const fault = hubFaults.shift();
      if (fault !== undefined) return sendFault(res, fault, hung);
      const id = /^arxiv:(.+)$/.exec(filter)?.[1];
      const repos = id === undefined ? [] : (fake.hub.get(id)?.[hubKind] ?? []);
      const items = repos.slice(0, Math.max(1, limit)).map((repo) => ({ _id: repo.length.toString(16), id: repo, likes: 0, tags: [filter] }));
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(items));
      return;
    }
    const paperPath = /^\/api\/papers\/(.+)$/.exec(url.pathname);
    if (req.method !== 'GET' || (url.pathname !== '/api/daily_papers' && !paperPath)) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
      return;
    }
    const date = url.searchParams.get('date') ?? '';
    const page = Number(url.searchParams.get('p') ?? 0);
    const limit = Number(url.searchParams.get('limit') ?? 50);
    if (paperPath) paperRequests.push(decodeURIComponent(paperPath[1]!));
    else requests.push({ date, page, limit, authorization: req.headers.authorization, userAgent: req.headers['user-agent'] });
    const fault = faults.shift();
    if (fault !== undefined) return sendFault(res, fault, hung);
    if (paperPath) {
      // The Hub keeps one page per paper: a version suffix finds the same one.
      const body = fake.papers.get(decodeURIComponent(paperPath[1]!).replace(/v\d+$/i, ''));
      if (body === undefined) res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"Paper not found"}');
      else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      return;
    }
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
      res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"Invalid date"}');
      return;
    }
    // The real server may cap `limit` below what was asked: a short page is not the end.
    const size = Math.min(Math.max(1, limit), pageCap);
    const items = fake.days.get(date) ?? [];
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(items.slice(page * size, (page + 1) * size)));
  });
  await listenLoopback(server);
  const address = server.address();
  if (!address || typeof address !== 'object') throw new Error('fake HF API: no address');
  fake.url = `http://127.0.0.1:${address.port}`;
  return fake;
}

/** Answers with a scripted fault instead of the route's answer. */
function sendFault(res: ServerResponse, fault: Fault, hung: Set<ServerResponse>): void {
  if (fault === 'hang') {
    hung.add(res);
    return; // never answers; the client's timeout must end it
  }
  if (fault === 'malformed') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('[{"paper": {"id": "2509.');
    return;
  }
  if (fault === 'not-array') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"error":"Invalid date"}');
    return;
  }
  if (typeof fault === 'object' && 'huge' in fault) {
    sendHuge(res, fault.huge, fault.chunked);
    return;
  }
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (fault.status === 429 && fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
  if (fault.status === 429 && fault.rateLimit !== undefined) headers.ratelimit = fault.rateLimit;
  res.writeHead(fault.status, headers).end(JSON.stringify({ error: fault.status === 429 ? 'rate limited' : 'server error' }));
}

/**
 * `[{"pad":"xxx..."}, ...]` of `bytes` in 64 KB writes, each after the last
 * was taken (backpressure), so a client that stops reading stops it: the
 * fake never holds the body, and a closed connection ends the loop.
 */
function sendHuge(res: ServerResponse, bytes: number, chunked: boolean): void {
  const item = `{"pad":"${'x'.repeat(65_536 - 12)}"},`;
  const count = Math.max(1, Math.floor(bytes / item.length));
  const total = 1 + count * item.length; // "[" + items, the last comma becoming "]"
  res.writeHead(200, { 'content-type': 'application/json', ...(chunked ? {} : { 'content-length': String(total) }) });
  res.write('[');
  let sent = 0;
  const next = () => {
    while (sent < count && !res.destroyed) {
      sent++;
      const chunk = sent === count ? `${item.slice(0, -1)}]` : item;
      if (!res.write(chunk)) return void res.once('drain', next);
    }
    if (!res.destroyed) res.end();
  };
  res.on('close', () => (sent = count));
  next();
}

/** A base URL where nothing listens: a port that was free a moment ago. */
export async function unreachableUrl(): Promise<string> {
  const probe = createServer();
  await listenLoopback(probe);
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (!address || typeof address !== 'object') throw new Error('no port');
  return `http://127.0.0.1:${address.port}`;
}
