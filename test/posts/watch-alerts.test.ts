import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createPaperBot } from '../../src/commands/answer.js';
import type { Reply } from '../../src/commands/reply.js';
import { replyActions } from '../../src/conversation/actions.js';
import { PaperLibrary } from '../../src/library/library.js';
import { LIVE_SOURCE, type PaperMeta } from '../../src/library/paper.js';
import { createLogger } from '../../src/ops/logger.js';
import { createWatchAlerts, PAPERS_PER_POLL } from '../../src/posts/watch-alerts.js';
import { createHfClient } from '../../src/sources/huggingface/hf-client.js';
import { createHubLinks } from '../../src/sources/huggingface/hub-links.js';
import { createPaperApi } from '../../src/sources/huggingface/paper-api.js';
import { createLiveFeed } from '../../src/sources/huggingface/live-feed.js';
import { createIngestSink } from '../../src/sources/ingest-sink.js';
import { createPaperResolver } from '../../src/links/paper-resolver.js';
import { startFakeHfApi, type FakeHfApi } from '../huggingface/fake-hf-api.js';
import { fullItem, paperAnswer } from '../huggingface/fixtures.js';
import { recordingAdapter } from '../helpers/recording-adapter.js';
import { useSqliteStores } from '../helpers/sqlite-stores.js';
import { useTmpDir } from '../helpers/tmp-dir.js';

const tmp = useTmpDir();
const openStore = useSqliteStores(tmp);

const fakes: FakeHfApi[] = [];
afterEach(async () => {
  for (const f of fakes.splice(0)) await f.close();
});
async function fakeApi(): Promise<FakeHfApi> {
  const fake = await startFakeHfApi();
  fakes.push(fake);
  return fake;
}

const T0 = new Date('2026-11-27T10:00:00Z');
const DAY = 86_400_000;
const manager = { channel: 'slack:C1', user: 'U1', canManageChannel: true };
const POLL_MS = 30 * 60_000;

/** A live day of papers, each with an arXiv id 2511.1000<i> and whatever meta the test gives. */
function dayOf(papers: { title: string; meta?: PaperMeta }[], date = '2026-11-27') {
  return { date, source: LIVE_SOURCE, papers: papers.map((p, i) => ({ title: p.title, abstract: `${p.title}. A study.`, rank: i + 1, meta: { arxivId: `2511.${10000 + i}`, ...p.meta } })) };
}

/**
 * One replica: a library with a paper, a bot and watch alerts over a SQLite
 * file (shared when two replicas are set up on one), asking the fake Hub.
 */
function replica(fake: FakeHfApi, file: string, clock: { now: Date }, name = 'r1') {
  const store = openStore(file);
  const library = new PaperLibrary();
  library.addListing(dayOf([{ title: 'Sparse Probes for Everything', meta: { upvotes: 3 } }, { title: 'Dense Retrieval at Scale' }]));
  const adapter = recordingAdapter('slack');
  const logs: string[] = [];
  const logger = createLogger({ level: 'info', write: (l) => logs.push(l) });
  const alerts = createWatchAlerts({ store, library, adapters: new Map([['slack', adapter]]), logger, now: () => clock.now, owner: name });
  const client = createHfClient({ baseUrl: fake.url, userAgent: 'paperbot-test', backoffMs: 5, timeoutMs: 300, retries: 2 });
  const hub = { links: createHubLinks(client), papers: createPaperApi(client) };
  const check = () => alerts.check(hub, { pollMs: POLL_MS });
  // Arxiv ids the library lacks are looked up and join it, as main.ts wires it.
  const papers = createPaperResolver({ library, api: hub.papers, intake: createIngestSink({ library, logger }).source('paper-lookup'), logger, failedTtlMs: 0 });
  return { store, library, bot: createPaperBot(library, { store, now: () => clock.now, watchDays: 90, papers }), adapter, alerts, logs, hub, check };
}

const titleOf = (reply: Reply) => (reply.kind === 'card' ? reply.heading : reply.kind === 'info' ? reply.title : reply.kind);
/** What changed, as an alert's card lists it under its heading. */
const linesOf = (reply: Reply) => (reply.kind === 'card' ? reply.lines : undefined);

