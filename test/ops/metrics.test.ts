import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import perfHooks from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChatAdapter, PostedPaper } from '../../src/adapter.js';
import { createPaperBot } from '../../src/commands/answer.js';
import { createLogger } from '../../src/ops/logger.js';
import { createMetrics } from '../../src/ops/metrics.js';
import { runDailyTick } from '../../src/posts/daily-job.js';
import { listenLoopback } from '../helpers/loopback.js';
import { sampleLibrary } from '../helpers/sample.js';
import { useSqliteStores } from '../helpers/sqlite-stores.js';
import { useTmpDir } from '../helpers/tmp-dir.js';

const tmp = useTmpDir();
const servers: Server[] = [];
const openStore = useSqliteStores(tmp);
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

/** Serves `handler` on 127.0.0.1, as the health server will mount it, and returns its base URL. */
async function serve(handler: (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void): Promise<string> {
  const server = createServer((req, res) => (req.url === '/metrics' ? handler(req, res) : res.writeHead(404).end()));
  servers.push(server);
  await listenLoopback(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** The value of one sample in Prometheus text, e.g. `paperbot_commands_total{kind="search",outcome="ok"}`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  if (line === undefined) return undefined;
  const value = line.slice(series.length + 1);
  return value === '+Inf' ? Infinity : Number(value);
}

describe('GET /metrics', () => {
  it('counts commands by kind and outcome, times them, and serves the Prometheus text format', async () => {
    const library = sampleLibrary();
    const now = Date.parse('2026-04-23T00:00:00Z');
    const metrics = createMetrics({ librarySize: () => library.size, newestPaperAt: () => new Date(`${library.days()[0]}T00:00:00Z`), now: () => now });
    const broken = sampleLibrary();
    broken.search = () => {
      throw new TypeError('boom');
    };
    const bot = createPaperBot(library, { metrics });
    const failing = createPaperBot(broken, { metrics, logger: createLogger({ level: 'silent' }) });
    await bot.answer('sparse autoencoders');
    await bot.answer('sparse autoencoders page 2');
    await bot.answer('zzzqqq');
    await bot.answer(`subscribe ${'x'.repeat(80)}`); // fails the command's schema: a usage reply
    await bot.answer('today');
    await failing.answer('anything');
    metrics.recordIngested('digest', library.size);
    metrics.recordFetchError('huggingface');

    const base = await serve(metrics.handler);
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await res.text();
    expect(sample(text, 'paperbot_commands_total{kind="search",outcome="ok"}')).toBe(2);
    expect(sample(text, 'paperbot_commands_total{kind="search",outcome="no_results"}')).toBe(1);
    expect(sample(text, 'paperbot_commands_total{kind="unparsed",outcome="error"}')).toBe(1);
    expect(sample(text, 'paperbot_commands_total{kind="today",outcome="ok"}')).toBe(1);
    expect(sample(text, 'paperbot_commands_total{kind="search",outcome="failed"}')).toBe(1);
    expect(text).toContain('# TYPE paperbot_answer_duration_seconds histogram');
    expect(sample(text, 'paperbot_answer_duration_seconds_count{kind="search"}')).toBe(4);
    expect(sample(text, 'paperbot_answer_duration_seconds_bucket{le="+Inf",kind="search"}')).toBe(4);
    expect(sample(text, 'paperbot_papers_ingested_total{source="digest"}')).toBe(84);
    expect(sample(text, 'paperbot_source_fetch_errors_total{source="huggingface"}')).toBe(1);
    expect(sample(text, 'paperbot_library_papers')).toBe(84);
    expect(sample(text, 'paperbot_newest_paper_age_seconds')).toBe(2 * 86_400);
    expect(sample(text, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'nodejs_eventloop_lag_p99_seconds')).toBeGreaterThanOrEqual(0);
  });

  it('samples the event loop delay every 100 ms, not every 10 ms (a timer that woke an idle bot 100 times a second)', () => {
    // prom-client calls perf_hooks.monitorEventLoopDelay through the module object: recorded here, then passed on.
    const real = perfHooks.monitorEventLoopDelay;
    const resolutions: (number | undefined)[] = [];
    perfHooks.monitorEventLoopDelay = (options) => (resolutions.push(options?.resolution), real(options));
    try {
      createMetrics();
    } finally {
      perfHooks.monitorEventLoopDelay = real;
    }
    expect(resolutions).toEqual([100]);
  });

  it('counts daily posts sent, failed and retried', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const store = openStore();
    await store.upsertSubscription({ channel: 'slack:C1', cadence: 'daily', time: '09:00', timezone: 'UTC', days: [0, 1, 2, 3, 4, 5, 6], source: 'config' });
    let fail = true;
    const adapter: ChatAdapter = {
      platform: 'slack',
      start: async () => undefined,
      stop: async () => undefined,
      postPaper: async (channel): Promise<PostedPaper> => {
        if (fail) throw new Error('ratelimited');
        return { channel, messageId: 'm1' };
      },
      post: async () => ({ channel: 'C1', messageId: 'r1' }),
    };
    const library = sampleLibrary();
    const deps = { store, library, bot: createPaperBot(library), adapters: new Map([['slack', adapter]]), logger: createLogger({ level: 'silent' }), metrics };
    await runDailyTick(deps, new Date('2026-04-22T09:00:00Z'));
    fail = false;
    await runDailyTick(deps, new Date('2026-04-22T09:20:00Z'));

    const text = await (await fetch(`${await serve(metrics.handler)}/metrics`)).text();
    expect(sample(text, 'paperbot_daily_posts_total{outcome="failed"}')).toBe(1);
    expect(sample(text, 'paperbot_daily_posts_total{outcome="retried"}')).toBe(1);
    expect(sample(text, 'paperbot_daily_posts_total{outcome="sent"}')).toBe(1);
    expect(text).not.toContain('nodejs_');
  });

  it('says the newest paper is infinitely old while the library is empty, and answers only GET and HEAD', async () => {
    const metrics = createMetrics({ defaultMetrics: false, newestPaperAt: () => undefined });
    const base = await serve(metrics.handler);
    expect(sample(await (await fetch(`${base}/metrics`)).text(), 'paperbot_newest_paper_age_seconds')).toBe(Infinity);
    const post = await fetch(`${base}/metrics`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    const head = await fetch(`${base}/metrics`, { method: 'HEAD' });
    expect(head.status).toBe(200);
  });
});