describe('watch alerts', () => {
  it('alerts once when a model gets linked: the first look records, a change alerts, the same state again is quiet', async () => {
    const fake = await fakeApi();
    const clock = { now: T0 };
    const r = replica(fake, join(tmp(), 'paperbot.db'), clock);
    expect(await r.bot.answer('watch 2511.10000', manager)).toMatchObject({ kind: 'info', title: expect.stringContaining('Watching “Sparse Probes for Everything” until Feb 25, 2027 (90 days)') });
    // The first look is a baseline: whatever the Hub links already is no news.
    fake.hub.set('2511.10000', { datasets: ['org/old-data'] });
    expect(await r.check()).toMatchObject({ ran: true, watches: 1, papers: 1, alerts: 0 });
    // The paper API has no page for it (a 404): the listings still count.
    expect(fake.paperRequests).toEqual(['2511.10000']);
    expect(fake.hubRequests.map((q) => [q.kind, q.filter, q.limit])).toEqual([
      ['models', 'arxiv:2511.10000', 100],
      ['datasets', 'arxiv:2511.10000', 100],
      ['spaces', 'arxiv:2511.10000', 100],
    ]);
    // A model linked: one alert, with the paper and the model's name.
    fake.hub.set('2511.10000', { datasets: ['org/old-data'], models: ['org/sparse-probe-7b'] });
    clock.now = new Date(T0.getTime() + POLL_MS);
    expect(await r.check()).toMatchObject({ alerts: 1 });
    expect(r.adapter.replies).toHaveLength(1);
    const { target, reply } = r.adapter.replies[0]!;
    expect(target).toEqual({ id: 'C1', person: false });
    // The paper's card, with what the watch saw linked on the Hub (the dataset there before, the new model; no Spaces).
    expect(reply).toMatchObject({ kind: 'card', heading: 'Watched paper: a model linked on the Hub', cards: [{ title: 'Sparse Probes for Everything', arxivId: '2511.10000', linked: { models: 1, datasets: 1, spaces: 0 } }] });
    expect(linesOf(reply)).toEqual(['Models on the Hub (1): org/sparse-probe-7b', 'Watching until Feb 25, 2027; /paper unwatch 2511.10000 stops it.']);
    // The card's actions: Abstract, Save, Cite, Related and Watch on the paper.
    expect(replyActions(reply).papers[0]!.actions.map((a) => a.kind)).toEqual(['abstract', 'save', 'cite', 'related', 'watch']);
    // Polls after it: nothing new, nothing said.
    for (let i = 2; i < 5; i++) {
      clock.now = new Date(T0.getTime() + i * POLL_MS);
      await r.check();
    }
    expect(r.adapter.replies).toHaveLength(1);
    // Nothing personal in the logs: the watch's number and the paper, never who watches.
    expect(r.logs.join('\n')).toMatch(/watches: watch \d+ \(arXiv 2511\.10000\): alerted models:1/);
    expect(r.logs.join('\n')).not.toContain('slack:C1');
  });

  it('alerts code, upvote marks and a project page as the live day brings them, without a request', async () => {
    const fake = await fakeApi();
    const clock = { now: T0 };
    const r = replica(fake, join(tmp(), 'paperbot.db'), clock);
    await r.bot.answer('watch 2511.10000', manager);
    // The next poll's day brings code and 57 upvotes: one message of both changes (past 10 and 50: told once, as 50).
    r.library.addListing(dayOf([{ title: 'Sparse Probes for Everything', meta: { upvotes: 57, githubRepo: 'https://github.com/org/probes' } }], '2026-11-28'));
    await r.alerts.check(undefined);
    expect(fake.hubRequests).toEqual([]);
    expect(r.adapter.replies.map((x) => titleOf(x.reply))).toEqual(['Watched paper: code released, past 50 upvotes']);
    r.library.addListing(dayOf([{ title: 'Sparse Probes for Everything', meta: { upvotes: 120, githubRepo: 'https://github.com/org/probes', projectPage: 'https://probes.example' } }], '2026-11-29'));
    await r.alerts.check(undefined);
    await r.alerts.check(undefined);
    expect(r.adapter.replies.map((x) => titleOf(x.reply))).toEqual(['Watched paper: code released, past 50 upvotes', 'Watched paper: project page, past 100 upvotes']);
  });

  it('alerts exactly once with two replicas on one store, whether they look in one poll interval or race past the run claim', async () => {
    const fake = await fakeApi();
    const clock = { now: T0 };
    const file = join(tmp(), 'paperbot.db');
    const a = replica(fake, file, clock, 'a');
    const b = replica(fake, file, clock, 'b');
    await a.bot.answer('watch 2511.10000', manager);
    await Promise.all([a.check(), b.check()]);
    // One replica looked in this interval: four requests, not eight.
    expect(fake.paperRequests.length + fake.hubRequests.length).toBe(4);
    fake.hub.set('2511.10000', { models: ['org/m'] });
    clock.now = new Date(T0.getTime() + POLL_MS);
    const reports = await Promise.all([a.check(), b.check()]);
    expect(reports.filter((x) => x.ran)).toHaveLength(1);
    // Without the interval's claim (two looks at once, each its own interval), the change's claim still holds.
    fake.hub.set('2511.10000', { models: ['org/m', 'org/m2'] });
    await Promise.all([a.alerts.check(a.hub), b.alerts.check(b.hub)]);
    const all = [...a.adapter.replies, ...b.adapter.replies].map((x) => titleOf(x.reply));
    expect(all.sort()).toEqual(['Watched paper: a model linked on the Hub', 'Watched paper: a model linked on the Hub']);
    expect(new Set([...a.adapter.replies, ...b.adapter.replies].map((x) => linesOf(x.reply)?.[0]))).toEqual(new Set(['Models on the Hub (1): org/m', 'Models on the Hub (2): org/m, org/m2']));
  });

  it('never alerts a change twice after a restart, even one claimed by a process that died before recording what it saw', async () => {
    const fake = await fakeApi();
    const clock = { now: T0 };
    const file = join(tmp(), 'paperbot.db');
    const first = replica(fake, file, clock, 'first');
    await first.bot.answer('watch 2511.10000', manager);
    await first.check();
    fake.hub.set('2511.10000', { spaces: ['org/demo'] });
    clock.now = new Date(T0.getTime() + POLL_MS);
    await first.check();
    expect(first.adapter.replies).toHaveLength(1);
    await first.store.close();
    // A new process on the same file: the watch's state and its claims are in the store.
    const second = replica(fake, file, clock, 'second');
    clock.now = new Date(T0.getTime() + 2 * POLL_MS);
    await second.check();
    expect(second.adapter.replies).toHaveLength(0);
    // A process that claimed a change and died before recording: its successor re-finds the change, whose claim is taken.
    const [w] = await second.store.listWatches();
    await second.store.claimWatchAlert({ watchId: w!.id, key: 'models:1', heading: 'x', detail: '', now: clock.now.getTime(), maxAttempts: 3, retryAfterMs: 60_000 });
    fake.hub.set('2511.10000', { spaces: ['org/demo'], models: ['org/m'] });
    clock.now = new Date(T0.getTime() + 3 * POLL_MS);
    await second.check();
    expect(second.adapter.replies).toHaveLength(0);
    expect((await second.store.listWatches())[0]!.seen).toMatchObject({ models: 1, spaces: 1 });
  });

  it('retries 429 and 5xx without a double alert, skips a paper whose answer is malformed, and retries a failed delivery every few minutes', async () => {
    const fake = await fakeApi();
    const clock = { now: T0 };
    const r = replica(fake, join(tmp(), 'paperbot.db'), clock);
    await r.bot.answer('watch 2511.10000', manager);
    await r.bot.answer('watch 2511.10001', manager);
    await r.check();
    fake.hub.set('2511.10000', { models: ['org/m'] });
    // A 429 and a 503 are retried by the client within the look.
    fake.failHub({ status: 429, retryAfter: '0' }, { status: 503 });
    clock.now = new Date(T0.getTime() + POLL_MS);
    expect(await r.check()).toMatchObject({ papers: 2, alerts: 1 });
    // A malformed answer is not retried (the same request would bring the same answer): that paper waits for its
    // next turn, and the other is looked at.
    fake.hub.set('2511.10000', { models: ['org/m', 'org/n'] });
    fake.failHub('malformed');
    clock.now = new Date(T0.getTime() + 2 * POLL_MS);
    expect(await r.check()).toMatchObject({ papers: 1, alerts: 0, failed: 'the answer is not valid JSON' });
    expect(r.logs.join('\n')).toMatch(/watches: cannot use Hugging Face's answer for arXiv 2511\.10000 \(the answer is not valid JSON\); looking at it again in its next turn/);
    // Errors until the retries run out: the look ends, nothing alerted, nothing recorded.
    fake.failHub({ status: 500 }, { status: 500 }, { status: 500 });
    clock.now = new Date(T0.getTime() + 3 * POLL_MS);
    expect(await r.check()).toMatchObject({ papers: 0, failed: 'server error (HTTP 500)' });
    expect(r.logs.join('\n')).toMatch(/watches: cannot look up watched papers on Hugging Face \(server error \(HTTP 500\)\); trying again at the next poll/);
    // The delivery fails: claimed, marked failed, sent once at the retry.
    r.adapter.failWith('ratelimited');
    clock.now = new Date(T0.getTime() + 4 * POLL_MS);
    expect(await r.check()).toMatchObject({ papers: 2, alerts: 1 });
    expect(r.logs.join('\n')).toContain('Hugging Face answers the lookups again');
    r.adapter.failWith(undefined);
    await r.alerts.tick(); // not due yet
    clock.now = new Date(clock.now.getTime() + 16 * 60_000);
    expect(await r.alerts.tick()).toBe('0 ended, 1 retried');
    await r.alerts.tick();
    clock.now = new Date(clock.now.getTime() + POLL_MS);
    await r.check();
    expect(r.adapter.replies.map((x) => titleOf(x.reply))).toEqual(['Watched paper: a model linked on the Hub', 'Watched paper: a model linked on the Hub']);
    expect(r.adapter.replies.map((x) => linesOf(x.reply)?.[0])).toEqual(['Models on the Hub (1): org/m', 'Models on the Hub (2): org/m, org/n']);
    expect(r.adapter.replies.map((x) => x.reply.kind === 'card' && x.reply.cards[0]!.arxivId)).toEqual(['2511.10000', '2511.10000']);
  });

  it('ends a watch by itself after its days, says so once, and never looks at it again', async () => {
    const fake = await fakeApi();
    const clock = { now: T0 };
    const file = join(tmp(), 'paperbot.db');
    const a = replica(fake, file, clock, 'a');
    const b = replica(fake, file, clock, 'b');
    await a.bot.answer('watch 2511.10000', manager);
    clock.now = new Date(T0.getTime() + 89 * DAY);
    expect(await a.alerts.tick()).toBe('0 ended, 0 retried');
    clock.now = new Date(T0.getTime() + 90 * DAY);
    await Promise.all([a.alerts.tick(), b.alerts.tick()]);
    const said = [...a.adapter.replies, ...b.adapter.replies];
    expect(said).toHaveLength(1);
    expect(said[0]!.reply).toMatchObject({ kind: 'info', title: 'No longer watching “Sparse Probes for Everything”: a watch lasts 90 days.', lines: ['/paper watch 2511.10000 watches it again.'] });
    expect(await a.store.listWatches()).toEqual([]);
    expect(await a.check()).toMatchObject({ watches: 0, papers: 0 });
    expect(fake.hubRequests).toEqual([]);
    expect(await a.bot.answer('watches', manager)).toMatchObject({ title: expect.stringContaining('no papers yet') });
  });

  it('drops a watch whose channel is gone', async () => {
    const fake = await fakeApi();
    const clock = { now: T0 };
    const r = replica(fake, join(tmp(), 'paperbot.db'), clock);
    await r.bot.answer('watch 2511.10000', manager);
    await r.check();
    fake.hub.set('2511.10000', { models: ['org/m'] });
    r.adapter.failWith('gone');
    clock.now = new Date(T0.getTime() + POLL_MS);
    await r.check();
    expect(await r.store.listWatches()).toEqual([]);
    expect(r.logs.join('\n')).toMatch(/watches: dropped watch \d+ \(arXiv 2511\.10000\)/);
  });

  it('hears of code, a project page and upvotes from the paper API for a paper the daily lists no longer bring', async () => {
    const fake = await fakeApi();
    const clock = { now: T0 };
    const r = replica(fake, join(tmp(), 'paperbot.db'), clock);
    await r.bot.answer('watch 2511.10000', manager);
    fake.papers.set('2511.10000', paperAnswer({ id: '2511.10000', title: 'Sparse Probes for Everything', upvotes: 4 }));
    await r.check();
    expect(r.adapter.replies).toHaveLength(0);
    fake.papers.set('2511.10000', paperAnswer({ id: '2511.10000', title: 'Sparse Probes for Everything', upvotes: 11, githubRepo: 'https://github.com/org/probes', projectPage: 'https://probes.example' }));
    clock.now = new Date(T0.getTime() + POLL_MS);
    await r.check();
    expect(r.adapter.replies.map((x) => titleOf(x.reply))).toEqual(['Watched paper: code released, project page, past 10 upvotes']);
    expect(linesOf(r.adapter.replies[0]!.reply)?.slice(0, 2)).toEqual(['GitHub: https://github.com/org/probes', 'Project page: https://probes.example/']);
  });

  it('watches an arXiv id only the paper API knows (it joins the library), and tells when it enters the daily papers', async () => {
    const fake = await fakeApi();
    const clock = { now: T0 };
    const r = replica(fake, join(tmp(), 'paperbot.db'), clock);
    expect(await r.bot.answer('watch 2511.55555', manager)).toMatchObject({ kind: 'error', message: expect.stringContaining('Hugging Face has no paper page for arXiv 2511.55555') });
    fake.papers.set('2511.66666', paperAnswer({ id: '2511.66666', title: 'Only On The Hub', upvotes: 60, githubRepo: 'https://github.com/org/hub' }));
    expect(await r.bot.answer('watch https://huggingface.co/papers/2511.66666', manager)).toMatchObject({ kind: 'info', title: expect.stringContaining('Watching “Only On The Hub”') });
    expect(r.library.getByArxiv('2511.66666')).toBeDefined();
    expect((await r.store.listWatches())[0]).toMatchObject({ title: 'Only On The Hub', seen: { upvoteMark: 50, inDaily: false, githubRepo: 'https://github.com/org/hub' } });
    expect(await r.bot.answer('watch 2511.66666', manager)).toMatchObject({ title: expect.stringContaining('Already watching “Only On The Hub”') });
    await r.check();
    expect(r.adapter.replies).toEqual([]);
    // It reaches Daily Papers and gets a Space.
    fake.papers.set('2511.66666', paperAnswer({ id: '2511.66666', title: 'Only On The Hub', upvotes: 60, githubRepo: 'https://github.com/org/hub', day: '2026-11-27' }));
    fake.hub.set('2511.66666', { spaces: ['org/demo'] });
    clock.now = new Date(T0.getTime() + POLL_MS);
    await r.check();
    expect(r.adapter.replies.map((x) => x.reply)).toMatchObject([
      {
        kind: 'card',
        heading: 'Watched paper: a Space linked on the Hub, in the Hugging Face daily papers',
        cards: [{ title: 'Only On The Hub', arxivId: '2511.66666', linked: { models: 0, datasets: 0, spaces: 1 } }],
        lines: ['Spaces on the Hub (1): org/demo', 'Now in the Hugging Face daily papers.', 'Watching until Feb 25, 2027; /paper unwatch 2511.66666 stops it.'],
      },
    ]);
    expect(await r.bot.answer('watches', manager)).toMatchObject({ lines: [expect.stringContaining('1. “Only On The Hub” (arXiv 2511.66666)'), expect.anything()] });
    // The paper API out of reach: the watch says so, and nothing is made.
    fake.fail({ status: 500 }, { status: 500 }, { status: 500 });
    expect(await r.bot.answer('watch 2511.77777', manager)).toMatchObject({ kind: 'error', message: expect.stringContaining('I cannot reach Hugging Face to look up arXiv 2511.77777') });
    expect(await r.store.listWatches()).toHaveLength(1);
  });

  it('takes the paper API\'s word at the first look as no news: an old paper whose code came out long ago is not told', async () => {
    const fake = await fakeApi();
    const clock = { now: T0 };
    const r = replica(fake, join(tmp(), 'paperbot.db'), clock);
    await r.bot.answer('watch 2511.10001', manager);
    fake.papers.set('2511.10001', paperAnswer({ id: '2511.10001', title: 'Dense Retrieval at Scale', upvotes: 30, githubRepo: 'https://github.com/org/dense' }));
    await r.check();
    expect(r.adapter.replies).toEqual([]);
    fake.papers.set('2511.10001', paperAnswer({ id: '2511.10001', title: 'Dense Retrieval at Scale', upvotes: 51, githubRepo: 'https://github.com/org/dense' }));
    clock.now = new Date(T0.getTime() + POLL_MS);
    await r.check();
    expect(r.adapter.replies.map((x) => titleOf(x.reply))).toEqual(['Watched paper: past 50 upvotes']);
  });

  it('rotates through 100 watched papers a few at a time: requests per poll', async () => {
    const fake = await fakeApi();
    const clock = { now: T0 };
    const r = replica(fake, join(tmp(), 'paperbot.db'), clock);
    const papers = Array.from({ length: 100 }, (_, i) => ({ title: `Watched Paper Number ${i}` }));
    r.library.addListing(dayOf(papers, '2026-11-26'));
    for (let i = 0; i < 100; i++) {
      const { watch } = await r.store.addWatch({
        owner: i % 2 === 0 ? 'slack:C1' : 'slack:C2',
        kind: 'channel',
        paperId: r.library.getByArxiv(`2511.${10000 + i}`)!.id,
        arxivId: `2511.${10000 + i}`,
        title: `Watched Paper Number ${i}`,
        createdAt: T0.getTime(),
        endsAt: T0.getTime() + 90 * DAY,
        seen: { githubRepo: null, projectPage: null, models: null, datasets: null, spaces: null, inDaily: true, upvoteMark: 0 },
      });
      expect(watch.id).toBeGreaterThan(0);
    }
    // The same paper watched by a second channel is asked about once.
    await r.bot.answer('watch 2511.10000', { ...manager, channel: 'slack:C3' });
    const perPoll: number[] = [];
    const seen = new Set<string>();
    const polls = Math.ceil(100 / PAPERS_PER_POLL);
    const requests = () => fake.hubRequests.length + fake.paperRequests.length;
    for (let poll = 0; poll < polls; poll++) {
      clock.now = new Date(T0.getTime() + poll * POLL_MS);
      const before = requests();
      const hubBefore = fake.hubRequests.length;
      await r.check();
      perPoll.push(requests() - before);
      for (const q of fake.hubRequests.slice(hubBefore)) seen.add(q.filter);
    }
    expect(seen.size).toBe(100);
    expect(Math.max(...perPoll)).toBe(PAPERS_PER_POLL * 4);
    console.log(`watch check: 100 watched papers (101 watches): ${perPoll[0]} requests per poll, every paper looked at within ${polls} polls (${(polls * POLL_MS) / 3_600_000} h at HF_POLL_MINUTES=30)`);
  });

  it('looks after each sync of the live source, through its client, once the day joined the library; and not once it stops', async () => {
    const fake = await fakeApi();
    const clock = { now: T0 };
    const r = replica(fake, join(tmp(), 'paperbot.db'), clock);
    await r.bot.answer('watch 2511.10000', manager);
    fake.hub.set('2511.10000', { models: ['org/m'] });
    // Today's list brings the watched paper with 75 upvotes.
    fake.days.set('2026-11-27', [fullItem({ id: '2511.10000', title: 'Sparse Probes for Everything', summary: 'Sparse probes.', upvotes: 75, authors: ['A. One'], day: '2026-11-27' })]);
    const feed = createLiveFeed({
      config: { HF_API_URL: fake.url, HF_TOKEN: undefined, HF_BACKFILL_DAYS: 2, HF_POLL_MINUTES: 30 },
      store: r.store,
      sink: createIngestSink({ library: r.library, store: r.store, logger: createLogger({ level: 'error', write: () => undefined }) }),
      logger: createLogger({ level: 'error', write: () => undefined }),
      now: () => clock.now,
      watches: r.alerts,
      client: { backoffMs: 5, retries: 1, timeoutMs: 2_000 },
    });
    await feed.sync();
    // The first look is the Hub's baseline; the day's upvotes are news (past 50).
    expect(r.adapter.replies.map((x) => titleOf(x.reply))).toEqual(['Watched paper: past 50 upvotes']);
    expect(fake.hubRequests).toHaveLength(3);
    fake.hub.set('2511.10000', { models: ['org/m', 'org/m-gguf'] });
    clock.now = new Date(T0.getTime() + POLL_MS);
    await feed.sync();
    expect(r.adapter.replies.map((x) => titleOf(x.reply))).toEqual(['Watched paper: past 50 upvotes', 'Watched paper: a model linked on the Hub']);
    await feed.stop();
    const asked = fake.hubRequests.length;
    await feed.sync();
    expect(fake.hubRequests).toHaveLength(asked);
  });
});
